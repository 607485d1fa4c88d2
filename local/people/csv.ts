/** Reads the view CSVs the local run writes: a header row, then one row per line (RFC 4180 quoting). */

/** One CSV row by header name; an empty cell (SQL NULL) is ''. */
export type CsvRow = Record<string, string>;

/** Parses CSV text into rows keyed by the header. Throws naming `source` on an unterminated quote or a ragged row. */
export function parseCsv(text: string, source: string): CsvRow[] {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), source);
  const [header, ...rows] = records;
  if (!header) {
    return [];
  }
  return rows.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new Error(`${source}: row ${index + 2} has ${cells.length} cells, the header ${header.length}`);
    }
    return Object.fromEntries(header.map((name, column) => [name, cells[column] ?? '']));
  });
}

function splitRecords(text: string, source: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
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
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      records.push([...cells, cell]);
      cells = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (quoted) {
    throw new Error(`${source}: unterminated quote`);
  }
  if (cell !== '' || cells.length > 0) {
    records.push([...cells, cell]);
  }
  return records;
}
