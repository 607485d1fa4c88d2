/**
 * The CSV reader of the report files: the records of a file and the line each ends on. It reads
 * as csv-parse 7 read them with the options the normaliser used (`bom`, `info`, `relax_quotes`,
 * `relax_column_count`, `skip_empty_lines`, `skip_records_with_error`), so every file gives the
 * same cells and lines as before; `test/unit/report-csv.test.ts` holds it to csv-parse on the
 * hostile cases and on random text. Why not csv-parse itself: it walks UTF-8 bytes into a buffer
 * per cell and builds an info object per record, which was most of the reading time of a file.
 */

/** One record of a file: its cells and the line it ends on. */
export interface CsvRecord {
  cells: string[];
  /** The header is line 1; a record over several lines gives its last. */
  line: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** The record delimiter a file is found to use: none seen yet, `\r\n`, `\n` or `\r`. */
const Delimiter = { Unknown: 0, CrLf: 1, Lf: 2, Cr: 3 } as const;
type Delimiter = (typeof Delimiter)[keyof typeof Delimiter];

/** The delimiter starting at `pos` (`\r\n` before `\r`), or Unknown: how csv-parse picks the file's one. */
function delimiterAt(text: string, pos: number): Delimiter {
  const char = text.charCodeAt(pos);
  if (char === LF) return Delimiter.Lf;
  if (char !== CR) return Delimiter.Unknown;
  return text.charCodeAt(pos + 1) === LF ? Delimiter.CrLf : Delimiter.Cr;
}

/** The length of the file's delimiter at `pos`, 0 when none is there. */
function delimiterLength(text: string, pos: number, delimiter: Delimiter): number {
  const char = text.charCodeAt(pos);
  if (delimiter === Delimiter.Lf) return char === LF ? 1 : 0;
  if (delimiter === Delimiter.Cr) return char === CR ? 1 : 0;
  if (delimiter === Delimiter.CrLf) return char === CR && text.charCodeAt(pos + 1) === LF ? 2 : 0;
  return 0;
}

/**
 * Reads the CSV text into records (the first is the header) and the number of records that
 * could not be read (a quote still open at the end: from it on nothing is a record, as nothing
 * tells its cells apart). The rules, csv-parse's: the first line break outside quotes (`\r\n`,
 * `\n` or `\r`) is the record delimiter of the file, any other break is text; a leading BOM is
 * dropped; a quote opens a quoted cell only as the cell's first character and closes it before
 * a comma, a record delimiter, a NUL or the end (a quote before anything else is kept, with the
 * opening one, as text); `""` in a quoted cell is one quote; an empty line is no record; lines
 * are counted at every `\r` and `\n` read, a `\r\n` delimiter counting once.
 */
export function csvRows(input: string): { records: CsvRecord[]; unreadable: number } {
  // csv-parse read UTF-8 bytes: a lone surrogate became U+FFFD, which marks a row unreadable.
  const wellFormed = /[\uD800-\uDFFF]/.test(input) ? Buffer.from(input).toString() : input;
  const text = wellFormed.charCodeAt(0) === 0xfeff ? wellFormed.slice(1) : wellFormed;
  const records: CsvRecord[] = [];
  let delimiter: Delimiter = Delimiter.Unknown;
  let line = 1;
  let lineBreakRead = false;
  let quoting = false;
  let wasQuoted = false;
  let escaping = false;
  let cells: string[] = [];
  // A cell is `done` (its text before the last character left out) plus text[start, pos).
  let done = '';
  let start = 0;
  const cellIsEmpty = (pos: number): boolean => done === '' && start === pos;
  const endCell = (pos: number): void => {
    cells.push(done + text.slice(start, pos));
    done = '';
    wasQuoted = false;
  };
  const leaveOut = (pos: number): void => {
    done += text.slice(start, pos);
    start = pos + 1;
  };
  for (let pos = 0; pos < text.length; pos += 1) {
    const char = text.charCodeAt(pos);
    // Nearly every character is above `,` (so no quote, comma or line break) and follows no line break: text of its cell.
    if (char > COMMA && !lineBreakRead) continue;
    if (lineBreakRead) {
      line += 1;
      lineBreakRead = false;
    }
    if (!quoting && delimiter === Delimiter.Unknown) delimiter = delimiterAt(text, pos);
    if (char === CR || char === LF) lineBreakRead = true;
    if (escaping) {
      // The second quote of `""`: text.
      escaping = false;
      continue;
    }
    if (char === QUOTE) {
      if (quoting && pos + 1 < text.length && text.charCodeAt(pos + 1) === QUOTE) {
        escaping = true;
        leaveOut(pos);
        continue;
      }
      if (quoting) {
        quoting = false;
        wasQuoted = true;
        if (delimiter === Delimiter.Unknown) delimiter = delimiterAt(text, pos + 1);
        const next = text.charCodeAt(pos + 1);
        // NaN past the end; NUL closes too (csv-parse tests the byte for truthiness).
        if (Number.isNaN(next) || next === 0 || next === COMMA || delimiterLength(text, pos + 1, delimiter) > 0) {
          leaveOut(pos);
          continue;
        }
        // A quote before other text is no closing one: the cell is the text as written, both quotes kept.
        done = `"${done}${text.slice(start, pos)}`;
        start = pos;
        continue;
      }
      if (cellIsEmpty(pos)) {
        quoting = true;
        leaveOut(pos);
        continue;
      }
      continue;
    }
    if (quoting) continue;
    const length = char === CR || char === LF ? delimiterLength(text, pos, delimiter) : 0;
    if (length > 0) {
      const blank = !wasQuoted && cells.length === 0 && cellIsEmpty(pos);
      if (!blank) {
        endCell(pos);
        records.push({ cells, line });
        cells = [];
      }
      pos += length - 1;
      start = pos + 1;
      continue;
    }
    if (char === COMMA) {
      endCell(pos);
      start = pos + 1;
    }
  }
  if (quoting) return { records, unreadable: 1 };
  if (wasQuoted || cells.length > 0 || !cellIsEmpty(text.length)) {
    endCell(text.length);
    records.push({ cells, line });
  }
  return { records, unreadable: 0 };
}
