/**
 * The end of a local run: on success every view as CSV, the staged datasets and the dashboard
 * replace the last good ones; on any outcome `alerts.jsonl` and `execution.json` are written.
 */
import { join } from 'node:path';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import type { LocalAthena } from '../aws/athena/local-athena.js';
import type { AlertRecorder } from '../aws/sns-recorder.js';
import type { ExecutionOutcome } from '../aws/step-functions/run.js';
import { renderDashboardFile } from '../dashboard/dashboard-file.js';
import { ensureFolder, replaceFolder, writeJson, writeText, type OutputPaths } from './output-folder.js';

/** What a finished execution leaves to publish. */
export interface FinishedExecution {
  executionName: string;
  input: { reportDate: string };
  outcome: ExecutionOutcome;
  alerts: AlertRecorder;
}

/** Publishes the run's results into `paths`; `stagingDir` holds what the SPICE stand-in wrote. */
export async function publishResults(athena: LocalAthena, run: FinishedExecution, paths: OutputPaths, stagingDir: string): Promise<void> {
  const { outcome } = run;
  if (outcome.status === 'SUCCEEDED') {
    await ensureFolder(join(stagingDir, 'views'));
    for (const view of await athena.listViews()) {
      await athena.exportCsv(view, join(stagingDir, 'views', `${view}.csv`));
    }
    // Drawn before anything is published, so a page that cannot be drawn changes nothing.
    const dashboard = await renderDashboardFile(DASHBOARD, join(stagingDir, 'datasets'), { reportDate: run.input.reportDate, generatedAt: new Date() });
    await replaceFolder(join(stagingDir, 'views'), paths.views);
    await ensureFolder(join(stagingDir, 'datasets'));
    await replaceFolder(join(stagingDir, 'datasets'), paths.datasets);
    await writeText(paths.dashboard, dashboard);
  }
  await writeText(paths.alerts, run.alerts.toJsonLines());
  await writeJson(paths.execution, {
    executionName: run.executionName,
    status: outcome.status,
    input: run.input,
    output: outcome.output ?? null,
    error: outcome.error ?? null,
    cause: outcome.cause ?? null,
    events: outcome.events,
  });
}
