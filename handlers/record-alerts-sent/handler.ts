/** RecordAlertsSent: keeps what the alerts of this run told, once SNS accepted it. */
import { eventObject } from '../shared/event-fields.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { logger } from '../shared/logger.js';
import { recordAlerts, type PublishedAlerts, type RecordedAlerts } from './record-alerts.js';

/** Builds the RecordAlertsSent handler: the whole state (`$`) → `$.alertRecord`. */
export const createHandler = (({ store, now }: Pick<HandlerPorts, 'store' | 'now'>) => {
  return async (event: unknown): Promise<RecordedAlerts> => {
    const result = await recordAlerts(eventObject(event, 'record-alerts-sent') as PublishedAlerts, store, now());
    logger.info('alerts recorded', { ...result });
    return result;
  };
}) satisfies HandlerFactory<'record-alerts-sent'>;
