/**
 * Calendar-day helpers. Days are `YYYY-MM-DD` strings in UTC throughout the pipeline, so date
 * arithmetic never depends on the Lambda's or the laptop's time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `text` is a real calendar day written `YYYY-MM-DD` (rejects `2026-02-30`). */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to 2026-03-02: a round trip exposes impossible days.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Throws an error naming `what` unless `text` is a valid `YYYY-MM-DD` day. */
export function requireIsoDate(text: unknown, what: string): string {
  if (!isIsoDate(text)) {
    throw new Error(`${what}: expected a date written YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** The UTC calendar day of an instant. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `day` shifted by `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  const start = Date.parse(`${requireIsoDate(day, 'addDays')}T00:00:00Z`);
  return utcDay(new Date(start + days * DAY_MS));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const start = Date.parse(`${requireIsoDate(from, 'daysBetween')}T00:00:00Z`);
  const end = Date.parse(`${requireIsoDate(to, 'daysBetween')}T00:00:00Z`);
  return Math.round((end - start) / DAY_MS);
}
