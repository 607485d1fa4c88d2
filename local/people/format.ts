/** Readable text for the people reports: aligned tables, dollars and counts with separators. */
import { terminalText } from '../terminal-text.js';

/** How a column's values are shown. */
export type ColumnKind = 'text' | 'count' | 'number' | 'usd' | 'percent';

/** One table column: its heading, the CSV field it shows and how. */
export interface Column {
  heading: string;
  field: string;
  kind: ColumnKind;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const NUMBER = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * One cell as text: '-' for an empty (NULL) value; a non-numeric value in a numeric column is
 * shown as it is. Text is stripped of control characters and escape sequences (a display name is
 * anyone's to set), so a cell cannot move the cursor, recolour or retitle the terminal.
 */
export function formatValue(value: string | undefined, kind: ColumnKind): string {
  if (value === undefined || value === '') {
    return '-';
  }
  const number = Number(value);
  if (kind === 'text' || !Number.isFinite(number)) {
    return terminalText(value);
  }
  switch (kind) {
    case 'count':
      return COUNT.format(number);
    case 'number':
      return NUMBER.format(number);
    case 'usd':
      return `${number < 0 ? '-' : ''}$${USD.format(Math.abs(number))}`;
    case 'percent':
      return `${COUNT.format(number * 100)}%`;
  }
}

/** An aligned table: text left, numbers right, a rule under the headings. */
export function formatTable(columns: readonly Column[], rows: readonly Record<string, string>[]): string {
  const cells = rows.map((row) => columns.map((column) => formatValue(row[column.field], column.kind)));
  const widths = columns.map((column, index) => Math.max(column.heading.length, ...cells.map((line) => line[index]?.length ?? 0)));
  const pad = (text: string, index: number): string => {
    const width = widths[index] ?? 0;
    return columns[index]?.kind === 'text' ? text.padEnd(width) : text.padStart(width);
  };
  const lines = [
    columns.map((column, index) => pad(column.heading, index)).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map((line) => line.map(pad).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** `label: value` lines with the labels aligned. */
export function formatFields(fields: readonly Column[], row: Record<string, string>): string {
  const width = Math.max(...fields.map((field) => field.heading.length));
  return fields.map((field) => `${`${field.heading}:`.padEnd(width + 1)} ${formatValue(row[field.field], field.kind)}`).join('\n');
}
