/**
 * One local run of the daily pipeline: the same ASL through aws-local-stepfunctions, the same
 * `sql/` views on DuckDB, the same handler code with local ports, writing the files of the
 * `npm run local` contract into the output folder. Three parts: prepare the inputs, execute,
 * publish.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { createLocalAthena, type LocalAthena } from '../aws/athena/local-athena.js';
import { DirectoryUserLookup } from '../aws/identity-center-directory.js';
import { AlertRecorder, type RecordedAlert } from '../aws/sns-recorder.js';
import type { ExecutionOutcome, HistoryEvent } from '../aws/step-functions/run.js';
import type { Directory } from '../directory-file.js';
import { describeErrno } from '../own-folder.js';
import type { EngineSettings } from './engine-settings.js';
import { executeLocally } from './execute.js';
import { checkOutputFolder, openOutputFolder, type OutputFolder } from './output-folder.js';
import { localSettings, prepareInputs } from './prepare-inputs.js';
import type { StepProgress } from './progress.js';
import { createSpillFolder, removeStaleSpillFolders, type SpillFolder, type StaleSpillRemoval } from './spill-folder.js';
import { localFailureAlert, publishGeneration, writeRunRecord, type RunRecord } from './publish.js';

export { LOCAL_DATASETS, LocalInputError } from './prepare-inputs.js';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** What one local run needs. */
export interface LocalRunOptions {
  /** Folder laid out like the report bucket (any ancestor of `AWSLogs/`). */
  reportsDir: string;
  /** Identity Center stand-in; without it ids stay unresolved. */
  directory?: Directory;
  outDir: string;
  /** `outDir` already taken by the caller ({@link openOutputFolder}); the caller releases it. */
  outputFolder?: OutputFolder;
  /** Default: the newest report day found in the folder. */
  reportDate?: string;
  config: PipelineConfig;
  /** Progress lines (the history as it happens). */
  onEvent?: (event: HistoryEvent, output?: unknown) => void;
  /** Told how long loading the reports took (before the state machine starts). */
  onLoaded?: (seconds: number) => void;
  /** Told what the run skipped or cleaned up on the way (symlink loops, a stale lock, leftovers). */
  onNotice?: (message: string) => void;
  /** Told, while a long step runs, how far it has come (files loaded, views written, …). */
  onProgress?: (progress: StepProgress) => void;
  /**
   * DuckDB's memory limit and threads (see `engineSettings`); default: DuckDB's own (80% of the
   * memory, every core). The threads also run NormaliseReportBatch in parallel worker threads
   * (`normalise-workers.ts`); unset, it runs in process.
   */
  engine?: Pick<EngineSettings, 'memoryBytes' | 'threads'>;
}

/** What `execution.json` holds, plus counters for the caller. */
export interface LocalRunResult extends Omit<RunRecord, 'onNotice' | 'alerts'> {
  alerts: RecordedAlert[];
  /** Directory look-ups made (DescribeUser calls in AWS). */
  directoryLookups: number;
  /** Whether this run's views, datasets and dashboard became the current ones (SUCCEEDED with data). */
  published: boolean;
  /** Set when `execution.json` or `alerts.jsonl` could not be written (a full disk): why. */
  recordError?: string;
}

