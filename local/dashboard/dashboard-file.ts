/** `dashboard.html` of the local run: the spec's sheets drawn from the dataset files it just wrote. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DashboardSpec } from '../../sql/dashboard-spec.js';
import { addDays } from '../../handlers/shared/dates.js';
import { chartJsSource } from './chart-library.js';
import { DashboardAccumulator } from './dashboard-data.js';
import { readDatasetRows } from './dataset-file.js';
import { renderDashboardParts } from './page-html.js';
import { joinedChunks } from './escape.js';
import { writeFileAtomically } from '../aws/s3-folder-store.js';

/**
 * The days of daily data the page draws, up to the report date: it holds each person's days, so
 * at 10,000 people a year of days made a page of some 200 MB and took some 3 GB of memory to build.
 * Older days stay in `views/` and `datasets/`, and the monthly and as-of visuals count them.
 */
export const DASHBOARD_DAYS = 92;

/** The run a page is drawn for. */
export interface DashboardRun {
  reportDate: string;
  generatedAt: Date;
}

/** Writes the page of {@link dashboardParts} to `path`, whole or not at all, without holding it whole. */
export async function writeDashboardFile(spec: DashboardSpec, datasetsDir: string, run: DashboardRun, path: string): Promise<void> {
  await writeFileAtomically(path, joinedChunks(await dashboardParts(spec, datasetsDir, run)));
}

/**
 * The page's HTML, in pieces, from `<datasetsDir>/<key>.csv` of every dataset in the spec, with
 * the daily datasets' last {@link DASHBOARD_DAYS} days to the report date. A missing file is a
 * dataset without rows: a run with no data for the day refreshes no dataset.
 */
export async function dashboardParts(spec: DashboardSpec, datasetsDir: string, run: DashboardRun): Promise<Iterable<string>> {
  const firstDay = addDays(run.reportDate, 1 - DASHBOARD_DAYS);
  const accumulator = new DashboardAccumulator(spec, firstDay);
  for (const dataset of spec.datasets) {
    const path = join(datasetsDir, `${dataset.key}.csv`);
    if (!(await isFile(path))) continue;
    for await (const rows of readDatasetRows(path)) {
      for (const row of rows) accumulator.add(dataset.key, row);
    }
  }
  const data = accumulator.result();
  return renderDashboardParts({
    spec,
    data: data.visuals,
    facts: data.facts,
    people: data.people,
    dates: {
      reportDate: run.reportDate,
      dataRange: data.dataRange,
      ...(data.olderDaysLeftOut ? { daysFrom: firstDay } : {}),
      generatedAt: `${run.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    },
    chartJs: await chartJsSource(),
  });
}

async function isFile(path: string): Promise<boolean> {
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return stats?.isFile() ?? false;
}
