/**
 * Reads the column names of a CSV report the way the Glue crawler names them.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { glueColumnName } from '../../../handlers/shared/report-format.js';
import { parseCsvRecords } from '../../csv-records.js';

const BOM = '\uFEFF';
const NEWLINE = 0x0a;
const CHUNK_BYTES = 4096;

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
  const names = (records[0] ?? []).map(glueColumnName);
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

/**
 * Reads only the first line of the CSV file at `path` (not the whole file) and returns its
 * header names as {@link parseCsvHeader} does, with the same errors. Synchronous on purpose:
 * for thousands of small files, promise-based reads through the thread pool took ten times longer.
 */
export function readCsvHeader(path: string): string[] {
  const descriptor = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const bytesRead = readSync(descriptor, chunk, 0, CHUNK_BYTES, null);
      chunks.push(chunk.subarray(0, bytesRead));
      // A newline byte never occurs inside a multi-byte UTF-8 character, so decoding up to it is safe.
      if (bytesRead === 0 || chunk.subarray(0, bytesRead).includes(NEWLINE)) {
        break;
      }
    }
    return parseCsvHeader(Buffer.concat(chunks).toString('utf8'), path);
  } finally {
    closeSync(descriptor);
  }
}
