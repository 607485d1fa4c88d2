/**
 * CheckData logic: query presence and file quality through the QueryRunner port, judge both,
 * and leave out what the month's alert record (ObjectStore port) says was told for the report date.
 */
import { readRecord, sentKeys } from '../record-alerts-sent/alert-record.js';
import { dataQualityFindings, staleFindings, tellOnce, updateLine } from '../record-alerts-sent/report-date-notices.js';
import type { ObjectStore } from '../shared/object-store.js';
import type { QueryRunner } from '../shared/query-runner.js';
import { numberCell, optionalTextCell } from '../shared/row-values.js';
import { evaluateBilling } from './evaluate-billing.js';
import { billingSemanticsQuery, dataPresenceQuery, dayIssuesQuery, fileQualityQuery } from './queries.js';
import { evaluateFreshness, type DataCheck } from './evaluate-freshness.js';
import { evaluateQuality, MAX_LISTED_FILES } from './evaluate-quality.js';

/** What the CheckData state passes. */
export interface CheckDataEvent {
  reportDate: string;
  executionDate: string;
}

/**
 * Counts the day's rows, finds the newest day and the rows dated after the run day, lists the
 * files with rows the views cannot use (and, locally, what the load left out), counts the report
 * date's rows per data-quality issue, reads billing_semantics, and returns what `$.data` holds
 * before the alert record is applied ({@link tellDataAlertsOnce}).
 */
export async function checkData(event: CheckDataEvent, queries: QueryRunner, staleAfterDays: number): Promise<DataCheck> {
  const rows = await queries.run(dataPresenceQuery(event.reportDate, event.executionDate));
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) {
    throw new Error(`check-data: the presence query returned ${rows.length} rows, expected exactly 1`);
  }
  const freshness = evaluateFreshness(
    {
      creditsRows: numberCell(row, 'credits_rows'),
      activityRows: numberCell(row, 'activity_rows'),
      newestDate: optionalTextCell(row, 'newest_date'),
    },
    event,
    staleAfterDays,
  );
  const fileRows = await queries.run(fileQualityQuery(MAX_LISTED_FILES, event.reportDate));
  const dayIssueRows = await queries.run(dayIssuesQuery(event.reportDate));
  const billingSemantics = evaluateBilling(await queries.run(billingSemanticsQuery()));
  const quality = evaluateQuality(
    { fileRows, loadIssues: queries.loadIssues?.() ?? [], futureRows: numberCell(row, 'future_rows', 0), dayIssueRows, billingSemantics },
    event,
  );
  return { ...freshness, quality };
}

/**
 * `$.data`: `check` without what the month's alert record says was told for the report date
 * (the record is read only when there is something to tell).
 */
export async function tellDataAlertsOnce(check: DataCheck, store: ObjectStore): Promise<DataCheck> {
  if (!check.stale && !check.quality.alert) {
    return check;
  }
  return withoutTold(check, sentKeys(await readRecord(store, check.reportDate.slice(0, 7))));
}

/**
 * `check` without what `told` (the record's keys) holds for its report date: the data_quality
 * alert goes out only with a finding not told yet, and then whole, as an update when some were
 * told; the stale-data alert once per report date (when told, its subject is empty and
 * PublishStaleAlert does not run; `stale` still says the data is stale).
 */
export function withoutTold(check: DataCheck, told: ReadonlySet<string>): DataCheck {
  const { reportDate, quality } = check;
  let result = check;
  if (quality.alert) {
    const telling = tellOnce('data_quality', reportDate, dataQualityFindings(quality), told);
    if (telling.news === 0) {
      result = { ...result, quality: { ...quality, alert: false, subject: '', message: '' } };
    } else if (telling.earlier) {
      result = { ...result, quality: { ...quality, message: `${updateLine(reportDate, telling.news)}\n\n${quality.message}` } };
    }
  }
  if (check.stale && tellOnce('stale_data', reportDate, staleFindings(), told).news === 0) {
    result = { ...result, subject: '' };
  }
  return result;
}
