/** CheckData: are the report date's rows there, and how fresh is the newest data? */
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { QueryRunner } from '../shared/query-runner.js';
import type { PipelineSettings } from '../shared/settings.js';
import { checkData } from './check-data.js';
import type { DataCheck } from './evaluate-freshness.js';

/** Builds the CheckData handler: `{reportDate, executionDate}` → `$.data`. */
export function createCheckDataHandler(settings: PipelineSettings, queries: QueryRunner): (event: unknown) => Promise<DataCheck> {
  return async (event) => {
    const fields = eventObject(event, 'check-data');
    const result = await checkData(
      { reportDate: dateField(fields, 'reportDate', 'check-data'), executionDate: dateField(fields, 'executionDate', 'check-data') },
      queries,
      settings.staleAfterDays,
    );
    logger.info('data checked', {
      reportDate: result.reportDate,
      rowsForDay: result.rowsForDay,
      newestDate: result.newestDate,
      daysBehind: result.daysBehind,
      stale: result.stale,
    });
    return result;
  };
}
