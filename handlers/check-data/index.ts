/** CheckData: are the report date's rows there, and how fresh is the newest data? */
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryRunner } from '../shared/athena-query-runner.js';
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import { loadSettings } from '../shared/settings.js';
import { checkData } from './check-data.js';
import type { DataCheck } from './evaluate-freshness.js';

const athena = new AthenaClient({});

/** Lambda entry: `{reportDate, executionDate}` → `$.data`. */
export const handler = async (event: unknown): Promise<DataCheck> => {
  const fields = eventObject(event, 'check-data');
  const settings = loadSettings();
  const queries = new AthenaQueryRunner(athena, { workGroup: settings.athenaWorkGroup, database: settings.glueDatabase });
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
