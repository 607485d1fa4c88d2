/**
 * The dashboard as data: the datasets (one per view, with the columns they import) and the six
 * sheets with their visuals. The QuickSight constructs and the local `dashboard.html` are both
 * drawn from this one description, so the picture in AWS and on a laptop cannot drift apart.
 */
import type { PipelineConfig } from '../handlers/shared/config.js';

/** QuickSight's column types for a dataset's physical table (Athena DATE maps to DATETIME). */
export type DatasetColumnType = 'STRING' | 'INTEGER' | 'DECIMAL' | 'DATETIME' | 'BOOLEAN';

/** A column a dataset imports from its view. */
export interface DatasetColumn {
  name: string;
  type: DatasetColumnType;
}

/** A column a dataset adds as the sum of numeric columns it imports (a QuickSight calculated column). */
export interface SumColumn {
  name: string;
  sumOf: readonly string[];
}

/** A SPICE dataset over one Athena view. */
export interface DatasetSpec {
  /** Short key: the local dataset file name (`datasets/<key>.csv`) and the AWS dataset id suffix. */
  key: string;
  /** The view in `sql/` it reads. */
  view: string;
  /** Human name in QuickSight. */
  title: string;
  columns: readonly DatasetColumn[];
  sumColumns?: readonly SumColumn[];
  /**
   * The DATETIME column saying which day (`grain: 'day'`) or calendar month (its first day,
   * `grain: 'month'`) a row counts for: the local page's date range keeps the rows of the days
   * in it (a month: when any of its days is in it). Absent: the rows are measured at the as-of
   * date (e.g. a trailing window) and no date range applies to them.
   */
  period?: { field: string; grain: 'day' | 'month' };
  /**
   * Refreshed incrementally in AWS (SPICE incremental refresh on this DATETIME day column): each
   * run imports again only the rows of the last `quicksight.refreshLookbackDays` days, where a
   * re-exported day lands; older rows stay as imported, names included. For daily views whose
   * older days change only by a re-export. Absent: every run imports the whole view.
   */
  incrementalRefresh?: { column: string };
  /**
   * Also imports each row's person's team now as {@link TEAM_COLUMN}: `user_directory`'s team of
   * the row's `userid` (NULL when unknown), joined to the view's rows as QuickSight joins two
   * tables of a dataset. It lets a sheet's team filter narrow a dataset whose view has no team.
   * Not with {@link incrementalRefresh}: older rows would keep the team they were imported with.
   */
  teamOfPerson?: true;
}

/** The column a dataset with {@link DatasetSpec.teamOfPerson} imports, and the view it comes from. */
export const TEAM_COLUMN = { name: 'team', type: 'STRING', view: 'user_directory' } as const;

/** Every column a dataset imports: its view's, then the team of {@link DatasetSpec.teamOfPerson}. */
export function importedColumns(dataset: DatasetSpec): readonly DatasetColumn[] {
  return dataset.teamOfPerson ? [...dataset.columns, { name: TEAM_COLUMN.name, type: TEAM_COLUMN.type }] : dataset.columns;
}

/** How a number is shown. */
export type NumberFormat = 'number' | 'usd' | 'percent';

/** An aggregated value: a column aggregated, or the ratio of two column sums. */
export type Measure =
  | { label: string; field: string; aggregation: 'SUM' | 'AVERAGE' | 'COUNT' | 'DISTINCT_COUNT'; format: NumberFormat }
  | { label: string; ratioOf: readonly [numerator: string, denominator: string]; format: 'percent' };

/** A column to group by. */
export interface Dimension {
  label: string;
  field: string;
}

/** A table column shown as it is (one row of the dataset per table row). */
export interface TableColumn {
  label: string;
  field: string;
  format?: NumberFormat;
}

/** A sort key of a table. */
export interface SortKey {
  field: string;
  direction: 'ASC' | 'DESC';
}

/** One visual on a sheet. */
export type VisualSpec =
  | { kind: 'kpi'; id: string; title: string; dataset: string; measure: Measure }
  | {
      kind: 'line';
      id: string;
      title: string;
      dataset: string;
      date: Dimension;
      measures: readonly Measure[];
      /** One line per value of this text column (largest overall first); then exactly one measure. */
      seriesBy?: Dimension;
    }
  | {
      kind: 'bar';
      id: string;
      title: string;
      dataset: string;
      /** A text column (horizontal bars, largest first); with `shareBy` also a date (one bar per day). */
      category: Dimension;
      measure: Measure;
      /** Bars shown, largest first; not with `shareBy`. */
      top?: number;
      /**
       * Splits each bar by this text column, each part its share of the bar (a 100% stacked
       * column chart): the bars stand in category order, the parts largest overall first.
       */
      shareBy?: Dimension;
    }
  | { kind: 'pie'; id: string; title: string; dataset: string; category: Dimension; measure: Measure }
  | {
      kind: 'table';
      id: string;
      title: string;
      dataset: string;
      columns: readonly TableColumn[];
      sortBy: SortKey;
      /** Further sort keys, for rows equal in `sortBy`. */
      thenBy?: readonly SortKey[];
      /** Only the rows whose numeric `field` is at most `atMost` (e.g. a rank); an empty cell is left out. */
      rowFilter?: { field: string; atMost: number };
      /** Rows shown; all rows when absent. */
      limit?: number;
    }
  | {
      kind: 'pivot';
      id: string;
      title: string;
      dataset: string;
      /** Text columns, one row per combination of their values (in that order, ascending). */
      rows: readonly Dimension[];
      /** A date column: one column per day, ascending. */
      columns: Dimension;
      /** The cell of a row and a day. */
      measure: Measure;
    };

