/**
 * Reads the column names of a CSV report the way the Glue crawler names them.
 */

import { parseCsvRecords } from '../csv-records.js';

const BOM = '\uFEFF';

/**
 * Returns the header names of a CSV text: first line, UTF-8 BOM dropped, cells split on commas
 * (double-quoted cells may contain commas and `""`), trimmed and lowercased.
 * Throws an error naming `file` when the header is missing, has an empty name or a duplicate.
 */
export function parseCsvHeader(text: string, file: string): string[] {
  const withoutBom = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const firstLine = withoutBom.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') {
    throw new Error(`Malformed CSV ${file}: the file has no header line`);
  }
  const { records, unterminatedQuote } = parseCsvRecords(firstLine);
  if (unterminatedQuote) {
    throw new Error(`Malformed CSV ${file}: unterminated quote in the header line`);
  }
  const names = (records[0] ?? []).map((cell) => cell.trim().toLowerCase());
  names.forEach((name, index) => {
    if (name === '') {
      throw new Error(`Malformed CSV ${file}: header column ${index + 1} has no name`);
    }
    if (names.indexOf(name) !== index) {
      throw new Error(`Malformed CSV ${file}: header column "${name}" appears twice`);
    }
  });
  return names;
}
