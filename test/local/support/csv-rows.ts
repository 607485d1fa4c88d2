/** Reading the CSV files a local run writes (views/, datasets/, statements) in tests. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsvRecords } from '../../../local/csv-records.js';

/** The rows of a CSV file as objects keyed by its header; a blank record (a lone empty cell) is no row. */
export async function readCsvRows(path: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsvRecords(await readFile(path, 'utf8')).records;
  return rows
    .filter((row) => !(row.length === 1 && row[0] === ''))
    .map((row) => Object.fromEntries((header ?? []).map((name, index) => [name, row[index] ?? ''])));
}

/** The rows of `views/<view>.csv` under a run's `--out`. */
export function viewRowsIn(outDir: string, view: string): Promise<Record<string, string>[]> {
  return readCsvRows(join(outDir, 'views', `${view}.csv`));
}
