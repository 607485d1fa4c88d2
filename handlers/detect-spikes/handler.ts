/** DetectSpikes: per-person overage spikes and the team's daily overage cost. */
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { detectSpikes, tellSpikesOnce } from './detect-spikes.js';
import type { SpikeReport } from './evaluate-spikes.js';

/** Builds the DetectSpikes handler: `{reportDate}` → `$.spikes`. */
export const createHandler = (({ settings, queries, store }: Pick<HandlerPorts, 'settings' | 'queries' | 'store'>) => {
  return async (event: unknown): Promise<SpikeReport> => {
    const reportDate = dateField(eventObject(event, 'detect-spikes'), 'reportDate', 'detect-spikes');
    const report = await tellSpikesOnce(reportDate, await detectSpikes(reportDate, queries, settings), store);
    logger.info('spikes evaluated', {
      reportDate,
      alert: report.alert,
      spikingUsers: report.spikingUsers.length,
      teamOverageUsd: report.teamOverageUsd,
      teamAlert: report.teamAlert,
    });
    return report;
  };
}) satisfies HandlerFactory<'detect-spikes'>;
