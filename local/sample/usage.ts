/**
 * Day-by-day usage of the sample people: which clients each person used, the credits, messages
 * and models behind every user_report row, and the matching by_user_analytic activity.
 */
import { activityMetrics, type MetricValues } from './activity.js';
import { charge, remainingAllowance, type MonthToDate } from './billing.js';
import { isWeekend, monthOf } from './calendar.js';
import { MODEL_COLUMNS, MODEL_POPULARITY, type ClientType, type Tier } from './catalog.js';
import type { Person } from './people.js';
import type { Random } from './random.js';

/** One user_report row before rendering. */
export interface CreditRow {
  person: Person;
  client: ClientType;
  tier: Tier;
  credits: number;
  overageCredits: number;
  conversations: number;
  totalMessages: number;
  /** Messages per model, aligned with MODEL_COLUMNS; their sum never exceeds totalMessages. */
  modelMessages: number[];
  newUser: boolean;
}

/** One by_user_analytic row before rendering. */
export interface ActivityRow {
  person: Person;
  metrics: MetricValues;
}

/** Everything that happened on one day. */
export interface DayUsage {
  date: string;
  credits: CreditRow[];
  activity: ActivityRow[];
}

/** Days averaged to make a spike stand out (the pipeline's default trailing window). */
const TRAILING_DAYS = 14;

/** Simulates `days` (oldest first) for `people`, one day at a time. */
export function* simulateUsage(people: readonly Person[], days: readonly string[], random: Random): Generator<DayUsage> {
  const months = people.map((): MonthToDate => ({ month: '', credits: 0, overageCredits: 0 }));
  const trailing = people.map((): number[] => []);
  const lastDay = days[days.length - 1];
  for (const date of days) {
    const weekend = isWeekend(date);
    const credits: CreditRow[] = [];
    const activity: ActivityRow[] = [];
    people.forEach((person, index) => {
      const month = months[index] as MonthToDate;
      if (month.month !== monthOf(date)) Object.assign(month, { month: monthOf(date), credits: 0, overageCredits: 0 });
      const history = trailing[index] as number[];
      if (date < person.firstDay || date > person.lastDay) return;
      const rows =
        person.spike && date === lastDay
          ? spikeRows(person, date, month, history, random)
          : dayRows(person, date, weekend, month, random);
      credits.push(...rows);
      if (person.spike) {
        history.push(rows.reduce((sum, row) => sum + row.credits, 0));
        if (history.length > TRAILING_DAYS) history.shift();
      }
      const chatPrompts = rows
        .filter((row) => row.client !== 'KIRO_CLI')
        .reduce((sum, row) => sum + promptsOf(row), 0);
      const inAnalytic = chatPrompts > 0 ? random.chance(0.85) : usesEditor(person) && random.chance(0.04);
      if (inAnalytic) activity.push({ person, metrics: activityMetrics(chatPrompts, random) });
    });
    yield { date, credits, activity };
  }
}

function dayRows(person: Person, date: string, weekend: boolean, month: MonthToDate, random: Random): CreditRow[] {
  const active = date === person.firstDay || random.chance(activityChance(person, weekend));
  if (!active) return [];
  const rows: CreditRow[] = [];
  person.clients.forEach((client, position) => {
    if (position > 0 && !random.chance(0.45)) return;
    const share = position === 0 ? 1 : random.between(0.2, 0.6);
    const wanted = person.dailyCredits * share * random.between(0.35, 1.65);
    const row = billedRow(person, client, date, month, wanted, random);
    if (row) rows.push(row);
  });
  return rows;
}

/** The last day of a spiker: the rest of the allowance plus an overage many times their usual day. */
function spikeRows(person: Person, date: string, month: MonthToDate, history: readonly number[], random: Random): CreditRow[] {
  const trailingAverage = history.reduce((sum, credits) => sum + credits, 0) / TRAILING_DAYS;
  const overage = Math.max(500, 6 * trailingAverage) + random.between(0, 250);
  const wanted = remainingAllowance(month, tierOn(person, date)) + overage;
  const row = billedRow(person, person.clients[0] as ClientType, date, month, wanted, random);
  return row ? [row] : [];
}

function billedRow(person: Person, client: ClientType, date: string, month: MonthToDate, wanted: number, random: Random): CreditRow | null {
  const tier = tierOn(person, date);
  const billed = charge(month, wanted, tier, { enabled: person.overageEnabled, cap: person.overageCap });
  if (!billed) return null;
  const totalMessages = Math.max(1, Math.round(billed.credits * random.between(1.2, 2.4)));
  const prompts = Math.max(1, Math.round(totalMessages * random.between(0.2, 0.4)));
  return {
    person,
    client,
    tier,
    credits: billed.credits,
    overageCredits: billed.overageCredits,
    conversations: Math.max(1, Math.round(prompts / random.between(2, 6))),
    totalMessages,
    modelMessages: splitAcrossModels(prompts, person.preferredModel, random),
    newUser: person.joinedInWindow && date === person.firstDay,
  };
}

/** Prompts go to the usual model, now and then partly to a second one. */
function splitAcrossModels(prompts: number, preferred: number, random: Random): number[] {
  const counts = new Array<number>(MODEL_COLUMNS.length).fill(0);
  const other = random.chance(0.3) ? random.weighted(MODEL_POPULARITY) : preferred;
  const toOther = other !== preferred && prompts > 1 ? random.int(1, prompts - 1) : 0;
  counts[preferred] = prompts - toOther;
  counts[other] = (counts[other] as number) + toOther;
  return counts;
}

function promptsOf(row: CreditRow): number {
  return row.modelMessages.reduce((sum, count) => sum + count, 0);
}

function usesEditor(person: Person): boolean {
  return person.clients.some((client) => client !== 'KIRO_CLI');
}

function activityChance(person: Person, weekend: boolean): number {
  if (weekend) return person.heavy ? 0.4 : 0.12;
  if (person.heavy) return 0.95;
  return person.spike ? 0.9 : 0.8;
}

/** The tier in force on `date`. */
function tierOn(person: Person, date: string): Tier {
  return person.tierChange && date >= person.tierChange.from ? person.tierChange.tier : person.tier;
}
