/**
 * Renders the legacy by_user_analytic file of one day: `MM-DD-YYYY` dates, quoted UserIds, the 46
 * columns in the vendor's order. Older files leave zero metrics empty.
 */
import { BY_USER_ANALYTIC_HEADER, toAnalyticDate } from '../../handlers/shared/report-format.js';
import type { ActivityRow } from './usage.js';

/** Files for report dates before this one write zero metrics as empty cells. */
export const EMPTY_ZEROS_BEFORE = '2026-05-01';

/** The full header line. */
export const ANALYTIC_HEADER = BY_USER_ANALYTIC_HEADER.join(',');

/** Renders the by_user_analytic file for `reportDate`. */
export function renderAnalyticReport(reportDate: string, rows: readonly ActivityRow[]): string {
  const date = toAnalyticDate(reportDate);
  const zero = reportDate < EMPTY_ZEROS_BEFORE ? '' : '0';
  const lines = [ANALYTIC_HEADER];
  for (const row of rows) {
    let line = `"${row.person.userId}",${date}`;
    for (const value of row.metrics) line += value === 0 ? `,${zero}` : `,${value}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
