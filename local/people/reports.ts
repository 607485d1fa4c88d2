/**
 * The answers of `npm run people`, from the rows of the views the local run exported: which
 * view each question reads, which rows it shows in which order, and how they read as text.
 */
import type { CsvRow } from './csv.js';
import { formatFields, formatTable, formatValue, type Column } from './format.js';

/** Rows of the views a question needs, by view name. */
export type ViewRows = Record<string, CsvRow[]>;

/** One answer: the rows (for --json) and their readable text. */
export interface Answer {
  rows: unknown;
  text: string;
}

/** A ranked question: the view, its order and the columns shown. */
interface RankedQuestion {
  view: string;
  title: string;
  order: (a: CsvRow, b: CsvRow) => number;
  columns: Column[];
  /** A closing line over every row of the view (not only those shown). */
  footer?: (rows: readonly CsvRow[]) => string;
  /** The rows the question is about (default: every row of the view). */
  about?: (rows: readonly CsvRow[]) => CsvRow[];
}

/** The rows of the newest month of a view with a `month` column: the month of the newest report day. */
const newestMonth = (rows: readonly CsvRow[]): CsvRow[] => {
  const newest = rows.reduce((latest, row) => ((row['month'] ?? '') > latest ? (row['month'] ?? '') : latest), '');
  return rows.filter((row) => row['month'] === newest);
};

const byNumber = (field: string, direction: 1 | -1) => (a: CsvRow, b: CsvRow) =>
  direction * (Number(a[field] || 0) - Number(b[field] || 0)) || (a['display_name'] ?? '').localeCompare(b['display_name'] ?? '');

const sumOf = (rows: readonly CsvRow[], field: string): string => String(rows.reduce((sum, row) => sum + Number(row[field] || 0), 0));

