/** CheckData: are the report date's rows there, and how fresh is the newest data? */
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { checkData, tellDataAlertsOnce } from './check-data.js';
import type { DataCheck } from './evaluate-freshness.js';

/** Builds the CheckData handler: `{reportDate, executionDate}` → `$.data` (without what the alert record says was told). */
export const createHandler = (({ settings, queries, store }: Pick<HandlerPorts, 'settings' | 'queries' | 'store'>) => {
  return async (event: unknown): Promise<DataCheck> => {
    const fields = eventObject(event, 'check-data');
    const check = await checkData(
      { reportDate: dateField(fields, 'reportDate', 'check-data'), executionDate: dateField(fields, 'executionDate', 'check-data') },
      queries,
      settings.staleAfterDays,
    );
    const result = await tellDataAlertsOnce(check, store);
    logger.info('data checked', {
      reportDate: result.reportDate,
      rowsForDay: result.rowsForDay,
      newestDate: result.newestDate,
      daysBehind: result.daysBehind,
      stale: result.stale,
      staleAlert: result.stale && result.subject !== '',
      dataQualityAlert: result.quality.alert,
      futureRows: result.quality.futureRows,
      issueFiles: result.quality.issueFiles,
    });
    return result;
  };
}) satisfies HandlerFactory<'check-data'>;
