/**
 * Decides what the allowance and forecast alerts of a run tell, leaving out what the month's
 * record says was told already, and words them. Pure: the rows and the record come in.
 */
import type { AllowanceSettings, BudgetSettings } from '../shared/settings.js';
import { toSnsSubject } from '../shared/sns-subject.js';
import { sentKeys, type AlertRecord } from '../record-alerts-sent/alert-record.js';

/** One person's plan_utilization row of the month, with the overage dollars so far. */
export interface PersonUtilization {
  userid: string;
  displayName: string;
  tier: string | null;
  includedCredits: number | null;
  planCreditsUsed: number;
  /** 0.85 = 85% of the included credits; null when the tier is not priced. */
  utilization: number | null;
  projectedCredits: number;
  projectedUtilization: number | null;
  overageCreditsUsed: number;
  overageUsd: number | null;
}

/** The month_forecast row of the month of report_as_of. */
export interface MonthForecast {
  /** report_as_of, `YYYY-MM-DD`. */
  asOf: string;
  /** `YYYY-MM`. */
  month: string;
  daysElapsed: number;
  daysInMonth: number;
  subscriptionUsd: number;
  overageUsd: number;
  projectedOverageUsd: number;
  projectedTotalUsd: number;
  budgetUsd: number | null;
}

/** One alert a run may publish: whether to, its words, and the record keys of what it tells. */
export interface AlertDraft {
  alert: boolean;
  subject: string;
  message: string;
  /** Record keys of the notices the message tells (RecordAlertsSent keeps them once published). */
  notices: string[];
}

/** `$.foresight`. */
export interface ForesightReport {
  /** `YYYY-MM` of report_as_of; null without data (nothing is told then). */
  month: string | null;
  allowance: AlertDraft;
  forecast: AlertDraft;
  /** Notices due again this run but left out because the record says they were told this month. */
  suppressed: { allowance: number; forecast: number };
}

const NO_ALERT: AlertDraft = { alert: false, subject: '', message: '', notices: [] };

/** The report of a run without data: nothing to tell. */
export function nothingToTell(): ForesightReport {
  return { month: null, allowance: NO_ALERT, forecast: NO_ALERT, suppressed: { allowance: 0, forecast: 0 } };
}

/** `allowance/<userid>/used/0.8`: the person's utilisation reached 80% this month. */
export function usedKey(userid: string, threshold: number): string {
  return `allowance/${userid}/used/${threshold}`;
}

/** `allowance/<userid>/projected/1`: the person's month-end projection reached 100%. */
export function projectedKey(userid: string, threshold: number): string {
  return `allowance/${userid}/projected/${threshold}`;
}

/** `forecast/over/<n>`: the projected total passed the budget × (1 + n × forecastStepShare). */
export function forecastKey(level: number): string {
  return `forecast/over/${level}`;
}

/** The allowance and forecast alerts of the month, without what `record` holds. */
export function evaluateForesight(
  forecast: MonthForecast,
  people: readonly PersonUtilization[],
  record: AlertRecord,
  settings: { allowance: AllowanceSettings; budget: BudgetSettings },
): ForesightReport {
  const told = sentKeys(record);
  const allowance = allowanceAlert(forecast, people, told, settings.allowance);
  const budget = forecastAlert(forecast, told, settings.budget);
  return {
    month: forecast.month,
    allowance: allowance.draft,
    forecast: budget.draft,
    suppressed: { allowance: allowance.suppressed, forecast: budget.suppressed },
  };
}

interface Evaluated {
  draft: AlertDraft;
  suppressed: number;
}

interface PersonNotice {
  person: PersonUtilization;
  crossed: number[];
  projected: boolean;
  keys: string[];
}

function allowanceAlert(
  forecast: MonthForecast,
  people: readonly PersonUtilization[],
  told: ReadonlySet<string>,
  settings: AllowanceSettings,
): Evaluated {
  const thresholds = [...settings.thresholds].sort((a, b) => a - b);
  let suppressed = 0;
  const notices: PersonNotice[] = [];
  for (const person of people) {
    const reached = person.utilization === null ? [] : thresholds.filter((threshold) => person.utilization! >= threshold);
    const crossed = reached.filter((threshold) => !told.has(usedKey(person.userid, threshold)));
    const projectedReached = person.projectedUtilization !== null && person.projectedUtilization >= settings.projectedThreshold;
    const projected = projectedReached && !told.has(projectedKey(person.userid, settings.projectedThreshold));
    suppressed += reached.length - crossed.length + (projectedReached && !projected ? 1 : 0);
    if (crossed.length > 0 || projected) {
      const keys = [
        ...crossed.map((threshold) => usedKey(person.userid, threshold)),
        ...(projected ? [projectedKey(person.userid, settings.projectedThreshold)] : []),
      ];
      notices.push({ person, crossed, projected, keys });
    }
  }
  if (notices.length === 0) {
    return { draft: NO_ALERT, suppressed };
  }
  const count = notices.length === 1 ? '1 person' : `${notices.length} people`;
  const lines = [
    `Kiro plan allowances, ${forecast.month} (as of ${forecast.asOf}, day ${forecast.daysElapsed} of ${forecast.daysInMonth})`,
    '',
    `People who crossed a threshold of their plan's included credits (${thresholds.map(percent).join(', ')} used, or ${percent(settings.projectedThreshold)} projected by month end) since they were last told:`,
    ...notices.map(personLine(settings.projectedThreshold)),
    '',
    'Each person is told about each threshold once a month.',
  ];
  return {
    draft: { alert: true, subject: toSnsSubject(`Kiro allowance ${forecast.month}: ${count} crossed a threshold`), message: lines.join('\n'), notices: notices.flatMap((notice) => notice.keys) },
    suppressed,
  };
}

