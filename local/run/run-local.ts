/**
 * One local run of the daily pipeline: the same ASL through aws-local-stepfunctions, the same
 * `sql/` views on DuckDB, the same handler code with local ports, writing the files of the
 * `npm run local` contract into the output folder.
 */
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { buildPipelineSettings } from '../../handlers/shared/build-settings.js';
import { createLocalAthena, type LocalAthena } from '../aws/athena/local-athena.js';
import { findReportFiles } from '../aws/athena/report-files.js';
import { renderDashboardFile } from '../dashboard/dashboard-file.js';
import type { Directory } from '../directory-file.js';
import { DEFINITION_FILE, definitionSubstitutions } from '../../statemachines/steps.js';
import { bindTaskStates } from '../aws/step-functions/bind-tasks.js';
import { loadDefinition } from '../aws/step-functions/definition.js';
import { runLocally, type ExecutionOutcome, type HistoryEvent } from '../aws/step-functions/run.js';
import { validateDefinition } from '../aws/step-functions/validate.js';
import { AlertRecorder, type RecordedAlert } from '../aws/sns-recorder.js';
import { DirectoryUserLookup } from '../aws/identity-center-directory.js';
import { FolderObjectStore } from '../aws/s3-folder-store.js';
import { LocalCrawlers } from '../aws/glue-crawlers.js';
import { LocalSpice } from '../aws/quicksight-spice.js';
import { ensureFolder, outputPaths, replaceFolder, writeJson, writeText } from './output-folder.js';
import { localTaskBindings } from './task-bindings.js';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** The made-up account and region of the local run's ARNs. */
const LOCAL_ACCOUNT = '111122223333';
const LOCAL_REGION = 'us-east-1';

/** The datasets the local SPICE step refreshes: every dataset of the dashboard spec, by key. */
export const LOCAL_DATASETS = DASHBOARD.datasets.map((dataset) => dataset.key);

/** A problem with the run's inputs, found before anything is written (exit code 2). */
export class LocalInputError extends Error {
  override name = 'LocalInputError';
}

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

/** Runs the pipeline once over local files. Input problems throw {@link LocalInputError}. */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const reportsDir = resolve(options.reportsDir);
  const outDir = resolve(options.outDir);
  await requireFolder(reportsDir);
  const executionName = `local-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const paths = outputPaths(outDir);
  const staging = join(outDir, `.staging-${executionName}`);

  const athena = await createLocalAthena(options.config.glueDatabase);
  try {
    // Load the reports up front (the crawl then finds them loaded) to default the date from the data.
    const crawlers = new LocalCrawlers(athena, reportsDir);
    const loadStarted = performance.now();
    const loadFailure = await crawlers.load();
    options.onLoaded?.((performance.now() - loadStarted) / 1000);
    const reportDate =
      options.reportDate ?? (loadFailure === undefined ? await newestDataDate(athena, reportsDir) : await newestFolderDate(reportsDir));
    await ensureFolder(outDir);
    await athena.registerUserMapping(paths.mapping);
    const settings = localSettings(options.config, outDir);
    const users = options.directory ? new DirectoryUserLookup(options.directory) : undefined;
    const alerts = new AlertRecorder();
    const bindings = await localTaskBindings({
      settings,
      sqlDir: join(PROJECT_DIR, 'sql'),
      athena,
      store: new FolderObjectStore(outDir),
      users,
      crawlers,
      spice: new LocalSpice(athena, DASHBOARD, join(staging, 'datasets')),
      alerts,
      mappingDir: paths.mapping,
    });
    const definition = await loadDefinition(join(PROJECT_DIR, DEFINITION_FILE), substitutions(settings));
    validateDefinition(definition);
    const handlers = bindTaskStates(definition, bindings);

    const input = { reportDate };
    const outcome = await runLocally(definition, { input, handlers, executionName, onEvent: options.onEvent });

    if (outcome.status === 'SUCCEEDED') {
      await ensureFolder(join(staging, 'views'));
      for (const view of await athena.listViews()) {
        await athena.exportCsv(view, join(staging, 'views', `${view}.csv`));
      }
      // Drawn before anything is published, so a page that cannot be drawn changes nothing.
      const dashboard = await renderDashboardFile(DASHBOARD, join(staging, 'datasets'), { reportDate, generatedAt: new Date() });
      await replaceFolder(join(staging, 'views'), paths.views);
      await ensureFolder(join(staging, 'datasets'));
      await replaceFolder(join(staging, 'datasets'), paths.datasets);
      await writeText(paths.dashboard, dashboard);
    }
    const result: LocalRunResult = {
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
    await writeText(paths.alerts, alerts.toJsonLines());
    await writeJson(paths.execution, {
      executionName,
      status: result.status,
      input,
      output: result.output ?? null,
      error: result.error ?? null,
      cause: result.cause ?? null,
      events: result.events,
    });
    return result;
  } finally {
    athena.close();
    await rm(staging, { recursive: true, force: true });
    await rm(join(paths.work, executionName), { recursive: true, force: true });
  }
}

async function requireFolder(reportsDir: string): Promise<void> {
  const stats = await stat(reportsDir).catch(() => undefined);
  if (!stats?.isDirectory()) throw new LocalInputError(`--reports ${reportsDir}: no such folder`);
}

/** The newest report day in the rows of either report (dates parsed as the views parse them). */
async function newestDataDate(athena: LocalAthena, reportsDir: string): Promise<string> {
  const [row] = await athena.run(`
    SELECT CAST(max(day) AS varchar) AS newest FROM (
      SELECT try_cast(trim(CAST("date" AS varchar)) AS date) AS day FROM user_report
      UNION ALL
      SELECT CAST(try_strptime(trim(CAST("date" AS varchar)), '%m-%d-%Y') AS date) FROM by_user_analytic)`);
  if (!row?.newest) throw new LocalInputError(`--reports ${reportsDir}: ${NO_REPORTS}`);
  return row.newest;
}

const NO_REPORTS = 'no report rows found (expected …/AWSLogs/<account>/KiroLogs/user_report/<region>/<yyyy>/<mm>/<dd>/00/*.csv)';

/** The newest `<yyyy>/<mm>/<dd>` folder among the report CSVs, when the rows cannot be read. */
async function newestFolderDate(reportsDir: string): Promise<string> {
  const files = await findReportFiles(reportsDir);
  const days = [...files.user_report, ...files.by_user_analytic]
    .map(({ partitions }) => partitions.slice(1, 4).join('-'))
    .filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day))
    .sort();
  const newest = days.at(-1);
  if (!newest) throw new LocalInputError(`--reports ${reportsDir}: ${NO_REPORTS}`);
  return newest;
}

function localSettings(config: PipelineConfig, outDir: string): PipelineSettings {
  return {
    ...buildPipelineSettings(config, {
      athenaWorkGroup: 'local',
      analyticsBucket: outDir,
      crawlerNames: ['user_report', 'by_user_analytic'],
    }),
    // Locally the datasets are the dashboard spec's, by key (AWS dataset ids mean nothing here).
    quicksightDatasetIds: LOCAL_DATASETS,
  };
}

function substitutions(settings: PipelineSettings): Record<string, string> {
  return definitionSubstitutions({
    functionArn: (handler) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:kiro-local-${handler}`,
    alertTopicArn: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:kiro-local-alerts`,
    athenaWorkGroup: settings.athenaWorkGroup,
    glueDatabase: settings.glueDatabase,
    accountId: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
  });
}