const RANKED: Record<'top-cost' | 'top-usage' | 'inactive' | 'recommendations' | 'utilization' | 'forecast' | 'movers' | 'teams' | 'seats' | 'never-active', RankedQuestion> = {
  'top-cost': {
    view: 'top_users_by_cost',
    title: 'Top users by cost this month',
    order: byNumber('rank', 1),
    columns: [
      { heading: '#', field: 'rank', kind: 'count' },
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Tier', field: 'tier', kind: 'text' },
      { heading: 'Credits', field: 'credits_used', kind: 'number' },
      { heading: 'Overage credits', field: 'overage_credits_used', kind: 'number' },
      { heading: 'Subscription', field: 'subscription_usd', kind: 'usd' },
      { heading: 'Overage', field: 'overage_usd', kind: 'usd' },
      { heading: 'Total', field: 'total_usd', kind: 'usd' },
    ],
  },
  'top-usage': {
    view: 'top_users_by_usage',
    title: 'Top users by activity over the trailing window',
    order: byNumber('rank', 1),
    columns: [
      { heading: '#', field: 'rank', kind: 'count' },
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Category', field: 'usage_category', kind: 'text' },
      { heading: 'Score', field: 'activity_score_30d', kind: 'number' },
      { heading: 'Messages', field: 'messages_30d', kind: 'count' },
      { heading: 'Conversations', field: 'conversations_30d', kind: 'count' },
      { heading: 'AI code lines', field: 'ai_code_lines_30d', kind: 'count' },
      { heading: 'Last seen', field: 'last_seen', kind: 'text' },
    ],
  },
  inactive: {
    view: 'inactive_users',
    title: 'Inactive users (longest quiet first)',
    order: byNumber('days_inactive', -1),
    columns: [
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Last seen', field: 'last_seen', kind: 'text' },
      { heading: 'Days inactive', field: 'days_inactive', kind: 'count' },
      { heading: 'Tier', field: 'latest_tier', kind: 'text' },
      { heading: 'Seat a month', field: 'monthly_seat_usd', kind: 'usd' },
    ],
    footer: (rows) => `${formatValue(String(rows.length), 'count')} inactive; reclaiming their seats saves ${formatValue(sumOf(rows, 'monthly_seat_usd'), 'usd')} a month.`,
  },
  recommendations: {
    view: 'tier_recommendation',
    title: 'Tier recommendations for this month (largest saving first)',
    order: byNumber('monthly_saving_usd', -1),
    columns: [
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Tier', field: 'current_tier', kind: 'text' },
      { heading: 'Projected credits', field: 'projected_credits', kind: 'number' },
      { heading: 'Action', field: 'action', kind: 'text' },
      { heading: 'Recommended', field: 'recommended_tier', kind: 'text' },
      { heading: 'Saving a month', field: 'monthly_saving_usd', kind: 'usd' },
      { heading: 'Saving a year', field: 'annual_saving_usd', kind: 'usd' },
      { heading: 'Takes effect', field: 'effective', kind: 'text' },
    ],
    footer: (rows) =>
      `Following every recommendation saves ${formatValue(sumOf(rows, 'monthly_saving_usd'), 'usd')} a month. ` +
      'An upgrade takes effect now; a downgrade from next month (next_month).',
  },
  utilization: {
    view: 'plan_utilization',
    title: "Plan allowance used this month, and where it is heading (most used first)",
    about: newestMonth,
    order: byNumber('utilization', -1),
    columns: [
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Tier', field: 'tier', kind: 'text' },
      { heading: 'Plan credits', field: 'plan_credits_used', kind: 'number' },
      { heading: 'Included', field: 'included_credits', kind: 'number' },
      { heading: 'Used', field: 'utilization', kind: 'percent' },
      { heading: 'Projected credits', field: 'projected_credits', kind: 'number' },
      { heading: 'Projected', field: 'projected_utilization', kind: 'percent' },
      { heading: 'Overage credits', field: 'overage_credits_used', kind: 'number' },
    ],
    footer: (rows) => {
      const [first] = rows;
      const over = rows.filter((row) => Number(row['projected_utilization'] || 0) > 1).length;
      return first === undefined
        ? 'No month yet.'
        : `Day ${first['days_elapsed']} of ${first['days_in_month']}; ${over} projected past their allowance at this pace.`;
    },
  },
  forecast: {
    view: 'month_forecast',
    title: 'Month forecast against the budget (newest month first)',
    order: (a, b) => (b['month'] ?? '').localeCompare(a['month'] ?? ''),
    columns: [
      { heading: 'Month', field: 'month', kind: 'text' },
      { heading: 'Days', field: 'days_elapsed', kind: 'count' },
      { heading: 'Of', field: 'days_in_month', kind: 'count' },
      { heading: 'People', field: 'people', kind: 'count' },
      { heading: 'Subscriptions', field: 'subscription_usd', kind: 'usd' },
      { heading: 'Overage', field: 'overage_usd', kind: 'usd' },
      { heading: 'Projected overage', field: 'projected_overage_usd', kind: 'usd' },
      { heading: 'Projected total', field: 'projected_total_usd', kind: 'usd' },
      { heading: 'Budget', field: 'budget_usd', kind: 'usd' },
      { heading: 'Over budget', field: 'over_budget', kind: 'text' },
    ],
    footer: (rows) => {
      const [newest] = newestMonth(rows);
      if (newest === undefined) return 'No month yet.';
      const budget = newest['budget_usd'] ? `the budget of ${formatValue(newest['budget_usd'], 'usd')}` : 'no budget (set budget.monthlyUsd)';
      return `${newest['month']}: ${formatValue(newest['projected_total_usd'], 'usd')} projected at the pace so far, against ${budget}.`;
    },
  },
  movers: {
    view: 'weekly_movers',
    title: 'Weekly movers: the 7 days to the newest report day against the 7 before (at risk and largest drops first)',
    order: (a, b) =>
      Number(b['at_risk'] === 'true') - Number(a['at_risk'] === 'true') ||
      Number(a['change_pct'] || 0) - Number(b['change_pct'] || 0) ||
      (a['display_name'] ?? '').localeCompare(b['display_name'] ?? ''),
    columns: [
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Messages this week', field: 'messages_this_week', kind: 'count' },
      { heading: 'Last week', field: 'messages_last_week', kind: 'count' },
      { heading: 'Change %', field: 'change_pct', kind: 'number' },
      { heading: 'Credits this week', field: 'credits_this_week', kind: 'number' },
      { heading: 'Last week', field: 'credits_last_week', kind: 'number' },
      { heading: 'At risk', field: 'at_risk', kind: 'text' },
    ],
    footer: (rows) => `${formatValue(String(rows.filter((row) => row['at_risk'] === 'true').length), 'count')} at risk.`,
  },
  // Issue 13: cost by team, and the seats that are paid for but not used.
  teams: {
    view: 'team_monthly_cost',
    title: 'Cost by team this month (most expensive first)',
    about: newestMonth,
    order: byNumber('total_usd', -1),
    columns: [
      { heading: 'Team', field: 'team', kind: 'text' },
      { heading: 'People', field: 'people', kind: 'count' },
      { heading: 'Active', field: 'active_people', kind: 'count' },
      { heading: 'Plan credits', field: 'plan_credits_used', kind: 'number' },
      { heading: 'Overage credits', field: 'overage_credits_used', kind: 'number' },
      { heading: 'Subscription', field: 'subscription_usd', kind: 'usd' },
      { heading: 'Overage', field: 'overage_usd', kind: 'usd' },
      { heading: 'Total', field: 'total_usd', kind: 'usd' },
    ],
    footer: (rows) => `${formatValue(String(rows.length), 'count')} teams; the month costs ${formatValue(sumOf(rows, 'total_usd'), 'usd')} so far.`,
  },
  seats: {
    view: 'seat_summary',
    title: 'Licensed seats per month (newest first)',
    order: (a, b) => (b['month'] ?? '').localeCompare(a['month'] ?? ''),
    columns: [
      { heading: 'Month', field: 'month', kind: 'text' },
      { heading: 'Seats', field: 'licensed_seats', kind: 'count' },
      { heading: 'Used', field: 'used_seats', kind: 'count' },
      { heading: 'Idle', field: 'idle_seats', kind: 'count' },
      { heading: 'Never active', field: 'never_active_seats', kind: 'count' },
      { heading: 'Idle a month', field: 'idle_seat_usd', kind: 'usd' },
      { heading: 'Never active a month', field: 'never_active_seat_usd', kind: 'usd' },
    ],
    footer: (rows) => {
      const [newest] = newestMonth(rows);
      if (newest === undefined) return 'No seats: no report rows yet.';
      const saving = Number(newest['idle_seat_usd'] || 0) + Number(newest['never_active_seat_usd'] || 0);
      return `Reclaiming this month's idle and never-active seats saves ${formatValue(String(saving), 'usd')} a month.`;
    },
  },
  'never-active': {
    view: 'never_active_users',
    title: 'Seat holders who never used Kiro (dearest seat first)',
    order: byNumber('monthly_seat_usd', -1),
    columns: [
      { heading: 'Person', field: 'display_name', kind: 'text' },
      { heading: 'Licensed group', field: 'licensed_group', kind: 'text' },
      { heading: 'Tier', field: 'licensed_tier', kind: 'text' },
      { heading: 'Seat a month', field: 'monthly_seat_usd', kind: 'usd' },
    ],
    footer: (rows) => `${formatValue(String(rows.length), 'count')} never active; reclaiming their seats saves ${formatValue(sumOf(rows, 'monthly_seat_usd'), 'usd')} a month.`,
  },
};

