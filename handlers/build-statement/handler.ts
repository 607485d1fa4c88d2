/** BuildStatement: the monthly statement (with its CSV and HTML files) and the mid-month reminder, each told once. */
import { eventObject } from '../shared/event-fields.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { logger } from '../shared/logger.js';
import { buildStatement, type StatementReport } from './build-statement.js';

/** Builds the BuildStatement handler: `{}` → `$.statement`. */
export const createHandler = (({ settings, queries, store }: Pick<HandlerPorts, 'settings' | 'queries' | 'store'>) => {
  return async (event: unknown): Promise<StatementReport> => {
    eventObject(event, 'build-statement');
    const report = await buildStatement(queries, store, settings);
    // Months and counts only: the statement names people and teams, the log does not.
    logger.info('statement built', {
      month: report.month,
      statementAlert: report.statement.alert,
      files: report.files.length,
      reminderMonth: report.reminderMonth,
      reminderAlert: report.reminder.alert,
      suppressed: report.suppressed,
    });
    return report;
  };
}) satisfies HandlerFactory<'build-statement'>;
