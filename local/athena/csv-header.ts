/**
 * Reads the column names of a CSV report the way the Glue crawler names them.
 */

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
  const names = splitCsvLine(firstLine, file).map((cell) => cell.trim().toLowerCase());
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

/** Splits one CSV line into its cells (RFC 4180 quoting). */
function splitCsvLine(line: string, file: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
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
    } else {
      cell += char;
    }
  }
  if (quoted) {
    throw new Error(`Malformed CSV ${file}: unterminated quote in the header line`);
  }
  cells.push(cell);
  return cells;
}