/** The view each question reads (the user question also reads user_directory for user names). */
export function viewsFor(command: keyof typeof RANKED | 'user'): string[] {
  return command === 'user' ? ['user_summary', 'user_monthly_cost', 'user_directory'] : [RANKED[command].view];
}

/** The view of a person's model mix: the user question reads it when the run exported it (a run before it did not). */
export const MODEL_MIX_VIEW = 'model_mix_by_person';

/** Views a question shows more from when they are there; a missing one is said in the answer. */
export function optionalViewsFor(command: keyof typeof RANKED | 'user'): string[] {
  return command === 'user' ? [MODEL_MIX_VIEW] : [];
}

/** The top `limit` rows of a ranked question, as a table with a title (and a footer when the question has one). */
export function rankedAnswer(command: keyof typeof RANKED, views: ViewRows, limit: number): Answer {
  const question = RANKED[command];
  const all = (question.about ?? ((rows: readonly CsvRow[]) => [...rows]))(views[question.view] ?? []);
  const rows = [...all].sort(question.order).slice(0, limit);
  const body = rows.length === 0 ? 'Nobody.' : formatTable(question.columns, rows);
  const shown = all.length > rows.length ? `\n(${rows.length} of ${all.length}; --limit N shows more)` : '';
  const footer = question.footer ? `\n\n${question.footer(all)}` : '';
  return { rows, text: `${question.title}\n\n${body}${shown}${footer}` };
}

const SUMMARY_FIELDS: Column[] = [
  { heading: 'Person', field: 'display_name', kind: 'text' },
  { heading: 'User id', field: 'userid', kind: 'text' },
  { heading: 'First seen', field: 'first_seen', kind: 'text' },
  { heading: 'Last seen', field: 'last_seen', kind: 'text' },
  { heading: 'Active days', field: 'active_days', kind: 'count' },
  { heading: 'Days inactive', field: 'days_inactive', kind: 'count' },
  { heading: 'Clients', field: 'clients', kind: 'text' },
  { heading: 'Latest tier', field: 'latest_tier', kind: 'text' },
  { heading: 'Usage category', field: 'usage_category', kind: 'text' },
  { heading: 'Activity score (window)', field: 'activity_score_30d', kind: 'number' },
  { heading: 'Messages (window)', field: 'messages_30d', kind: 'count' },
  { heading: 'Conversations (window)', field: 'conversations_30d', kind: 'count' },
  { heading: 'AI code lines (window)', field: 'ai_code_lines_30d', kind: 'count' },
  { heading: 'Credits (window)', field: 'credits_30d', kind: 'number' },
  { heading: 'Overage credits (window)', field: 'overage_credits_30d', kind: 'number' },
  { heading: 'Credits (all time)', field: 'credits_total', kind: 'number' },
  { heading: 'Cost (all time)', field: 'cost_usd_total', kind: 'usd' },
];

