/**
 * DetectSpikes logic: read each user's overage through the QueryRunner port, evaluate, and leave
 * out what the month's alert record (ObjectStore port) says was told for the report date.
 */
import { readRecord, sentKeys } from '../record-alerts-sent/alert-record.js';
import { spikeFindings, tellOnce, updateLine } from '../record-alerts-sent/report-date-notices.js';
import type { ObjectStore } from '../shared/object-store.js';
import type { QueryRunner, Row } from '../shared/query-runner.js';
import { numberCell, optionalTextCell, textCell } from '../shared/row-values.js';
import type { PricingSettings, SpikeSettings } from '../shared/settings.js';
import { evaluateSpikes, type SpikeReport, type TierAdvice, type UserOverage } from './evaluate-spikes.js';
import { userOverageQuery } from './queries.js';

/** What the DetectSpikes state passes. */
export interface DetectSpikesEvent {
  reportDate: string;
}

/**
 * Queries the day's and trailing overage per user and returns what `$.spikes` holds before the
 * alert record is applied ({@link tellSpikesOnce}).
 */
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
    tier: optionalTextCell(row, 'tier'),
    monthCostUsd: optionalNumberCell(row, 'month_cost_usd'),
    recommendation: tierAdvice(row),
  }));
  return evaluateSpikes(reportDate, overages, settings.spikes, settings.pricing);
}

/**
 * `$.spikes`: `report` without what the month's alert record says was told for the report date
 * (the record is read only when there is a spike to tell).
 */
export async function tellSpikesOnce(reportDate: string, report: SpikeReport, store: ObjectStore): Promise<SpikeReport> {
  if (!report.alert) {
    return report;
  }
  return spikesWithoutTold(reportDate, report, sentKeys(await readRecord(store, reportDate.slice(0, 7))));
}

/**
 * `report` without what `told` (the record's keys) holds for the report date: the alert goes
 * out only when a person or the team total is not told yet, and then whole, as an update when
 * some were told (`alert` false otherwise; the findings stay in the report).
 */
export function spikesWithoutTold(reportDate: string, report: SpikeReport, told: ReadonlySet<string>): SpikeReport {
  const telling = tellOnce('spike', reportDate, spikeFindings(report), told);
  if (telling.news === 0) return { ...report, alert: false };
  return telling.earlier ? { ...report, message: `${updateLine(reportDate, telling.news)}\n\n${report.message}` } : report;
}

function optionalNumberCell(row: Row, column: string): number | null {
  return optionalTextCell(row, column) === null ? null : numberCell(row, column);
}

/** The row's recommendation, or null when the person has none for the month. */
function tierAdvice(row: Row): TierAdvice | null {
  const tier = optionalTextCell(row, 'recommended_tier');
  const action = optionalTextCell(row, 'recommended_action');
  if (tier === null || action === null) {
    return null;
  }
  if (action !== 'UPGRADE' && action !== 'DOWNGRADE' && action !== 'KEEP') {
    throw new Error(`query result column "recommended_action": expected UPGRADE, DOWNGRADE or KEEP, got ${JSON.stringify(action)}`);
  }
  const effective = optionalTextCell(row, 'recommended_effective');
  if (effective !== null && effective !== 'now' && effective !== 'next_month') {
    throw new Error(`query result column "recommended_effective": expected now or next_month, got ${JSON.stringify(effective)}`);
  }
  return { action, tier, monthlySavingUsd: numberCell(row, 'monthly_saving_usd'), effective };
}
