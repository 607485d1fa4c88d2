/**
 * The only way values enter SQL text, in the handlers, RenderViews and the local engine: each
 * helper validates its value (a real date, a finite number, a non-negative integer) or quotes it,
 * so a query never carries anything else. Errors name the value's role (`what`).
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
export function sqlCount(value: number, what = 'SQL count literal'): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${what}: expected a non-negative integer, got ${String(value)}`);
  }
  return String(value);
}

/** An INTEGER-typed non-negative integer, `CAST(n AS integer)`, for a day count or threshold. */
export function sqlInteger(value: number, what: string): string {
  return `CAST(${sqlCount(value, what)} AS integer)`;
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** A DOUBLE literal; exponent form for numbers JavaScript prints that way (1e+21, 5e-7). */
export function sqlDouble(value: number, what: string): string {
  if (!Number.isFinite(value)) {
    throw new Error(`${what}: expected a finite number, got ${String(value)}`);
  }
  const text = String(value);
  return `CAST(${PLAIN_DECIMAL.test(text) ? text : value.toExponential().toUpperCase()} AS double)`;
}

/** A SQL string literal: single quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, so header names with dots (`claude_haiku_4.5_messages`) stay intact. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
