/**
 * The only way values enter query text: each helper validates its value first, so a query can
 * never carry anything but a real date or a finite number.
 */
import { requireIsoDate } from './dates.js';

/** `DATE 'YYYY-MM-DD'` for a validated day. */
export function sqlDate(day: string): string {
  return `DATE '${requireIsoDate(day, 'SQL date literal')}'`;
}

/** `'YYYY-MM-DD'` as a string literal, for comparisons against ISO-8601 text columns. */
export function sqlDateText(day: string): string {
  return `'${requireIsoDate(day, 'SQL date text literal')}'`;
}

/** A non-negative integer literal, e.g. a day count or a LIMIT. */
export function sqlCount(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`SQL count literal: expected a non-negative integer, got ${String(value)}`);
  }
  return String(value);
}
