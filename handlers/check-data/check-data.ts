/** CheckData logic: query presence and file quality through the QueryRunner port, then judge both. */
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
 * date's rows per data-quality issue, reads billing_semantics, and returns `$.data`.
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
  const fileRows = await queries.run(fileQualityQuery(MAX_LISTED_FILES));
  const dayIssueRows = await queries.run(dayIssuesQuery(event.reportDate));
  const billingSemantics = evaluateBilling(await queries.run(billingSemanticsQuery()));
  const quality = evaluateQuality(
    { fileRows, loadIssues: queries.loadIssues?.() ?? [], futureRows: numberCell(row, 'future_rows', 0), dayIssueRows, billingSemantics },
    event,
  );
  return { ...freshness, quality };
}
