/** DetectSpikes logic: read each user's overage through the QueryRunner port, then evaluate. */
import type { QueryRunner } from '../shared/query-runner.js';
import { numberCell, textCell } from '../shared/row-values.js';
import type { PricingSettings, SpikeSettings } from '../shared/settings.js';
import { evaluateSpikes, type SpikeReport, type UserOverage } from './evaluate-spikes.js';
import { userOverageQuery } from './queries.js';

/** Queries the day's and trailing overage per user and returns `$.spikes`. */
export async function detectSpikes(
  reportDate: string,
  queries: QueryRunner,
  settings: { spikes: SpikeSettings; pricing: PricingSettings },
): Promise<SpikeReport> {
  const rows = await queries.run(userOverageQuery(reportDate, settings.spikes.trailingDays));
  const overages: UserOverage[] = rows.map((row) => ({
    userid: textCell(row, 'userid'),
    displayName: textCell(row, 'display_name'),
    dayOverageCredits: numberCell(row, 'day_overage_credits'),
    trailingOverageCredits: numberCell(row, 'trailing_overage_credits'),
  }));
  return evaluateSpikes(reportDate, overages, settings.spikes, settings.pricing);
}