/**
 * A filter control of a sheet: a choice among the values of a text column, narrowing the sheet's
 * visuals it applies to ({@link filteredVisuals}) to the rows of the chosen value.
 */
export interface SheetFilter {
  /** Unique within the sheet. */
  id: string;
  label: string;
  field: string;
}

/** One sheet (tab) of the dashboard. */
export interface SheetSpec {
  id: string;
  title: string;
  visuals: readonly VisualSpec[];
  /** Filter controls; none when absent. */
  filters?: readonly SheetFilter[];
}

/** The whole dashboard. */
export interface DashboardSpec {
  title: string;
  datasets: readonly DatasetSpec[];
  sheets: readonly SheetSpec[];
}

/**
 * The columns naming a person in every dataset about people: the local page opens a person's
 * detail from a `name` cell of a table whose dataset also imports `id`.
 */
export const PERSON_FIELDS = { id: 'userid', name: 'display_name' } as const;

const sum = (label: string, field: string, format: NumberFormat = 'number'): Measure => ({ label, field, aggregation: 'SUM', format });
const person: Dimension = { label: 'Person', field: PERSON_FIELDS.name };
const reportDay: Dimension = { label: 'Day', field: 'report_date' };
const byDay = { field: 'report_date', grain: 'day' } as const;
const byMonth = { field: 'month', grain: 'month' } as const;
const month: Dimension = { label: 'Month', field: 'month' };
const team: Dimension = { label: 'Team', field: 'team' };
const teamFilter: SheetFilter = { id: 'team', label: 'Team', field: 'team' };

