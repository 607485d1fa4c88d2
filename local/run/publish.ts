/**
 * The end of a local run. A run that SUCCEEDED with data builds a new generation (every view as
 * CSV, the datasets the SPICE stand-in wrote, the dashboard drawn from them) and makes it current
 * in one step; a FAILED or NO_DATA run publishes nothing, so `views/`, `datasets/` and
 * `dashboard.html` stay those of the last good run (in AWS a NO_DATA run skips the SPICE refresh
 * and the dashboard keeps its data). Every run then writes `alerts.jsonl` and `execution.json`.
 */
import { join } from 'node:path';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import type { LocalAthena } from '../aws/athena/local-athena.js';
import type { RecordedAlert } from '../aws/sns-recorder.js';
import type { ExecutionOutcome, HistoryEvent } from '../aws/step-functions/run.js';
import { writeDashboardFile } from '../dashboard/dashboard-file.js';
import type { StepProgress } from './progress.js';
import { ensureFolder, writeJson, writeText, type OutputFolder, type OutputPaths } from './output-folder.js';

/** The name progress gives writing `views/` (after the state machine). */
export const WRITE_VIEWS_PHASE = 'Write views';

/** What a finished execution leaves to publish. */
export interface FinishedExecution {
  executionName: string;
  input: { reportDate: string };
  outcome: ExecutionOutcome;
}

/** What `execution.json` and `alerts.jsonl` record of one run. */
export interface RunRecord {
  executionName: string;
  status: ExecutionOutcome['status'];
  input: { reportDate: string };
  output?: unknown;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  alerts: readonly RecordedAlert[];
}

/** Whether a finished execution's results replace the last good ones: SUCCEEDED with data for the day. */
export function publishesResults(outcome: ExecutionOutcome): boolean {
  return outcome.status === 'SUCCEEDED' && (outcome.output as { status?: unknown } | undefined)?.status !== 'NO_DATA';
}

/**
 * Publishes the run's generation when {@link publishesResults}, else discards it. The SPICE
 * stand-in has written `datasets/` into the generation folder. Closes `athena` once `views/` is
 * written (closing it again is harmless). Returns whether it published.
 */
export async function publishGeneration(
  athena: LocalAthena,
  run: FinishedExecution,
  folder: OutputFolder,
  onProgress?: (progress: StepProgress) => void,
): Promise<boolean> {
  const generation = folder.generationDir(run.executionName);
  if (!publishesResults(run.outcome)) {
    await folder.discardGeneration(run.executionName);
    return false;
  }
  await ensureFolder(join(generation, 'views'));
  // Difference views-computed-once: each view's rows computed once (already, when RefreshSpice ran).
  await athena.snapshotViews();
  const views = await athena.listViews();
  for (const [index, view] of views.entries()) {
    await athena.exportCsv(view, join(generation, 'views', `${view}.csv`));
    onProgress?.({ step: WRITE_VIEWS_PHASE, done: index + 1, total: views.length, unit: 'views' });
  }
  await ensureFolder(join(generation, 'datasets'));
  // The page is drawn from the dataset files alone: the engine's memory goes before the page's is taken.
  athena.close();
  await writeDashboardFile(DASHBOARD, join(generation, 'datasets'), { reportDate: run.input.reportDate, generatedAt: new Date() }, join(generation, 'dashboard.html'));
  await folder.publishGeneration(run.executionName);
  return true;
}

/** Writes `alerts.jsonl` and then `execution.json` (each whole) for any outcome. */
export async function writeRunRecord(paths: OutputPaths, record: RunRecord): Promise<void> {
  await writeText(paths.alerts, record.alerts.map((alert) => `${JSON.stringify(alert)}\n`).join(''));
  await writeJson(paths.execution, {
    executionName: record.executionName,
    status: record.status,
    input: record.input,
    output: record.output ?? null,
    error: record.error ?? null,
    cause: record.cause ?? null,
    events: record.events,
  });
}

/**
 * The failure alert of a step the local run adds around the state machine (loading, publishing),
 * worded as the state machine's NotifyFailure words its own.
 */
export function localFailureAlert(executionName: string, step: string, error: string, cause: string): RecordedAlert {
  return {
    subject: `Kiro activity pipeline failed at ${step}`,
    message: `The Kiro activity pipeline run ${executionName} failed at step ${step}.\n\nError: ${error}\nCause: ${cause}\n\n(local run: see execution.json)`,
    attributes: { alert_kind: 'failure' },
  };
}
