/** EvaluateForesight: the allowance and forecast alerts of the month, without what was told already. */
import { eventObject } from '../shared/event-fields.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { logger } from '../shared/logger.js';
import type { ForesightReport } from './evaluate-foresight.js';
import { foresight } from './foresight.js';

/** Builds the EvaluateForesight handler: `{}` → `$.foresight`. */
export const createHandler = (({ settings, queries, store }: Pick<HandlerPorts, 'settings' | 'queries' | 'store'>) => {
  return async (event: unknown): Promise<ForesightReport> => {
    eventObject(event, 'evaluate-foresight');
    const report = await foresight(queries, store, settings);
    logger.info('foresight evaluated', {
      month: report.month,
      allowanceAlert: report.allowance.alert,
      forecastAlert: report.forecast.alert,
      notices: report.allowance.notices.length + report.forecast.notices.length,
      suppressed: report.suppressed,
    });
    return report;
  };
}) satisfies HandlerFactory<'evaluate-foresight'>;
