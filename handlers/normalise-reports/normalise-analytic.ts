/**
 * Reads one by_user_analytic file by its header names, never by position, into the canonical
 * activity rows and the issue counts (pure: text in, rows out), with the same rules as
 * user_report (`normalise.ts`): the date is written month first (`MM-DD-YYYY`, the module's
 * `analyticIsoDate`); a row without a calendar day on or after `FIRST_REPORT_DAY` (`bad_date`,
 * counted on the date folder's day)
 * or without a user (`missing_user`) is not written but counted; an empty metric is 0 (older
 * files leave zeros empty); a metric that is no count (`non_numeric`) or an absurd one
 * (`out_of_range`) is NULL and counted; a record that is no row of its header is counted
 * (`unreadable_row`); a metric the header lacks is NULL in every row, counted (`missing_column`).
 */
import { isIsoDate } from '../shared/dates.js';
import { ACTIVITY_METRIC_COLUMNS, analyticIsoDate, FIRST_REPORT_DAY } from '../shared/report-format.js';
import { cellNumber, fallbackDay, lastAnswer, openReport, reportUserId, type IssueCount, type SourceColumns, type SourceFile } from './normalise.js';

/** One canonical by_user_analytic row (columns of `CANONICAL_COLUMNS.by_user_analytic_rows`, plus its day). */
export interface CanonicalActivityRow extends SourceColumns {
  line: number;
  userid: string;
  raw_userid: string;
  /** The 44 metrics by their crawler names (`chat_messagessent`, …): a count, or NULL when the cell is none. */
  metrics: Record<string, number | null>;
}

/** Everything read from one by_user_analytic file. */
export interface NormalisedAnalyticFile {
  activity: CanonicalActivityRow[];
  issues: IssueCount[];
}

/**
 * Every metric, as the object each row's `metrics` is copied from: an object given its 44
 * properties one by one by name falls back to a slow dictionary of properties (V8 keeps only a
 * dozen or so added that way fast), and every row then paid for it twice, here and in writing.
 */
const METRICS_TEMPLATE: Readonly<Record<string, number | null>> = Object.fromEntries(ACTIVITY_METRIC_COLUMNS.map((metric) => [metric, null]));

/** Normalises one by_user_analytic file. */
export function normaliseAnalyticReport(text: string, source: SourceFile): NormalisedAnalyticFile {
  const { reading: file, rows } = openReport(text, source);
  const activity: CanonicalActivityRow[] = [];
  const dayOf = lastAnswer((text) => {
    const day = analyticIsoDate(text);
    return day !== undefined && isIsoDate(day) && day >= FIRST_REPORT_DAY ? day : undefined;
  });
  // Each metric with where it is in this file's header, found once for all its rows.
  const metricColumns = ACTIVITY_METRIC_COLUMNS.map((metric) => ({ metric, position: file.index.get(metric) }));
  // Written out, not spread (see normaliseUserReport).
  const { source_file, file_stamp, account_id, region } = file.origin;
  for (const row of rows) {
    const day = dayOf(row.cell('date') ?? '');
    if (day === undefined) {
      const folderDay = fallbackDay(file.facts);
      if (folderDay !== null) file.count(folderDay, 'bad_date');
      continue;
    }
    const { userid, raw } = reportUserId(row.cell('userid'));
    if (userid === '') {
      file.count(day, 'missing_user');
      continue;
    }
    const rowIssues = file.rowIssues();
    const metrics: Record<string, number | null> = { ...METRICS_TEMPLATE };
    for (const { metric, position } of metricColumns) metrics[metric] = cellNumber(position === undefined ? undefined : row.cells[position], true, 0, rowIssues);
    activity.push({ report_date: day, source_file, file_stamp, account_id, region, line: row.line, userid, raw_userid: raw, metrics });
    for (const issue of rowIssues) file.count(day, issue);
  }
  return { activity, issues: file.issues() };
}
