/** Reads the view CSVs the local run writes: a header row, then one row per line (RFC 4180 quoting). */
import { parseCsvRecords } from '../csv-records.js';

/** One CSV row by header name; an empty cell (SQL NULL) is ''. */
export type CsvRow = Record<string, string>;

/** A view file that cannot be read as CSV (damaged, or not the local run's): the message names it and where. */
export class ViewFileError extends Error {
  override name = 'ViewFileError';
}

/** Parses CSV text into rows keyed by the header. Throws a {@link ViewFileError} naming `source` on an unterminated quote or a ragged row. */
export function parseCsv(text: string, source: string): CsvRow[] {
  const { records, unterminatedQuote } = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  if (unterminatedQuote) {
    throw new ViewFileError(`${source}: unterminated quote`);
  }
  const [header, ...rows] = records;
  if (!header) {
    return [];
  }
  return rows.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new ViewFileError(`${source}: row ${index + 2} has ${cells.length} cells, the header ${header.length}`);
    }
    return Object.fromEntries(header.map((name, column) => [name, cells[column] ?? '']));
  });
}
