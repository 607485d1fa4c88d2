/**
 * Reads the column names of a CSV report the way the Glue crawler names them. The names only
 * make the table's merged schema: the cells are read by position (local/aws/athena/crawled-tables.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { glueColumnName } from '../../../handlers/shared/report-format.js';
import { parseCsvRecords } from '../../csv-records.js';

const BOM = '\uFEFF';
const NEWLINE = 0x0a;
const CHUNK_BYTES = 4096;

/** The placeholder name of column `n` (from 1) that cannot be read by its own name. */
export function unreadColumnName(n: number): string {
  return `__unread_column_${n}`;
}

/** Whether `name` is an {@link unreadColumnName} placeholder. */
export function isUnreadColumn(name: string): boolean {
  return /^__unread_column_\d+$/.test(name);
}

/** A report file's header as the local crawl reads it. */
export interface CsvHeader {
  /**
   * One name per column, as Glue names them (trimmed, lowercased). A column without a name of
   * its own (the header cell is empty, or repeats an earlier name) holds an
   * {@link unreadColumnName} placeholder, so the other columns keep their positions; it adds no
   * column to the table's schema. Empty for an empty file (no bytes, or only a BOM).
   */
  names: string[];
  /** Why a header column names no column of the table, one sentence each; empty for a sound header. */
  problems: string[];
}

/** A CSV file the local crawl cannot read at all: its header line is missing or broken. */
export class MalformedCsvError extends Error {
  override name = 'MalformedCsvError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`Malformed CSV ${file}: line ${line}: ${reason}`);
  }
}

/**
 * Returns the header of a CSV text: first line, UTF-8 BOM dropped, cells split on commas
 * (double-quoted cells may contain commas and `""`), trimmed and lowercased. An empty text (or a
 * lone BOM) is an empty file: no columns, nothing wrong. Throws a {@link MalformedCsvError}
 * naming `file` when there is text but the header line is blank or ends inside a quote.
 */
export function parseCsvHeader(text: string, file: string): CsvHeader {
  const withoutBom = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  if (withoutBom === '') {
    return { names: [], problems: [] };
  }
  const firstLine = withoutBom.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') {
    throw new MalformedCsvError(file, 1, 'the header line is blank');
  }
  const { records, unterminatedQuote } = parseCsvRecords(firstLine);
  if (unterminatedQuote) {
    throw new MalformedCsvError(file, 1, 'unterminated quote in the header line');
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const names = (records[0] ?? []).map((cell, index) => {
    const name = glueColumnName(cell);
    if (name === '') {
      problems.push(`header column ${index + 1} has no name: it names no column; its cells are read by position`);
      return unreadColumnName(index + 1);
    }
    if (seen.has(name)) {
      problems.push(`header column ${index + 1} repeats "${name}": it names no column; its cells are read by position`);
      return unreadColumnName(index + 1);
    }
    seen.add(name);
    return name;
  });
  return { names, problems };
}

/**
 * Reads only the first line of the CSV file at `path` (not the whole file) and returns its
 * header as {@link parseCsvHeader} does, with the same errors. Synchronous on purpose:
 * for thousands of small files, promise-based reads through the thread pool took ten times longer.
 */
export function readCsvHeader(path: string): CsvHeader {
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
