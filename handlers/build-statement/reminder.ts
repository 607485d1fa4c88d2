/**
 * The mid-month reminder: from `budget.reminderDay` on, once a month, a `forecast` message with
 * each team's projected month-end cost against its budget (`budget.teams`), and the month's
 * against `budget.monthlyUsd`. Told once: the month's alert record holds `forecast/reminder`
 * (a key the forecast alert's `forecast/over/<n>` levels never collide with).
 */
import { toSnsSubject } from '../shared/sns-subject.js';
import type { BudgetSettings } from '../shared/settings.js';
import { usd } from './monthly-statement.js';

/** The record key of the month's reminder. */
export const REMINDER_KEY = 'forecast/reminder';

/** Where report_as_of is in its month. */
export interface AsOf {
  /** `YYYY-MM-DD`. */
  asOf: string;
  daysElapsed: number;
  daysInMonth: number;
}

/** One team's month so far and at its end (BuildStatement's team forecast query). */
export interface TeamForecast {
  team: string;
  people: number;
  costSoFarUsd: number;
  projectedUsd: number;
}

function cents(value: number): number {
  return Math.round(value * 100);
}

/** `against its budget of $100.00: over by $20.00 (20%)`. */
function againstBudget(projectedUsd: number, budgetUsd: number | undefined): string {
  if (budgetUsd === undefined) return 'no budget set';
  const difference = (cents(projectedUsd) - cents(budgetUsd)) / 100;
  const share = budgetUsd > 0 ? ` (${Number(((Math.abs(difference) / budgetUsd) * 100).toFixed(1))}%)` : '';
  if (difference > 0) return `budget ${usd(budgetUsd)}: over by ${usd(difference)}${share}`;
  return `budget ${usd(budgetUsd)}: ${usd(-difference)} to spare${difference === 0 ? '' : share}`;
}

/** The reminder's subject and message. Teams with a budget and no report rows this month are listed at $0.00. */
export function reminderText(asOf: AsOf, teams: readonly TeamForecast[], budget: Pick<BudgetSettings, 'monthlyUsd' | 'teams'>): { subject: string; message: string } {
  const month = asOf.asOf.slice(0, 7);
  const budgets = budget.teams ?? {};
  const listed = new Set(teams.map((team) => team.team));
  const all = [
    ...teams,
    ...Object.keys(budgets)
      .filter((team) => !listed.has(team))
      .sort()
      .map((team) => ({ team, people: 0, costSoFarUsd: 0, projectedUsd: 0 })),
  ];
  const projected = all.reduce((sum, team) => sum + cents(team.projectedUsd), 0) / 100;
  const soFar = all.reduce((sum, team) => sum + cents(team.costSoFarUsd), 0) / 100;
  const over = all.filter((team) => budgets[team.team] !== undefined && cents(team.projectedUsd) > cents(budgets[team.team]!)).length;
  const lines = [
    `Kiro mid-month reminder, ${month} (as of ${asOf.asOf}, day ${asOf.daysElapsed} of ${asOf.daysInMonth})`,
    '',
    'Projected month-end cost by team, at the pace so far:',
    ...all.map((team) => `- ${team.team}: ${usd(team.projectedUsd)} projected (${usd(team.costSoFarUsd)} so far), ${againstBudget(team.projectedUsd, budgets[team.team])}`),
    '',
    `All teams: ${usd(projected)} projected (${usd(soFar)} so far), ${againstBudget(projected, budget.monthlyUsd)}.`,
    '',
    'This reminder comes once a month (budget.reminderDay); team budgets are budget.teams.',
  ];
  const subject = `Kiro reminder ${month}: ${usd(projected)} projected${over === 0 ? '' : `, ${over === 1 ? '1 team' : `${over} teams`} over budget`}`;
  return { subject: toSnsSubject(subject), message: lines.join('\n') };
}
