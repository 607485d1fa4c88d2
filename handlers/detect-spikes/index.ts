/** DetectSpikes: per-person overage spikes and the team's daily overage cost. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryRunner } from '../shared/athena-query-runner.js';
import { dateField, eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import { loadSettings } from '../shared/settings.js';
import { detectSpikes } from './detect-spikes.js';
import type { SpikeReport } from './evaluate-spikes.js';

const athena = new AthenaClient({});

/** Lambda entry: `{reportDate}` → `$.spikes`. */
export const handler = async (event: unknown): Promise<SpikeReport> => {
  const reportDate = dateField(eventObject(event, 'detect-spikes'), 'reportDate', 'detect-spikes');
  const settings = loadSettings();
  const queries = new AthenaQueryRunner(athena, { workGroup: settings.athenaWorkGroup, database: settings.glueDatabase });
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