/** A new execution name: `local-<UTC timestamp>-<random>`. */
export function newExecutionName(): string {
  return `local-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Runs the pipeline once over local files. Problems with the inputs or with `--out` (refused,
 * locked, not writable) are found before anything is written and throw `LocalInputError` or
 * `FolderRefusedError`. Once the run has started, every failure, the state machine's or the local
 * run's own (publishing on a full disk), ends as a FAILED result with its error, cause and failure
 * alert recorded in `execution.json` and `alerts.jsonl`.
 */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const reportsDir = resolve(options.reportsDir);
  const outDir = resolve(options.outDir);
  const executionName = newExecutionName();
  if (!options.outputFolder) await checkOutputFolder(outDir);

  // What does not fit in the memory limit spills here, outside --out (removed after the run,
  // and, when a killed run could not, by the next one).
  let spill: SpillFolder | undefined;
  if (options.engine) {
    const stale = await removeStaleSpillFolders();
    if (stale.folders > 0) options.onNotice?.(staleSpillNotice(stale));
    spill = await createSpillFolder();
  }
  let athena: LocalAthena | undefined;
  let folder: OutputFolder | undefined = options.outputFolder;
  try {
    athena = await createLocalAthena(options.config.glueDatabase, options.engine && spill ? { ...options.engine, tempDirectory: spill.path } : undefined);
    const { crawlers, reportDate } = await prepareInputs(athena, reportsDir, options.reportDate, options.onLoaded, options.onNotice, options.onProgress);
    folder ??= await openOutputFolder(outDir, options.onNotice);
    const { paths } = folder;
    await athena.registerUserMapping(paths.mapping);
    const users = options.directory ? new DirectoryUserLookup(options.directory) : undefined;
    const alerts = new AlertRecorder();
    const input = { reportDate };
    const events: HistoryEvent[] = [];
    let outcome: ExecutionOutcome;
    try {
      outcome = await executeLocally({
        projectDir: PROJECT_DIR,
        executionName,
        reportDate,
        settings: localSettings(options.config, outDir),
        athena,
        crawlers,
        users,
        alerts,
        outDir,
        mappingDir: paths.mapping,
        stagingDir: folder.generationDir(executionName),
        onEvent: (event, output) => {
          events.push(event);
          options.onEvent?.(event, output);
        },
        onProgress: options.onProgress,
        ...(options.engine === undefined ? {} : { threads: options.engine.threads }),
      });
    } catch (error) {
      // Not a state failure: the interpreter or a stand-in broke. Recorded like one.
      outcome = localFailure('LocalExecutionFailed', error, events);
      alerts.alerts.push(localFailureAlert(executionName, 'Execute', outcome.error as string, outcome.cause as string));
    }
    let published = false;
    try {
      published = await publishGeneration(athena, { executionName, input, outcome }, folder, options.onProgress);
    } catch (error) {
      await folder.discardGeneration(executionName).catch(() => undefined);
      outcome = localFailure('LocalPublishFailed', error, outcome.events, outcome.output);
      alerts.alerts.push(localFailureAlert(executionName, 'Publish', outcome.error as string, outcome.cause as string));
    }
    const record: RunRecord = { executionName, input, ...outcome, alerts: alerts.alerts };
    let recordError: string | undefined;
    try {
      await writeRunRecord(paths, record);
    } catch (error) {
      recordError = describeErrno(error);
    }
    return {
      executionName,
      status: outcome.status,
      input,
      output: outcome.output,
      error: outcome.error,
      cause: outcome.cause,
      events: outcome.events,
      alerts: alerts.alerts,
      directoryLookups: users?.lookups ?? 0,
      published,
      ...(recordError === undefined ? {} : { recordError }),
    };
  } finally {
    athena?.close();
    await spill?.remove().catch(() => undefined);
    if (folder) await rm(join(folder.paths.work, executionName), { recursive: true, force: true }).catch(() => undefined);
    if (folder && !options.outputFolder) await folder.release();
  }
}

function staleSpillNotice({ folders, bytes }: StaleSpillRemoval): string {
  const size = bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`;
  const one = folders === 1;
  return `removed ${folders} DuckDB spill folder${one ? '' : 's'} (${size}) left in ${tmpdir()} by ${one ? 'a run that is' : 'runs that are'} no longer running`;
}

function localFailure(error: string, thrown: unknown, events: HistoryEvent[], output?: unknown): ExecutionOutcome {
  const cause = thrown instanceof Error ? thrown.message : String(thrown);
  return { status: 'FAILED', error, cause, events, ...(output === undefined ? {} : { output }) };
}
