/**
 * Reads a dataset CSV of the local SPICE step (DuckDB's CSV: a header row, RFC 4180 quoting) a
 * chunk of rows at a time, so the dashboard of a large company never holds a whole dataset in memory.
 */
import { createReadStream } from 'node:fs';
import { parseCsvRecords } from '../csv-records.js';
import type { DatasetRow } from './visual-data.js';

/**
 * The rows of a dataset file by header name, in batches (one per chunk read). Throws naming the
 * file on a ragged row or an unterminated quote.
 */
export async function* readDatasetRows(path: string): AsyncGenerator<DatasetRow[]> {
  let header: string[] | undefined;
  let rest = '';
  let record = '';
  let lineNumber = 0;
  const toRows = (lines: string[]): DatasetRow[] => {
    const rows: DatasetRow[] = [];
    for (const line of lines) {
      lineNumber += 1;
      record = record === '' ? line : `${record}\n${line}`;
      // A quoted cell may hold line breaks: read on until the quotes balance.
      if (record.includes('"') && countQuotes(record) % 2 === 1) continue;
      const cells = record.includes('"') ? (parseCsvRecords(record).records[0] ?? []) : record.split(',');
      const blank = record === '';
      record = '';
      if (header === undefined) {
        header = cells.map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name));
      } else if (!blank) {
        rows.push(toRow(header, cells, path, lineNumber));
      }
    }
    return rows;
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = `${rest}${chunk as string}`.split(/\r?\n/);
    rest = lines.pop() ?? '';
    yield toRows(lines);
  }
  yield toRows([rest]);
  if (record !== '') throw new Error(`${path}: unterminated quote`);
}

function toRow(header: readonly string[], cells: readonly string[], path: string, lineNumber: number): DatasetRow {
  if (cells.length !== header.length) {
    throw new Error(`${path}: line ${lineNumber} has ${cells.length} cells, the header ${header.length}`);
  }
  const row: Record<string, string> = {};
  header.forEach((name, index) => {
    row[name] = cells[index] ?? '';
  });
  return row;
}

function countQuotes(text: string): number {
  let count = 0;
  for (let index = text.indexOf('"'); index !== -1; index = text.indexOf('"', index + 1)) count += 1;
  return count;
}