/** The Kiro activity dashboard: Overview, Behaviour (with the model mix), Cost, People, Engagement and Teams. */
export const DASHBOARD: DashboardSpec = {
  title: 'Kiro activity',
  datasets: [
    {
      key: 'credits_by_person',
      view: 'credits_by_person',
      title: 'Kiro credits by person',
      period: byDay,
      incrementalRefresh: { column: 'report_date' },
      columns: [
        { name: 'report_date', type: 'DATETIME' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'client_type', type: 'STRING' },
        { name: 'subscription_tier', type: 'STRING' },
        { name: 'credits_used', type: 'DECIMAL' },
        { name: 'overage_credits_used', type: 'DECIMAL' },
        { name: 'total_messages', type: 'INTEGER' },
        { name: 'chat_conversations', type: 'INTEGER' },
      ],
    },
    {
      key: 'activity_by_person',
      view: 'activity_by_person',
      title: 'Kiro activity by person',
      period: byDay,
      incrementalRefresh: { column: 'report_date' },
      columns: [
        { name: 'report_date', type: 'DATETIME' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'chat_aicodelines', type: 'INTEGER' },
        { name: 'chat_messagessent', type: 'INTEGER' },
        { name: 'inline_aicodelines', type: 'INTEGER' },
        { name: 'inline_acceptancecount', type: 'INTEGER' },
        { name: 'inline_suggestionscount', type: 'INTEGER' },
      ],
      sumColumns: [{ name: 'ai_code_lines', sumOf: ['chat_aicodelines', 'inline_aicodelines'] }],
    },
    {
      key: 'user_summary',
      view: 'user_summary',
      title: 'Kiro people summary',
      columns: [
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'team', type: 'STRING' },
        { name: 'latest_tier', type: 'STRING' },
        { name: 'usage_category', type: 'STRING' },
        { name: 'last_seen', type: 'DATETIME' },
        { name: 'messages_30d', type: 'INTEGER' },
        { name: 'credits_30d', type: 'DECIMAL' },
        { name: 'activity_score_30d', type: 'DECIMAL' },
        { name: 'cost_usd_total', type: 'DECIMAL' },
      ],
    },
    {
      key: 'user_monthly_cost',
      view: 'user_monthly_cost',
      title: 'Kiro monthly cost per person',
      period: byMonth,
      columns: [
        { name: 'month', type: 'DATETIME' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'tier', type: 'STRING' },
        { name: 'credits_used', type: 'DECIMAL' },
        { name: 'overage_credits_used', type: 'DECIMAL' },
        { name: 'plan_utilization', type: 'DECIMAL' },
        { name: 'subscription_usd', type: 'DECIMAL' },
        { name: 'overage_usd', type: 'DECIMAL' },
        { name: 'total_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'top_users_by_cost',
      view: 'top_users_by_cost',
      title: 'Kiro top people by cost this month',
      teamOfPerson: true,
      columns: [
        { name: 'rank', type: 'INTEGER' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'tier', type: 'STRING' },
        { name: 'credits_used', type: 'DECIMAL' },
        { name: 'total_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'top_users_by_usage',
      view: 'top_users_by_usage',
      title: 'Kiro top people by usage',
      teamOfPerson: true,
      columns: [
        { name: 'rank', type: 'INTEGER' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'usage_category', type: 'STRING' },
        { name: 'activity_score_30d', type: 'DECIMAL' },
        { name: 'messages_30d', type: 'INTEGER' },
      ],
    },
    {
      key: 'inactive_users',
      view: 'inactive_users',
      title: 'Kiro inactive people',
      teamOfPerson: true,
      columns: [
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'last_seen', type: 'DATETIME' },
        { name: 'days_inactive', type: 'INTEGER' },
        { name: 'latest_tier', type: 'STRING' },
        { name: 'monthly_seat_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'model_messages_daily',
      view: 'model_messages_daily',
      title: 'Kiro messages per model',
      period: byDay,
      incrementalRefresh: { column: 'report_date' },
      columns: [
        { name: 'report_date', type: 'DATETIME' },
        { name: 'userid', type: 'STRING' },
        { name: 'client_type', type: 'STRING' },
        { name: 'model', type: 'STRING' },
        { name: 'messages', type: 'INTEGER' },
      ],
    },
    {
      key: 'model_mix_by_person',
      view: 'model_mix_by_person',
      title: 'Kiro model mix by person',
      columns: [
        { name: 'model', type: 'STRING' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'messages_30d', type: 'INTEGER' },
        { name: 'share_of_person_30d', type: 'DECIMAL' },
        { name: 'messages_total', type: 'INTEGER' },
        { name: 'model_messages_30d', type: 'INTEGER' },
        { name: 'share_of_model_30d', type: 'DECIMAL' },
        { name: 'rank_in_model_30d', type: 'INTEGER' },
      ],
    },
    {
      key: 'tier_recommendation',
      view: 'tier_recommendation',
      title: 'Kiro tier recommendations',
      teamOfPerson: true,
      columns: [
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'current_tier', type: 'STRING' },
        { name: 'projected_credits', type: 'DECIMAL' },
        { name: 'recommended_tier', type: 'STRING' },
        { name: 'action', type: 'STRING' },
        { name: 'monthly_saving_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'plan_utilization',
      view: 'plan_utilization',
      title: 'Kiro plan utilisation per person and month',
      period: byMonth,
      columns: [
        { name: 'month', type: 'DATETIME' },
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'tier', type: 'STRING' },
        { name: 'included_credits', type: 'DECIMAL' },
        { name: 'plan_credits_used', type: 'DECIMAL' },
        { name: 'utilization', type: 'DECIMAL' },
        { name: 'days_elapsed', type: 'INTEGER' },
        { name: 'days_in_month', type: 'INTEGER' },
        { name: 'projected_credits', type: 'DECIMAL' },
        { name: 'projected_utilization', type: 'DECIMAL' },
        { name: 'overage_credits_used', type: 'DECIMAL' },
      ],
    },
    {
      key: 'month_forecast',
      view: 'month_forecast',
      title: 'Kiro month forecast',
      period: byMonth,
      columns: [
        { name: 'month', type: 'DATETIME' },
        { name: 'days_elapsed', type: 'INTEGER' },
        { name: 'days_in_month', type: 'INTEGER' },
        { name: 'people', type: 'INTEGER' },
        { name: 'plan_credits_used', type: 'DECIMAL' },
        { name: 'overage_credits_used', type: 'DECIMAL' },
        { name: 'subscription_usd', type: 'DECIMAL' },
        { name: 'overage_usd', type: 'DECIMAL' },
        { name: 'projected_overage_usd', type: 'DECIMAL' },
        { name: 'projected_total_usd', type: 'DECIMAL' },
        { name: 'budget_usd', type: 'DECIMAL' },
        { name: 'over_budget', type: 'BOOLEAN' },
      ],
    },
    {
      key: 'active_users_rolling',
      view: 'active_users_rolling',
      title: 'Kiro daily, weekly and monthly active users',
      period: byDay,
      columns: [
        { name: 'report_date', type: 'DATETIME' },
        { name: 'dau', type: 'INTEGER' },
        { name: 'wau', type: 'INTEGER' },
        { name: 'mau', type: 'INTEGER' },
      ],
    },
    {
      key: 'active_users_daily',
      view: 'active_users_daily',
      title: 'Kiro active users per day, client and tier',
      period: byDay,
      columns: [
        { name: 'report_date', type: 'DATETIME' },
        { name: 'client_type', type: 'STRING' },
        { name: 'subscription_tier', type: 'STRING' },
        { name: 'active_users', type: 'INTEGER' },
        { name: 'new_users', type: 'INTEGER' },
      ],
    },
    {
      key: 'active_users_by_tier',
      view: 'active_users_by_tier',
      title: 'Kiro active users per day and tier',
      period: byDay,
      columns: [
        { name: 'report_date', type: 'DATETIME' },
        { name: 'subscription_tier', type: 'STRING' },
        { name: 'active_users', type: 'INTEGER' },
        { name: 'new_users', type: 'INTEGER' },
        { name: 'returning_users', type: 'INTEGER' },
      ],
    },
    {
      key: 'weekly_movers',
      view: 'weekly_movers',
      title: 'Kiro weekly movers',
      columns: [
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'messages_this_week', type: 'INTEGER' },
        { name: 'messages_last_week', type: 'INTEGER' },
        { name: 'credits_this_week', type: 'DECIMAL' },
        { name: 'credits_last_week', type: 'DECIMAL' },
        { name: 'change_pct', type: 'DECIMAL' },
        { name: 'at_risk', type: 'BOOLEAN' },
      ],
    },
    {
      key: 'engagement_segments',
      view: 'engagement_segments',
      title: 'Kiro engagement segments',
      columns: [
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'active_days_30d', type: 'INTEGER' },
        { name: 'segment', type: 'STRING' },
      ],
    },
    {
      key: 'team_monthly_cost',
      view: 'team_monthly_cost',
      title: 'Kiro monthly cost per team',
      period: byMonth,
      columns: [
        { name: 'month', type: 'DATETIME' },
        { name: 'team', type: 'STRING' },
        { name: 'people', type: 'INTEGER' },
        { name: 'active_people', type: 'INTEGER' },
        { name: 'plan_credits_used', type: 'DECIMAL' },
        { name: 'overage_credits_used', type: 'DECIMAL' },
        { name: 'subscription_usd', type: 'DECIMAL' },
        { name: 'overage_usd', type: 'DECIMAL' },
        { name: 'total_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'team_seats',
      view: 'team_seats',
      title: 'Kiro seats per team and month',
      period: byMonth,
      columns: [
        { name: 'month', type: 'DATETIME' },
        { name: 'team', type: 'STRING' },
        { name: 'licensed_seats', type: 'INTEGER' },
        { name: 'idle_seats', type: 'INTEGER' },
        { name: 'never_active_seats', type: 'INTEGER' },
        { name: 'idle_seat_usd', type: 'DECIMAL' },
        { name: 'never_active_seat_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'never_active_users',
      view: 'never_active_users',
      title: 'Kiro seats never used',
      teamOfPerson: true,
      columns: [
        { name: 'userid', type: 'STRING' },
        { name: 'display_name', type: 'STRING' },
        { name: 'user_name', type: 'STRING' },
        { name: 'licensed_group', type: 'STRING' },
        { name: 'licensed_tier', type: 'STRING' },
        { name: 'monthly_seat_usd', type: 'DECIMAL' },
      ],
    },
    {
      key: 'engagement_funnel',
      view: 'engagement_funnel',
      title: 'Kiro engagement funnel',
      columns: [
        { name: 'segment', type: 'STRING' },
        { name: 'people', type: 'INTEGER' },
      ],
    },
  ],
  sheets: [
    {
      id: 'overview',
      title: 'Overview',
      visuals: [
        { kind: 'kpi', id: 'overview-active-users', title: 'Active users', dataset: 'credits_by_person', measure: { label: 'Active users', field: 'userid', aggregation: 'DISTINCT_COUNT', format: 'number' } },
        { kind: 'kpi', id: 'overview-credits', title: 'Credits', dataset: 'credits_by_person', measure: sum('Credits', 'credits_used') },
        { kind: 'kpi', id: 'overview-overage-credits', title: 'Overage credits', dataset: 'credits_by_person', measure: sum('Overage credits', 'overage_credits_used') },
        { kind: 'kpi', id: 'overview-messages', title: 'Messages', dataset: 'credits_by_person', measure: sum('Messages', 'total_messages') },
        { kind: 'line', id: 'overview-daily-credits', title: 'Credits per day', dataset: 'credits_by_person', date: reportDay, measures: [sum('Credits', 'credits_used')] },
        { kind: 'bar', id: 'overview-top-credits', title: 'Top 10 people by credits', dataset: 'credits_by_person', category: person, measure: sum('Credits', 'credits_used'), top: 10 },
        { kind: 'pie', id: 'overview-people-per-tier', title: 'People per tier', dataset: 'user_summary', category: { label: 'Tier', field: 'latest_tier' }, measure: { label: 'People', field: 'userid', aggregation: 'COUNT', format: 'number' } },
      ],
    },
    {
      id: 'behaviour',
      title: 'Behaviour',
      visuals: [
        { kind: 'kpi', id: 'behaviour-ai-code-lines', title: 'AI code lines', dataset: 'activity_by_person', measure: sum('AI code lines', 'ai_code_lines') },
        { kind: 'kpi', id: 'behaviour-inline-code-lines', title: 'Inline code lines', dataset: 'activity_by_person', measure: sum('Inline code lines', 'inline_aicodelines') },
        { kind: 'kpi', id: 'behaviour-chat-messages', title: 'Chat messages', dataset: 'activity_by_person', measure: sum('Chat messages', 'chat_messagessent') },
        {
          kind: 'line',
          id: 'behaviour-code-generation',
          title: 'Code generation per day',
          dataset: 'activity_by_person',
          date: reportDay,
          measures: [sum('Chat code lines', 'chat_aicodelines'), sum('Inline code lines', 'inline_aicodelines')],
        },
        {
          kind: 'line',
          id: 'behaviour-inline-acceptance',
          title: 'Inline suggestion acceptance rate',
          dataset: 'activity_by_person',
          date: reportDay,
          measures: [{ label: 'Accepted', ratioOf: ['inline_acceptancecount', 'inline_suggestionscount'], format: 'percent' }],
        },
        { kind: 'bar', id: 'behaviour-top-code-lines', title: 'Top 10 people by AI code lines', dataset: 'activity_by_person', category: person, measure: sum('AI code lines', 'ai_code_lines'), top: 10 },
        {
          kind: 'bar',
          id: 'behaviour-model-mix',
          title: 'Share of messages per model, per day',
          dataset: 'model_messages_daily',
          category: reportDay,
          shareBy: { label: 'Model', field: 'model' },
          measure: sum('Messages', 'messages'),
        },
        {
          kind: 'table',
          id: 'behaviour-top-people-per-model',
          title: 'Top 10 people per model (30 days)',
          dataset: 'model_mix_by_person',
          columns: [
            { label: 'Model', field: 'model' },
            { label: 'Model messages', field: 'model_messages_30d', format: 'number' },
            { label: 'Rank', field: 'rank_in_model_30d' },
            { label: 'Person', field: 'display_name' },
            { label: 'Messages', field: 'messages_30d', format: 'number' },
            { label: 'Share of the model', field: 'share_of_model_30d', format: 'percent' },
            { label: 'Share of their messages', field: 'share_of_person_30d', format: 'percent' },
          ],
          // Most used model first, its people by rank.
          sortBy: { field: 'model_messages_30d', direction: 'DESC' },
          thenBy: [
            { field: 'model', direction: 'ASC' },
            { field: 'rank_in_model_30d', direction: 'ASC' },
          ],
          rowFilter: { field: 'rank_in_model_30d', atMost: 10 },
        },
      ],
    },
    {
      id: 'cost',
      title: 'Cost',
      visuals: [
        { kind: 'line', id: 'cost-daily-overage', title: 'Overage credits per day', dataset: 'credits_by_person', date: reportDay, measures: [sum('Overage credits', 'overage_credits_used')] },
        {
          kind: 'bar',
          id: 'cost-credits-per-tier',
          title: 'Average monthly credits per person, by tier',
          dataset: 'user_monthly_cost',
          category: { label: 'Tier', field: 'tier' },
          measure: { label: 'Average credits', field: 'credits_used', aggregation: 'AVERAGE', format: 'number' },
        },
        {
          kind: 'table',
          id: 'cost-per-person',
          title: 'Credits and cost per person and month',
          dataset: 'user_monthly_cost',
          columns: [
            { label: 'Month', field: 'month' },
            { label: 'Person', field: 'display_name' },
            { label: 'Tier', field: 'tier' },
            { label: 'Credits', field: 'credits_used', format: 'number' },
            { label: 'Overage credits', field: 'overage_credits_used', format: 'number' },
            { label: 'Plan used', field: 'plan_utilization', format: 'percent' },
            { label: 'Subscription', field: 'subscription_usd', format: 'usd' },
            { label: 'Overage', field: 'overage_usd', format: 'usd' },
            { label: 'Total', field: 'total_usd', format: 'usd' },
          ],
          sortBy: { field: 'total_usd', direction: 'DESC' },
          limit: 200,
        },
        {
          kind: 'table',
          id: 'cost-month-forecast',
          title: 'Month forecast against the budget',
          dataset: 'month_forecast',
          columns: [
            { label: 'Month', field: 'month' },
            { label: 'Days so far', field: 'days_elapsed', format: 'number' },
            { label: 'Days in month', field: 'days_in_month', format: 'number' },
            { label: 'People', field: 'people', format: 'number' },
            { label: 'Subscriptions', field: 'subscription_usd', format: 'usd' },
            { label: 'Overage so far', field: 'overage_usd', format: 'usd' },
            { label: 'Projected overage', field: 'projected_overage_usd', format: 'usd' },
            { label: 'Projected total', field: 'projected_total_usd', format: 'usd' },
            { label: 'Budget', field: 'budget_usd', format: 'usd' },
            { label: 'Over budget', field: 'over_budget' },
          ],
          sortBy: { field: 'month', direction: 'DESC' },
        },
        {
          kind: 'table',
          id: 'cost-plan-utilization',
          title: 'Plan utilisation per person and month, with the month-end projection',
          dataset: 'plan_utilization',
          columns: [
            { label: 'Month', field: 'month' },
            { label: 'Person', field: 'display_name' },
            { label: 'Tier', field: 'tier' },
            { label: 'Included credits', field: 'included_credits', format: 'number' },
            { label: 'Plan credits used', field: 'plan_credits_used', format: 'number' },
            { label: 'Plan used', field: 'utilization', format: 'percent' },
            { label: 'Projected credits', field: 'projected_credits', format: 'number' },
            { label: 'Projected use', field: 'projected_utilization', format: 'percent' },
            { label: 'Overage credits', field: 'overage_credits_used', format: 'number' },
          ],
          // The newest month first, the people closest to (or past) their allowance at its end first.
          sortBy: { field: 'month', direction: 'DESC' },
          thenBy: [{ field: 'projected_utilization', direction: 'DESC' }],
          limit: 200,
        },
      ],
    },
    {
      id: 'people',
      title: 'People',
      filters: [teamFilter],
      visuals: [
        {
          kind: 'table',
          id: 'people-top-cost',
          title: 'Top people by cost this month',
          dataset: 'top_users_by_cost',
          columns: [
            { label: 'Rank', field: 'rank' },
            { label: 'Person', field: 'display_name' },
            { label: 'Tier', field: 'tier' },
            { label: 'Credits', field: 'credits_used', format: 'number' },
            { label: 'Cost', field: 'total_usd', format: 'usd' },
          ],
          sortBy: { field: 'rank', direction: 'ASC' },
          limit: 10,
        },
        {
          kind: 'table',
          id: 'people-top-usage',
          title: 'Top people by usage (30 days)',
          dataset: 'top_users_by_usage',
          columns: [
            { label: 'Rank', field: 'rank' },
            { label: 'Person', field: 'display_name' },
            { label: 'Usage', field: 'usage_category' },
            { label: 'Activity score', field: 'activity_score_30d', format: 'number' },
            { label: 'Messages', field: 'messages_30d', format: 'number' },
          ],
          sortBy: { field: 'rank', direction: 'ASC' },
          limit: 10,
        },
        {
          kind: 'table',
          id: 'people-inactive',
          title: 'Inactive people and their seat cost',
          dataset: 'inactive_users',
          columns: [
            { label: 'Person', field: 'display_name' },
            { label: 'Last seen', field: 'last_seen' },
            { label: 'Days inactive', field: 'days_inactive', format: 'number' },
            { label: 'Tier', field: 'latest_tier' },
            { label: 'Seat per month', field: 'monthly_seat_usd', format: 'usd' },
          ],
          sortBy: { field: 'days_inactive', direction: 'DESC' },
          limit: 200,
        },
        { kind: 'pie', id: 'people-usage-categories', title: 'Usage categories', dataset: 'user_summary', category: { label: 'Usage', field: 'usage_category' }, measure: { label: 'People', field: 'userid', aggregation: 'COUNT', format: 'number' } },
        {
          kind: 'table',
          id: 'people-recommendations',
          title: 'Tier recommendations',
          dataset: 'tier_recommendation',
          columns: [
            { label: 'Person', field: 'display_name' },
            { label: 'Current tier', field: 'current_tier' },
            { label: 'Projected credits', field: 'projected_credits', format: 'number' },
            { label: 'Recommended tier', field: 'recommended_tier' },
            { label: 'Action', field: 'action' },
            { label: 'Saving per month', field: 'monthly_saving_usd', format: 'usd' },
          ],
          sortBy: { field: 'monthly_saving_usd', direction: 'DESC' },
          limit: 200,
        },
        {
          kind: 'table',
          id: 'people-never-active',
          title: 'Seats never used: seat holders with no report row',
          dataset: 'never_active_users',
          columns: [
            { label: 'Person', field: 'display_name' },
            { label: 'User name', field: 'user_name' },
            { label: 'Group', field: 'licensed_group' },
            { label: 'Tier', field: 'licensed_tier' },
            { label: 'Seat per month', field: 'monthly_seat_usd', format: 'usd' },
          ],
          sortBy: { field: 'monthly_seat_usd', direction: 'DESC' },
          thenBy: [{ field: 'display_name', direction: 'ASC' }],
          limit: 200,
        },
        {
          kind: 'table',
          id: 'people-teams',
          title: 'People and their teams',
          dataset: 'user_summary',
          columns: [
            { label: 'Person', field: 'display_name' },
            { label: 'Team', field: 'team' },
            { label: 'Tier', field: 'latest_tier' },
            { label: 'Usage', field: 'usage_category' },
            { label: 'Last seen', field: 'last_seen' },
            { label: 'Cost so far', field: 'cost_usd_total', format: 'usd' },
          ],
          sortBy: { field: 'team', direction: 'ASC' },
          thenBy: [{ field: 'cost_usd_total', direction: 'DESC' }],
          limit: 200,
        },
        {
          kind: 'pivot',
          id: 'people-credits-per-day',
          title: 'Credits per person and day',
          dataset: 'credits_by_person',
          rows: [person, { label: 'User id', field: PERSON_FIELDS.id }],
          columns: reportDay,
          measure: sum('Credits', 'credits_used'),
        },
      ],
    },
    {
      id: 'engagement',
      title: 'Engagement',
      visuals: [
        {
          kind: 'line',
          id: 'engagement-active-users',
          title: 'Daily, weekly and monthly active users',
          dataset: 'active_users_rolling',
          date: reportDay,
          measures: [sum('Active that day', 'dau'), sum('In the 7 days to it', 'wau'), sum('In the 30 days to it', 'mau')],
        },
        {
          kind: 'line',
          id: 'engagement-new-returning',
          title: 'New and returning users per day',
          dataset: 'active_users_by_tier',
          date: reportDay,
          measures: [sum('New', 'new_users'), sum('Returning', 'returning_users')],
        },
        {
          kind: 'line',
          id: 'engagement-active-by-client',
          title: 'Active users per day by client (a person in two clients counts in each)',
          dataset: 'active_users_daily',
          date: reportDay,
          measures: [sum('Active users', 'active_users')],
          seriesBy: { label: 'Client', field: 'client_type' },
        },
        {
          kind: 'line',
          id: 'engagement-active-by-tier',
          title: 'Active users per day by tier',
          dataset: 'active_users_by_tier',
          date: reportDay,
          measures: [sum('Active users', 'active_users')],
          seriesBy: { label: 'Tier', field: 'subscription_tier' },
        },
        {
          kind: 'bar',
          id: 'engagement-funnel',
          title: 'People per engagement segment (trailing window)',
          dataset: 'engagement_funnel',
          category: { label: 'Segment', field: 'segment' },
          measure: sum('People', 'people'),
        },
        {
          kind: 'table',
          id: 'engagement-movers',
          title: 'Weekly movers: this week against last week, at risk first',
          dataset: 'weekly_movers',
          columns: [
            { label: 'Person', field: 'display_name' },
            { label: 'Messages this week', field: 'messages_this_week', format: 'number' },
            { label: 'Messages last week', field: 'messages_last_week', format: 'number' },
            { label: 'Change (%)', field: 'change_pct', format: 'number' },
            { label: 'Credits this week', field: 'credits_this_week', format: 'number' },
            { label: 'Credits last week', field: 'credits_last_week', format: 'number' },
            { label: 'At risk', field: 'at_risk' },
          ],
          sortBy: { field: 'at_risk', direction: 'DESC' },
          thenBy: [{ field: 'change_pct', direction: 'ASC' }],
          limit: 200,
        },
        {
          kind: 'table',
          id: 'engagement-segments',
          title: 'Engagement segments: active days in the trailing window',
          dataset: 'engagement_segments',
          columns: [
            { label: 'Person', field: 'display_name' },
            { label: 'Active days', field: 'active_days_30d', format: 'number' },
            { label: 'Segment', field: 'segment' },
          ],
          sortBy: { field: 'active_days_30d', direction: 'DESC' },
          thenBy: [{ field: 'display_name', direction: 'ASC' }],
          limit: 200,
        },
      ],
    },
    {
      id: 'teams',
      title: 'Teams',
      filters: [teamFilter],
      visuals: [
        {
          kind: 'line',
          id: 'teams-cost-per-month',
          title: 'Cost per team and month',
          dataset: 'team_monthly_cost',
          date: month,
          measures: [sum('Cost', 'total_usd', 'usd')],
          seriesBy: team,
        },
        { kind: 'bar', id: 'teams-cost', title: 'Cost per team', dataset: 'team_monthly_cost', category: team, measure: sum('Cost', 'total_usd', 'usd') },
        {
          kind: 'table',
          id: 'teams-monthly',
          title: 'People, active people and cost per team and month',
          dataset: 'team_monthly_cost',
          columns: [
            { label: 'Month', field: 'month' },
            { label: 'Team', field: 'team' },
            { label: 'People', field: 'people', format: 'number' },
            { label: 'Active people', field: 'active_people', format: 'number' },
            { label: 'Plan credits', field: 'plan_credits_used', format: 'number' },
            { label: 'Overage credits', field: 'overage_credits_used', format: 'number' },
            { label: 'Subscriptions', field: 'subscription_usd', format: 'usd' },
            { label: 'Overage', field: 'overage_usd', format: 'usd' },
            { label: 'Total', field: 'total_usd', format: 'usd' },
          ],
          sortBy: { field: 'month', direction: 'DESC' },
          thenBy: [{ field: 'total_usd', direction: 'DESC' }],
          limit: 200,
        },
        {
          kind: 'table',
          id: 'teams-seats',
          title: 'Seats per team and month: idle and never used, and what reclaiming them saves a month',
          dataset: 'team_seats',
          columns: [
            { label: 'Month', field: 'month' },
            { label: 'Team', field: 'team' },
            { label: 'Seats', field: 'licensed_seats', format: 'number' },
            { label: 'Idle', field: 'idle_seats', format: 'number' },
            { label: 'Never used', field: 'never_active_seats', format: 'number' },
            { label: 'Idle seats per month', field: 'idle_seat_usd', format: 'usd' },
            { label: 'Never-used seats per month', field: 'never_active_seat_usd', format: 'usd' },
          ],
          sortBy: { field: 'month', direction: 'DESC' },
          thenBy: [{ field: 'team', direction: 'ASC' }],
          limit: 200,
        },
      ],
    },
  ],
};

/** The dataset a key names; throws naming the key when there is none (a spec error). */
export function datasetByKey(spec: DashboardSpec, key: string): DatasetSpec {
  const dataset = spec.datasets.find((candidate) => candidate.key === key);
  if (!dataset) throw new Error(`dashboard spec: no dataset "${key}" (datasets: ${spec.datasets.map((d) => d.key).join(', ')})`);
  return dataset;
}

/**
 * The visuals of `sheet` a filter narrows to the rows of the chosen value: its tables, KPIs and
 * bar and pie charts whose dataset imports the filter's column (QuickSight filters the rows
 * before it aggregates them), and its line charts whose lines are that column's values
 * (`seriesBy`). Share charts and pivots, and visuals whose dataset has no such column, keep all
 * their rows.
 */
export function filteredVisuals(spec: DashboardSpec, sheet: SheetSpec, filter: SheetFilter): VisualSpec[] {
  const imports = (visual: VisualSpec): boolean => importedColumns(datasetByKey(spec, visual.dataset)).some((column) => column.name === filter.field);
  return sheet.visuals.filter((visual) => {
    switch (visual.kind) {
      case 'table':
      case 'kpi':
      case 'pie':
        return imports(visual);
      case 'bar':
        return visual.shareBy === undefined && imports(visual);
      case 'line':
        return visual.seriesBy?.field === filter.field && imports(visual);
      case 'pivot':
        return false;
    }
  });
}

/** Every field a visual reads, with the dataset it reads it from. */
export function fieldsUsed(visual: VisualSpec): string[] {
  const measureFields = (measure: Measure): string[] => ('ratioOf' in measure ? [...measure.ratioOf] : [measure.field]);
  switch (visual.kind) {
    case 'kpi':
      return measureFields(visual.measure);
    case 'line':
      return [visual.date.field, ...(visual.seriesBy ? [visual.seriesBy.field] : []), ...visual.measures.flatMap(measureFields)];
    case 'bar':
      return [visual.category.field, ...(visual.shareBy ? [visual.shareBy.field] : []), ...measureFields(visual.measure)];
    case 'pie':
      return [visual.category.field, ...measureFields(visual.measure)];
    case 'table':
      return [
        ...visual.columns.map((column) => column.field),
        ...[visual.sortBy, ...(visual.thenBy ?? [])].map((key) => key.field),
        ...(visual.rowFilter ? [visual.rowFilter.field] : []),
      ];
    case 'pivot':
      return [...visual.rows.map((row) => row.field), visual.columns.field, ...measureFields(visual.measure)];
  }
}

/** The QuickSight dataset id of a spec dataset: `<prefix>-<key with - for _>`, e.g. `kiro-activity-credits-by-person`. */
export function dashboardDatasetId(prefix: string, dataset: Pick<DatasetSpec, 'key'>): string {
  return `${prefix}-${dataset.key.replaceAll('_', '-')}`;
}

/**
 * The datasets the RefreshSpice step refreshes: those the stack deploys (when QuickSight is on),
 * then the extra `quicksightDatasetIds` of the config, each once.
 */
export function refreshedDatasetIds(
  config: Pick<PipelineConfig, 'quicksight' | 'quicksightDatasetIds'>,
  spec: DashboardSpec = DASHBOARD,
): string[] {
  const { enabled, datasetIdPrefix } = config.quicksight;
  const deployed = enabled ? spec.datasets.map((dataset) => dashboardDatasetId(datasetIdPrefix, dataset)) : [];
  return [...new Set([...deployed, ...config.quicksightDatasetIds])];
}

/** The deployed datasets the RefreshSpice step refreshes incrementally (none when QuickSight is off). */
export function incrementalDatasetIds(config: Pick<PipelineConfig, 'quicksight'>, spec: DashboardSpec = DASHBOARD): string[] {
  const { enabled, datasetIdPrefix } = config.quicksight;
  return enabled ? spec.datasets.filter((dataset) => dataset.incrementalRefresh !== undefined).map((dataset) => dashboardDatasetId(datasetIdPrefix, dataset)) : [];
}
