/** CheckData logic: query presence through the QueryRunner port, then judge freshness. */
import type { QueryRunner } from '../shared/query-runner.js';
import { numberCell, optionalTextCell } from '../shared/row-values.js';
import { dataPresenceQuery } from './queries.js';
import { evaluateFreshness, type DataCheck } from './evaluate-freshness.js';

/** What the CheckData state passes. */
export interface CheckDataEvent {
  reportDate: string;
  executionDate: string;
}

/** Counts the day's rows, finds the newest day and returns `$.data`. */
export async function checkData(event: CheckDataEvent, queries: QueryRunner, staleAfterDays: number): Promise<DataCheck> {
  const rows = await queries.run(dataPresenceQuery(event.reportDate));
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) {
    throw new Error(`check-data: the presence query returned ${rows.length} rows, expected exactly 1`);
  }
  return evaluateFreshness(
    {
      creditsRows: numberCell(row, 'credits_rows'),
      activityRows: numberCell(row, 'activity_rows'),
      newestDate: optionalTextCell(row, 'newest_date'),
    },
    event,
    staleAfterDays,
  );
}
