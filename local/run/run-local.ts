/**
 * One local run of the daily pipeline: the same ASL through aws-local-stepfunctions, the same
 * `sql/` views on DuckDB, the same handler code with local ports, writing the files of the
 * `npm run local` contract into the output folder. Three parts: prepare the inputs, execute,
 * publish.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { createLocalAthena } from '../aws/athena/local-athena.js';
import { DirectoryUserLookup } from '../aws/identity-center-directory.js';
import { AlertRecorder, type RecordedAlert } from '../aws/sns-recorder.js';
import type { ExecutionOutcome, HistoryEvent } from '../aws/step-functions/run.js';
import type { Directory } from '../directory-file.js';
import { executeLocally } from './execute.js';
import { ensureFolder, outputPaths } from './output-folder.js';
import { localSettings, prepareInputs } from './prepare-inputs.js';
import { publishResults } from './publish.js';

export { LOCAL_DATASETS, LocalInputError } from './prepare-inputs.js';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** What one local run needs. */
export interface LocalRunOptions {
  /** Folder laid out like the report bucket (any ancestor of `AWSLogs/`). */
  reportsDir: string;
  /** Identity Center stand-in; without it ids stay unresolved. */
  directory?: Directory;
  outDir: string;
  /** Default: the newest report day found in the folder. */
  reportDate?: string;
  config: PipelineConfig;
  /** Progress lines (the history as it happens). */
  onEvent?: (event: HistoryEvent, output?: unknown) => void;
  /** Told how long loading the reports took (before the state machine starts). */
  onLoaded?: (seconds: number) => void;
}

/** What `execution.json` holds, plus counters for the caller. */
export interface LocalRunResult {
  executionName: string;
  status: ExecutionOutcome['status'];
  input: { reportDate: string };
  output?: unknown;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  alerts: RecordedAlert[];
  /** Directory look-ups made (DescribeUser calls in AWS). */
  directoryLookups: number;
}

/** Runs the pipeline once over local files. Input problems throw `LocalInputError`. */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const reportsDir = resolve(options.reportsDir);
  const outDir = resolve(options.outDir);
  const executionName = `local-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const paths = outputPaths(outDir);
  const stagingDir = join(outDir, `.staging-${executionName}`);

  const athena = await createLocalAthena(options.config.glueDatabase);
  try {
    const { crawlers, reportDate } = await prepareInputs(athena, reportsDir, options.reportDate, options.onLoaded);
    await ensureFolder(outDir);
    await athena.registerUserMapping(paths.mapping);
    const users = options.directory ? new DirectoryUserLookup(options.directory) : undefined;
    const alerts = new AlertRecorder();
    const outcome = await executeLocally({
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
      stagingDir,
      onEvent: options.onEvent,
    });
    const input = { reportDate };
    await publishResults(athena, { executionName, input, outcome, alerts }, paths, stagingDir);
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
    };
  } finally {
    athena.close();
    await rm(stagingDir, { recursive: true, force: true });
    await rm(join(paths.work, executionName), { recursive: true, force: true });
  }
}
