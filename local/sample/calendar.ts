/** UTC calendar-day arithmetic on ISO `YYYY-MM-DD` strings (no time zones, no wall clock). */

const DAY_MS = 86_400_000;

/** The ISO date `days` after `isoDate` (negative goes back). */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The `count` consecutive ISO dates ending with `endDate`, oldest first. */
export function dayRange(endDate: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDays(endDate, index - count + 1));
}

/** True on Saturday and Sunday. */
export function isWeekend(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** `YYYY-MM`, the billing month of a date (plans renew per calendar month). */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}
