/** The one RFC 4180 splitter of the local tools (report headers, the directory CSV, the view CSVs). */

/** CSV text split into records of cells. */
export interface CsvRecords {
  /** One array of cells per record; a blank line is one record with one empty cell. */
  records: string[][];
  /** True when the text ends inside a quoted cell (its last record is then incomplete). */
  unterminatedQuote: boolean;
}

/**
 * Splits CSV text into records: cells separated by commas, records by `\n`, `\r\n` or `\r`;
 * double-quoted cells may hold commas, line breaks and doubled quotes (`""`). A quote opens a
 * quoted cell only as the cell's first character: inside an unquoted cell it is text
 * (`Ana "The Hammer" Example` stays as written), as DuckDB and spreadsheets read it. Callers
 * decide what an unterminated quote means for them, so the error names their file.
 */
export function parseCsvRecords(text: string): CsvRecords {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  /** Whether the current cell has begun (a character or a quoted part): a quote then is text. */
  let begun = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && !begun) {
      quoted = true;
      begun = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      begun = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      records.push([...cells, cell]);
      cells = [];
      cell = '';
      begun = false;
    } else {
      cell += char;
      begun = true;
    }
  }
  if (cell !== '' || cells.length > 0 || begun) {
    records.push([...cells, cell]);
  }
  return { records, unterminatedQuote: quoted };
}
