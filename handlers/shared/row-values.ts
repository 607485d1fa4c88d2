/**
 * Typed reads of query result cells (Athena returns text). A missing column or a non-numeric
 * value is an error naming the column: a changed view must not turn into silent zeros.
 */
import type { Row } from './query-runner.js';

function cell(row: Row, column: string): string | null {
  if (!(column in row)) {
    throw new Error(`query result has no column "${column}" (columns: ${Object.keys(row).join(', ')})`);
  }
  return row[column] ?? null;
}

/** A numeric cell; `null` (SQL NULL) only when `nullAs` says what it means. */
export function numberCell(row: Row, column: string, nullAs?: number): number {
  const text = cell(row, column);
  if (text === null || text === '') {
    if (nullAs !== undefined) return nullAs;
    throw new Error(`query result column "${column}" is NULL where a number was expected`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new Error(`query result column "${column}": expected a number, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A text cell that must not be NULL or empty. */
export function textCell(row: Row, column: string): string {
  const text = cell(row, column);
  if (text === null || text === '') {
    throw new Error(`query result column "${column}" is empty where a value was expected`);
  }
  return text;
}

/** A text cell that may be NULL. */
export function optionalTextCell(row: Row, column: string): string | null {
  const text = cell(row, column);
  return text === '' ? null : text;
}
