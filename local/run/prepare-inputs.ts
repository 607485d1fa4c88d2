/**
 * The first part of a local run: check the inputs, load the reports into DuckDB (what the Crawl
 * stands for) and choose the report date, before anything is written to `--out`.
 */
import { stat } from 'node:fs/promises';
import { buildPipelineSettings } from '../../handlers/shared/build-settings.js';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { isIsoDate } from '../../handlers/shared/dates.js';
import { BY_USER_ANALYTIC_DATE_FORMAT, BY_USER_ANALYTIC_TABLE, REPORT_TABLES, USER_REPORT_TABLE } from '../../handlers/shared/report-format.js';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import type { LocalAthena } from '../aws/athena/local-athena.js';
import { findReportFiles, ReportFolderError, type ReportFile } from '../aws/athena/report-files.js';
import { LocalCrawlers } from '../aws/glue-crawlers.js';
import type { StepProgress } from './progress.js';

/** The name progress gives loading the reports (before the state machine starts). */
export const LOAD_PHASE = 'Load reports';

/** The datasets the local SPICE step refreshes: every dataset of the dashboard spec, by key. */
export const LOCAL_DATASETS = DASHBOARD.datasets.map((dataset) => dataset.key);

/** A problem with the run's inputs, found before anything is written (exit code 2). */
export class LocalInputError extends Error {
  override name = 'LocalInputError';
}

/** The loaded reports and the day the run reports on. */
export interface PreparedInputs {
  crawlers: LocalCrawlers;
  reportDate: string;
}

/**
 * Loads the reports up front and picks the report date: the one given, else the newest day in
 * the rows (the newest day folder when the rows cannot be read), as `local/aws/differences.ts`
 * (`reports-loaded-first`) describes. Input problems throw {@link LocalInputError}.
 */
export async function prepareInputs(
  athena: LocalAthena,
  reportsDir: string,
  reportDate: string | undefined,
  onLoaded?: (seconds: number) => void,
  onNotice?: (message: string) => void,
  onProgress?: (progress: StepProgress) => void,
): Promise<PreparedInputs> {
  const files = await checkReportsFolder(reportsDir, onNotice);
  const crawlers = new LocalCrawlers(athena, reportsDir, (done, total) =>
    onProgress?.({ step: LOAD_PHASE, done, total, unit: 'report files', estimate: done < total }),
  );
  const loadStarted = performance.now();
  const loadFailure = await crawlers.load();
  onLoaded?.((performance.now() - loadStarted) / 1000);
  const chosen = reportDate ?? (loadFailure === undefined ? await newestDataDate(athena, reportsDir) : newestFolderDate(reportsDir, files));
  return { crawlers, reportDate: chosen };
}

/**
 * Checks, before anything is loaded or written, that `--reports` is a folder whose every folder
 * can be read; what is skipped in it (a symlink loop, a broken link) goes to `onNotice`. Returns
 * the report files, or `undefined` when their layout is wrong (the Crawl step reports that).
 */
export async function checkReportsFolder(reportsDir: string, onNotice?: (message: string) => void): Promise<ReportFile[] | undefined> {
  const stats = await stat(reportsDir).catch(() => undefined);
  if (stats === undefined) throw new LocalInputError(`--reports ${reportsDir}: no such folder`);
  if (!stats.isDirectory()) throw new LocalInputError(`--reports ${reportsDir}: is a file, not a folder`);
  try {
    const files = await findReportFiles(reportsDir, { onNotice });
    return [...files.user_report, ...files.by_user_analytic];
  } catch (error) {
    if (error instanceof ReportFolderError) throw new LocalInputError(`--reports ${reportsDir}: ${error.message}`);
    return undefined;
  }
}

/** The handlers' settings for a local run writing into `outDir`. */
export function localSettings(config: PipelineConfig, outDir: string): PipelineSettings {
  return {
    ...buildPipelineSettings(config, {
      athenaWorkGroup: 'local',
      analyticsBucket: outDir,
      // Locally each crawler is named after the table it catalogs.
      crawlerNames: [...REPORT_TABLES],
    }),
    // Locally the datasets are the dashboard spec's, by key (AWS dataset ids mean nothing here).
    quicksightDatasetIds: LOCAL_DATASETS,
  };
}

const NO_REPORTS = 'no report rows found (expected …/AWSLogs/<account>/KiroLogs/user_report/<region>/<yyyy>/<mm>/<dd>/00/*.csv)';

/**
 * The newest report day in the rows of either report (dates parsed as the views parse them) that
 * is not after today (UTC): a row dated in the future is a data fault CheckData reports, not a
 * day the run can report on (Prepare refuses a future reportDate).
 */
async function newestDataDate(athena: LocalAthena, reportsDir: string): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const [row] = await athena.run(`
    SELECT CAST(max(day) FILTER (WHERE day <= DATE '${today}') AS varchar) AS newest, count(day) FILTER (WHERE day > DATE '${today}') AS future FROM (
      SELECT try_cast(trim(CAST("date" AS varchar)) AS date) AS day FROM ${USER_REPORT_TABLE}
      UNION ALL
      SELECT CAST(try_strptime(trim(CAST("date" AS varchar)), '${BY_USER_ANALYTIC_DATE_FORMAT}') AS date) FROM ${BY_USER_ANALYTIC_TABLE})`);
  if (!row?.newest) {
    const future = Number(row?.future ?? 0) > 0 ? ` (only rows dated after today, ${today})` : '';
    throw new LocalInputError(`--reports ${reportsDir}: ${NO_REPORTS}${future}`);
  }
  return row.newest;
}

/** The newest `<yyyy>/<mm>/<dd>` folder among the report CSVs, when the rows cannot be read. */
function newestFolderDate(reportsDir: string, files: readonly ReportFile[] = []): string {
  const days = files
    .map(({ partitions }) => partitions.slice(1, 4).join('-'))
    .filter(isIsoDate)
    .sort();
  const newest = days.at(-1);
  if (!newest) throw new LocalInputError(`--reports ${reportsDir}: ${NO_REPORTS}`);
  return newest;
}
