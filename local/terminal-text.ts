/**
 * Text from the data (display names, file names, error causes) made safe to print or to open in a
 * spreadsheet. A display name comes from Identity Center or a CSV anyone can edit: printed raw, an
 * escape sequence in it could recolour, retitle or rewrite the terminal, and a cell starting with
 * `=` runs as a formula in a spreadsheet.
 */

/** OSC (`ESC ]` or 0x9D, up to BEL, `ESC \\` or ST): titles, hyperlinks, clipboard writes. */
const OSC = /(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
/** CSI (`ESC [` or 0x9B, parameters, final byte): colours, cursor moves, erasing. */
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
/** Any other escape: ESC and the character after it. */
const ESCAPE = /\u001b[ -~]?/g;
/** C0 and C1 control characters, DEL, and the bidirectional overrides and isolates that reorder a line. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of terminal output from untrusted text: escape sequences removed, tabs and line breaks
 * as spaces (a name cannot start a line of its own), every other control character removed.
 */
export function terminalText(text: string): string {
  return text.replace(OSC, '').replace(CSI, '').replace(ESCAPE, '').replace(/[\t\n\r\v\f]/g, ' ').replace(CONTROL, '');
}

/** Several lines of terminal output: each line as {@link terminalText}, the line breaks kept. */
export function terminalLines(text: string): string {
  return text.split(/\r?\n/).map(terminalText).join('\n');
}

/** Characters that make a spreadsheet read a cell as a formula (or split it, for tab and CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell for a CSV meant to be opened in a spreadsheet: a value starting with `=`, `+`, `-`, `@`,
 * tab or CR gets a leading `'`, so it stays text (OWASP "CSV injection"). A plain number such as
 * `-4.2` is left as it is: it is data, not a formula.
 */
export function spreadsheetCell(value: string): string {
  if (!FORMULA_START.test(value) || /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return value;
  return `'${value}`;
}

/** One CSV record (RFC 4180 quoting) of spreadsheet-safe cells. */
export function spreadsheetRecord(cells: readonly string[]): string {
  return cells
    .map(spreadsheetCell)
    .map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(',');
}