/** `- Amy Example (PRO): 800.00 of 1000.00 credits used (80%), crossed 80%; projected 1200.00 credits by month end (120%); overage so far $0.00`. */
function personLine(projectedThreshold: number) {
  return ({ person, crossed, projected }: PersonNotice): string => {
    const tier = person.tier ?? 'tier unknown';
    const included = person.includedCredits === null ? 'an unpriced allowance' : credits(person.includedCredits);
    const used = person.utilization === null ? '' : ` (${percent(person.utilization)})`;
    const news = [
      ...(crossed.length > 0 ? [`crossed ${crossed.map(percent).join(' and ')}`] : []),
      ...(projected ? [`projected to pass ${percent(projectedThreshold)}`] : []),
    ].join(', ');
    const projection = `projected ${credits(person.projectedCredits)} credits by month end${person.projectedUtilization === null ? '' : ` (${percent(person.projectedUtilization)})`}`;
    const overage = person.overageUsd === null ? `overage so far ${credits(person.overageCreditsUsed)} credits` : `overage so far ${usd(person.overageUsd)}`;
    return `- ${person.displayName} (${tier}): ${credits(person.planCreditsUsed)} of ${included} credits used${used}, ${news}; ${projection}; ${overage}`;
  };
}

function forecastAlert(forecast: MonthForecast, told: ReadonlySet<string>, settings: BudgetSettings): Evaluated {
  const budget = forecast.budgetUsd;
  if (budget === null || !(cents(forecast.projectedTotalUsd) > cents(budget))) {
    return { draft: NO_ALERT, suppressed: 0 };
  }
  const level = budgetLevel(forecast.projectedTotalUsd, budget, settings.forecastStepShare);
  const toldLevels = [...told].flatMap((key) => {
    const match = /^forecast\/over\/(\d+)$/.exec(key);
    return match ? [Number(match[1])] : [];
  });
  if (toldLevels.some((toldLevel) => toldLevel >= level)) {
    return { draft: NO_ALERT, suppressed: 1 };
  }
  const over = forecast.projectedTotalUsd - budget;
  const next = levelAmount(budget, level + 1, settings.forecastStepShare);
  const lines = [
    `Kiro month forecast, ${forecast.month} (as of ${forecast.asOf}, day ${forecast.daysElapsed} of ${forecast.daysInMonth})`,
    '',
    `Projected month total: ${usd(forecast.projectedTotalUsd)}, over the budget of ${usd(budget)} by ${usd(over)}${budget > 0 ? ` (${percent(over / budget)})` : ''}.`,
    `Subscriptions ${usd(forecast.subscriptionUsd)}; overage so far ${usd(forecast.overageUsd)}, projected ${usd(forecast.projectedOverageUsd)} by month end at the pace so far.`,
    '',
    budget > 0 ? `The next forecast alert this month comes only if the projection passes ${usd(next)}.` : 'No further forecast alert this month.',
  ];
  return {
    draft: {
      alert: true,
      subject: toSnsSubject(`Kiro forecast ${forecast.month}: ${usd(forecast.projectedTotalUsd)} projected, budget ${usd(budget)}`),
      message: lines.join('\n'),
      notices: [forecastKey(level)],
    },
    suppressed: 0,
  };
}

/**
 * The highest n such that the projection passes budget × (1 + n × step), compared in cents; 0 for
 * a budget of 0 (no steps above nothing).
 */
export function budgetLevel(projectedUsd: number, budgetUsd: number, step: number): number {
  if (budgetUsd <= 0) return 0;
  // The estimate, then set right where float division and cent rounding disagree at the edge.
  let level = Math.max(0, Math.floor((projectedUsd / budgetUsd - 1) / step));
  while (level > 0 && !(cents(projectedUsd) > cents(levelAmount(budgetUsd, level, step)))) level -= 1;
  while (cents(projectedUsd) > cents(levelAmount(budgetUsd, level + 1, step))) level += 1;
  return level;
}

function levelAmount(budgetUsd: number, level: number, step: number): number {
  return budgetUsd * (1 + level * step);
}

function cents(value: number): number {
  return Math.round(value * 100);
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

function credits(value: number): string {
  return value.toFixed(2);
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}
