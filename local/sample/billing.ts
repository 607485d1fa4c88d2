/**
 * How the vendor (as simulated here) bills a person's credits within a calendar month: credits
 * up to the tier's allowance are included; beyond it, overage when enabled (up to the cap), else
 * the person is blocked. Credits_Used includes the overage credits.
 */
import { INCLUDED_CREDITS, type Tier } from './catalog.js';

/** A person's running totals for the current billing month. */
export interface MonthToDate {
  month: string;
  credits: number;
  overageCredits: number;
}

/** What one report row is charged. */
export interface Charge {
  credits: number;
  overageCredits: number;
}

/** Smallest charge worth a row; below it the person was effectively blocked. */
const MIN_ROW_CREDITS = 0.05;

/**
 * Charges `wanted` credits against the month so far and updates it. Returns null when nothing
 * can be charged (allowance used up and overage off or capped).
 */
export function charge(
  month: MonthToDate,
  wanted: number,
  tier: Tier,
  overage: { enabled: boolean; cap: number },
): Charge | null {
  const remaining = Math.max(0, INCLUDED_CREDITS[tier] - month.credits);
  let result: Charge;
  if (wanted <= remaining) {
    result = { credits: wanted, overageCredits: 0 };
  } else if (overage.enabled) {
    const overageCredits = Math.min(wanted - remaining, Math.max(0, overage.cap - month.overageCredits));
    result = { credits: remaining + overageCredits, overageCredits };
  } else {
    result = { credits: remaining, overageCredits: 0 };
  }
  if (result.credits < MIN_ROW_CREDITS) return null;
  month.credits += result.credits;
  month.overageCredits += result.overageCredits;
  return result;
}

/** Credits still included in the plan this month. */
export function remainingAllowance(month: MonthToDate, tier: Tier): number {
  return Math.max(0, INCLUDED_CREDITS[tier] - month.credits);
}