const MONTH_COLUMNS: Column[] = [
  { heading: 'Month', field: 'month', kind: 'text' },
  { heading: 'Tier', field: 'tier', kind: 'text' },
  { heading: 'Credits', field: 'credits_used', kind: 'number' },
  { heading: 'Overage credits', field: 'overage_credits_used', kind: 'number' },
  { heading: 'Plan used', field: 'plan_utilization', kind: 'percent' },
  { heading: 'Subscription', field: 'subscription_usd', kind: 'usd' },
  { heading: 'Overage', field: 'overage_usd', kind: 'usd' },
  { heading: 'Total', field: 'total_usd', kind: 'usd' },
];

const MODEL_MIX_COLUMNS: Column[] = [
  { heading: 'Model', field: 'model', kind: 'text' },
  { heading: 'Messages (window)', field: 'messages_30d', kind: 'count' },
  { heading: 'Share (window)', field: 'share_of_person_30d', kind: 'percent' },
  { heading: 'Messages (all time)', field: 'messages_total', kind: 'count' },
  { heading: 'Share (all time)', field: 'share_of_person_total', kind: 'percent' },
];

/** Thrown when the user question matches nobody or several people; the message says which. */
export class NoSinglePersonError extends Error {
  override name = 'NoSinglePersonError';
}

/**
 * The people whose id, display name or user name equals `query` (case-insensitive); when none
 * does exactly, those whose display name or user name contains it.
 */
export function findPeople(query: string, views: ViewRows): CsvRow[] {
  const wanted = query.trim().toLowerCase();
  const userNames = new Map((views['user_directory'] ?? []).map((row) => [row['userid'], (row['user_name'] ?? '').toLowerCase()]));
  const people = views['user_summary'] ?? [];
  const names = (row: CsvRow): string[] => [(row['display_name'] ?? '').toLowerCase(), userNames.get(row['userid']) ?? ''];
  const exact = people.filter((row) => (row['userid'] ?? '').toLowerCase() === wanted || names(row).includes(wanted));
  return exact.length > 0 ? exact : people.filter((row) => names(row).some((name) => name !== '' && name.includes(wanted)));
}

/**
 * One person's summary, monthly costs and model mix (messages per model, most used in all time
 * first). Throws {@link NoSinglePersonError} unless exactly one person matches.
 */
export function userAnswer(query: string, views: ViewRows): Answer {
  const matches = findPeople(query, views);
  if (matches.length === 0) {
    throw new NoSinglePersonError(`Nobody matches "${query}" (by id, display name or user name).`);
  }
  if (matches.length > 1) {
    const candidates = matches.map((row) => `  ${row['display_name']} (${row['userid']})`).join('\n');
    throw new NoSinglePersonError(`"${query}" matches ${matches.length} people; ask for one of them by id:\n${candidates}`);
  }
  const [person] = matches as [CsvRow];
  const months = (views['user_monthly_cost'] ?? [])
    .filter((row) => row['userid'] === person['userid'])
    .sort((a, b) => (a['month'] ?? '').localeCompare(b['month'] ?? ''));
  const monthText = months.length === 0 ? 'No monthly costs (no user_report rows).' : formatTable(MONTH_COLUMNS, months);
  const mixRows = views[MODEL_MIX_VIEW];
  const models = (mixRows ?? [])
    .filter((row) => row['userid'] === person['userid'])
    .sort((a, b) => Number(b['messages_total'] || 0) - Number(a['messages_total'] || 0) || (a['model'] ?? '').localeCompare(b['model'] ?? ''));
  const modelText =
    mixRows === undefined
      ? `No model mix: views/${MODEL_MIX_VIEW}.csv is missing (run \`npm run local\` again).`
      : models.length === 0
        ? 'No messages per model.'
        : formatTable(MODEL_MIX_COLUMNS, models);
  return {
    rows: { summary: person, monthlyCosts: months, modelMix: models },
    text: `${formatFields(SUMMARY_FIELDS, person)}\n\nMonthly costs\n\n${monthText}\n\nModel mix\n\n${modelText}`,
  };
}
