/** `dashboard.html` of the local run: the spec's sheets drawn from the dataset files it just wrote. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DashboardSpec } from '../../sql/dashboard-spec.js';
import { chartJsSource } from './chart-library.js';
import { DashboardAccumulator } from './dashboard-data.js';
import { readDatasetRows } from './dataset-file.js';
import { renderDashboardHtml } from './page-html.js';

/**
 * The page's HTML from `<datasetsDir>/<key>.csv` of every dataset in the spec. A missing file is
 * a dataset without rows: a run with no data for the day refreshes no dataset.
 */
export async function renderDashboardFile(
  spec: DashboardSpec,
  datasetsDir: string,
  run: { reportDate: string; generatedAt: Date },
): Promise<string> {
  const accumulator = new DashboardAccumulator(spec);
  for (const dataset of spec.datasets) {
    const path = join(datasetsDir, `${dataset.key}.csv`);
    if (!(await isFile(path))) continue;
    for await (const rows of readDatasetRows(path)) {
      for (const row of rows) accumulator.add(dataset.key, row);
    }
  }
  const data = accumulator.result();
  return renderDashboardHtml({
    spec,
    data: data.visuals,
    facts: data.facts,
    people: data.people,
    dates: { reportDate: run.reportDate, dataRange: data.dataRange, generatedAt: `${run.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` },
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
