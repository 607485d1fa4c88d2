/** DetectSpikes: per-person overage spikes and the team's daily overage cost. */
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { QueryRunner } from '../shared/query-runner.js';
import type { PipelineSettings } from '../shared/settings.js';
import { detectSpikes } from './detect-spikes.js';
import type { SpikeReport } from './evaluate-spikes.js';

/** Builds the DetectSpikes handler: `{reportDate}` → `$.spikes`. */
export function createDetectSpikesHandler(settings: PipelineSettings, queries: QueryRunner): (event: unknown) => Promise<SpikeReport> {
  return async (event) => {
    const reportDate = dateField(eventObject(event, 'detect-spikes'), 'reportDate', 'detect-spikes');
    const report = await detectSpikes(reportDate, queries, settings);
    logger.info('spikes evaluated', {
      reportDate,
      alert: report.alert,
      spikingUsers: report.spikingUsers.length,
      teamOverageUsd: report.teamOverageUsd,
      teamAlert: report.teamAlert,
    });
    return report;
  };
}
