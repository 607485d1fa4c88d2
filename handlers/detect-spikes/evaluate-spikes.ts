/**
 * Decides who spiked on the report day and whether the team's overage cost crossed the daily
 * threshold, and words the alert.
 */
import type { PricingSettings, SpikeSettings } from '../shared/settings.js';
import { toSnsSubject } from '../shared/sns-subject.js';

/** The tier_recommendation for a person's month. */
export interface TierAdvice {
  action: 'UPGRADE' | 'DOWNGRADE' | 'KEEP';
  /** The recommended tier (the current one for KEEP). */
  tier: string;
  monthlySavingUsd: number;
  /** When the change takes effect: an upgrade now, a downgrade from next month; null for KEEP. */
  effective: 'now' | 'next_month' | null;
}

/** One person's overage on the day and over the trailing window, with their month's cost. */
export interface UserOverage {
  userid: string;
  displayName: string;
  dayOverageCredits: number;
  /** Sum over the trailing window (not the average). */
  trailingOverageCredits: number;
  /** Their tier in the report date's month (null when unknown). */
  tier: string | null;
  /** What they cost so far in the report date's month (null when unknown). */
  monthCostUsd: number | null;
  recommendation: TierAdvice | null;
}

/** A person who spiked; ids and numbers only (the names are in the message). */
export interface SpikingUser {
  userid: string;
  overageCredits: number;
  overageUsd: number;
  trailingAverageCredits: number;
  tier: string | null;
  monthCostUsd: number | null;
  recommendation: TierAdvice | null;
}

/** `$.spikes`. */
export interface SpikeReport {
  /** Whether the spike alert goes out: someone spiked or the team passed its limit, and DetectSpikes found it not yet told for the day. */
  alert: boolean;
  subject: string;
  message: string;
  spikingUsers: SpikingUser[];
  teamOverageCredits: number;
  teamOverageUsd: number;
  teamAlert: boolean;
}

interface Spike extends SpikingUser {
  displayName: string;
}

/** Applies the spike and team thresholds to the day's overage of every user. */
export function evaluateSpikes(
  reportDate: string,
  overages: readonly UserOverage[],
  spikes: SpikeSettings,
  pricing: Pick<PricingSettings, 'overagePricePerCredit'>,
): SpikeReport {
  if (!Number.isInteger(spikes.trailingDays) || spikes.trailingDays < 1) {
    throw new Error(`detect-spikes: spikes.trailingDays must be a positive integer, got ${String(spikes.trailingDays)}`);
  }
  const price = pricing.overagePricePerCredit;
  const found: Spike[] = overages
    .filter((user) => isSpike(user, spikes))
    .map((user) => ({
      userid: user.userid,
      displayName: user.displayName,
      overageCredits: roundCents(user.dayOverageCredits),
      overageUsd: roundCents(user.dayOverageCredits * price),
      trailingAverageCredits: roundCents(user.trailingOverageCredits / spikes.trailingDays),
      tier: user.tier,
      monthCostUsd: user.monthCostUsd === null ? null : roundCents(user.monthCostUsd),
      recommendation: user.recommendation,
    }))
    .sort((a, b) => b.overageCredits - a.overageCredits || a.userid.localeCompare(b.userid));
  const teamCredits = overages.reduce((sum, user) => sum + user.dayOverageCredits, 0);
  // Money compares at cents, so float noise (1250 × 0.04 = 50.000…01) cannot trip the alert.
  const teamUsd = roundCents(teamCredits * price);
  const teamAlert = teamUsd > spikes.teamDailyOverageUsd;
  const team = { credits: teamCredits, usd: teamUsd, alert: teamAlert };
  return {
    alert: found.length > 0 || teamAlert,
    subject: spikeSubject(reportDate, found.length, team),
    message: spikeMessage(reportDate, found, team, spikes),
    spikingUsers: found.map(({ displayName: _name, ...spike }) => spike),
    teamOverageCredits: roundCents(teamCredits),
    teamOverageUsd: teamUsd,
    teamAlert,
  };
}

/**
 * At or above the floor, and at or above the multiple of the trailing average. Compared as
 * `day × days ≥ multiple × sum` so that exactly 3× is not lost to a rounded division.
 */
function isSpike(user: UserOverage, spikes: SpikeSettings): boolean {
  return (
    user.dayOverageCredits >= spikes.minOverageCredits &&
    user.dayOverageCredits * spikes.trailingDays >= spikes.multipleOfTrailingAverage * user.trailingOverageCredits
  );
}

interface TeamTotal {
  credits: number;
  usd: number;
  alert: boolean;
}

function spikeSubject(reportDate: string, spikeCount: number, team: TeamTotal): string {
  const people = spikeCount === 1 ? '1 person' : `${spikeCount} people`;
  const teamPart = `team ${usd(team.usd)}`;
  if (spikeCount > 0) return toSnsSubject(`Kiro overage spike ${reportDate}: ${people}, ${teamPart}`);
  if (team.alert) return toSnsSubject(`Kiro team overage ${reportDate}: ${teamPart} over the daily threshold`);
  return toSnsSubject(`Kiro overage ${reportDate}: no spike, ${teamPart}`);
}

function spikeMessage(reportDate: string, found: readonly Spike[], team: TeamTotal, spikes: SpikeSettings): string {
  const window = `${spikes.trailingDays}-day average`;
  const lines = [`Kiro overage on ${reportDate}`, ''];
  if (found.length > 0) {
    lines.push(
      `People whose overage spiked (at least ${credits(spikes.minOverageCredits)} credits and ${spikes.multipleOfTrailingAverage}x their ${window}):`,
      ...found.map(
        (spike) =>
          `- ${spike.displayName}: ${credits(spike.overageCredits)} credits (${usd(spike.overageUsd)}), ${window} ${credits(spike.trailingAverageCredits)} credits` +
          monthPart(spike),
      ),
    );
  } else {
    lines.push('Nobody spiked.');
  }
  lines.push(
    '',
    `Team overage that day: ${credits(team.credits)} credits (${usd(team.usd)}); team alert above ${usd(spikes.teamDailyOverageUsd)} a day${team.alert ? ' - EXCEEDED' : ''}.`,
  );
  return lines.join('\n');
}

/** `; PRO_PLUS, $52.00 so far this month; recommendation: UPGRADE to PRO_MAX now (saves $35.00 a month)`, as far as known. */
function monthPart(spike: Spike): string {
  const parts: string[] = [];
  if (spike.tier !== null || spike.monthCostUsd !== null) {
    const cost = spike.monthCostUsd === null ? 'cost unknown' : `${usd(spike.monthCostUsd)} so far this month`;
    parts.push(spike.tier === null ? cost : `${spike.tier}, ${cost}`);
  }
  const advice = spike.recommendation;
  if (advice !== null) {
    parts.push(
      advice.action === 'KEEP'
        ? `recommendation: KEEP ${advice.tier}`
        : `recommendation: ${advice.action} to ${advice.tier}${advice.effective === 'next_month' ? ' from next month' : advice.effective === 'now' ? ' now' : ''} (saves ${usd(advice.monthlySavingUsd)} a month)`,
    );
  }
  return parts.map((part) => `; ${part}`).join('');
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

function credits(value: number): string {
  return value.toFixed(2);
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}
