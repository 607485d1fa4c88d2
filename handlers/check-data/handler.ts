/** CheckData: are the report date's rows there, and how fresh is the newest data? */
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { checkData } from './check-data.js';
import type { DataCheck } from './evaluate-freshness.js';

/** Builds the CheckData handler: `{reportDate, executionDate}` → `$.data`. */
export const createHandler = (({ settings, queries }: Pick<HandlerPorts, 'settings' | 'queries'>) => {
  return async (event: unknown): Promise<DataCheck> => {
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
      futureRows: result.quality.futureRows,
      issueFiles: result.quality.issueFiles,
    });
    return result;
  };
}) satisfies HandlerFactory<'check-data'>;
