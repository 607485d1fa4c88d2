/**
 * An estimate of the bytes Athena scans in one daily run (pure): the sum over the run's queries
 * of the bytes of the files each reads. Athena bills the bytes it reads: a text file (CSV, JSON
 * lines) is read whole, a Parquet file only in the column chunks a query names, and a table
 * partitioned by `report_date` only in the day folders a query bounds it to.
 *
 * The two layouts compared:
 * - `old`: every read scans the report CSV history behind its views (whole rows), each query
 *   bounded on the days it was bounded on before ({@link DailyQuery.before}).
 * - `new`: every read scans the canonical Parquet columns its view names ({@link ViewColumns}), over
 *   the days the query names now ({@link DailyQuery.after}); reads of the crawled CSV tables
 *   (`report_files`) stay CSV.
 *
 * Which views each daily query reads, and over which days, is {@link DAILY_QUERIES}: read from
 * the queries' and views' SQL by hand, a model rather than a measurement. A view referenced
 * twice is read twice (Trino shares no scan between references). A view whose windows or joins
 * do not let a `report_date` bound reach the tables reads its history whatever the query asks.
 */
import { ACTIVITY_METRIC_COLUMNS, type CanonicalTable, type ReportTable } from '../../handlers/shared/report-format.js';
import type { DatasetSpec } from '../../sql/dashboard-spec.js';

/** The bytes of each layout, per person and report day (measured on a sample, scaled linearly). */
export interface LayoutSizes {
  /** The report CSV files, per report. */
  csv: Record<ReportTable, number>;
  /**
   * Per canonical table, each column's Parquet column-chunk bytes, and under {@link FILE_OVERHEAD}
   * the rest of its files (footer, page headers): read by every query of the table.
   */
  parquet: Record<CanonicalTable, Readonly<Record<string, number>>>;
}

/** The key of a table's bytes outside its column chunks in {@link LayoutSizes.parquet}. */
export const FILE_OVERHEAD = '(file overhead)';

/** The tables a daily query's views rest on. `report_files` are the crawled report CSV tables. */
export type BaseTable = 'credits_daily' | 'activity_daily' | 'model_messages_daily' | 'data_quality_issues' | 'report_files';

/** Which columns of a base table a read needs: its dedup key (ids, file, stamp) or every column the view has. */
export type ViewColumns = 'key' | 'all';

/** Days a read covers: the days the query bounds it to, or the whole history. */
export type Span = { days: number } | 'history';

/** A read of a base table, bounded by the query (`query`) or, within a view that does not pass the bound on, over `history`. */
export interface BaseRead {
  table: BaseTable;
  columns: ViewColumns;
  days: 'query' | 'history';
}

/** One reference to a view: its reads ({@link VIEW_READS}; a view not modelled there reads {@link UNMODELLED_VIEW_READS}). */
export type ViewRead = BaseRead | { view: string };

/** The views daily queries read beyond the base ones, by what they read. */
export type ViewName =
  | 'person_directory'
  | 'report_as_of'
  | 'person_daily'
  | 'user_monthly_cost'
  | 'user_summary'
  | 'tier_recommendation'
  | 'plan_utilization'
  | 'forecast_by_person'
  | 'month_forecast'
  | 'credits_by_person'
  | 'activity_by_person'
  | 'model_mix_by_person'
  | 'top_users_by_cost'
  | 'billing_semantics';

const history = (table: BaseTable, columns: ViewColumns): BaseRead => ({ table, columns, days: 'history' });
const bounded = (table: BaseTable, columns: ViewColumns): BaseRead => ({ table, columns, days: 'query' });
const view = (name: string): ViewRead => ({ view: name });

/**
 * What each view reads. `history` where the view's SQL keeps a `report_date` bound from the
 * tables: person_daily's month windows (`PARTITION BY … date_trunc('month', report_date)`),
 * report_as_of's max, the directory of everyone ever seen, and the joins on report_as_of.
 */
export const VIEW_READS: Readonly<Record<ViewName, readonly ViewRead[]>> = {
  person_directory: [history('credits_daily', 'key'), history('activity_daily', 'key')],
  report_as_of: [history('credits_daily', 'key'), history('activity_daily', 'key')],
  person_daily: [history('credits_daily', 'all'), history('activity_daily', 'all')],
  user_monthly_cost: [view('person_daily'), history('credits_daily', 'key'), view('person_directory')],
  user_summary: [history('credits_daily', 'key'), view('person_daily'), view('person_directory'), view('report_as_of'), view('user_monthly_cost')],
  tier_recommendation: [view('person_daily'), view('report_as_of'), view('user_monthly_cost')],
  plan_utilization: [view('report_as_of'), view('user_monthly_cost')],
  forecast_by_person: [view('plan_utilization'), view('user_monthly_cost')],
  month_forecast: [view('forecast_by_person')],
  credits_by_person: [bounded('credits_daily', 'all'), view('person_directory')],
  activity_by_person: [bounded('activity_daily', 'all'), view('person_directory')],
  model_mix_by_person: [history('model_messages_daily', 'all'), view('person_directory'), view('report_as_of')],
  top_users_by_cost: [view('report_as_of'), view('user_monthly_cost')],
  billing_semantics: [history('credits_daily', 'all')],
};

/**
 * What a view {@link VIEW_READS} does not model is taken to read: what most people views rest on,
 * person_daily, person_directory and report_as_of, over the history.
 */
export const UNMODELLED_VIEW_READS: readonly ViewRead[] = [view('person_daily'), view('person_directory'), view('report_as_of')];

/** One query of a daily run: its step, what it reads, and the days it bounds its reads to before and now. */
export interface DailyQuery {
  step: string;
  query: string;
  reads: readonly ViewRead[];
  before: Span;
  after: Span;
}

const DAY: Span = { days: 1 };
const NOTHING: Span = { days: 0 };

/** Views read as another one (they select from it alone). */
const SAME_READS: Readonly<Record<string, ViewRead>> = {
  model_messages_daily: bounded('model_messages_daily', 'all'),
  top_users_by_usage: view('user_summary'),
  inactive_users: view('user_summary'),
};

/**
 * The SPICE imports of a run: one per dataset of the dashboard spec, reading its view. A dataset
 * with `incrementalRefresh` imports the days of its look-back window (`quicksight.refreshLookbackDays`);
 * the others import their whole view every run.
 */
export function spiceQueries(datasets: readonly Pick<DatasetSpec, 'view' | 'incrementalRefresh'>[], lookbackDays: number): DailyQuery[] {
  return datasets.map((dataset) => ({
    step: 'RefreshSpice',
    query: dataset.view,
    reads: [SAME_READS[dataset.view] ?? view(dataset.view)],
    before: 'history',
    after: dataset.incrementalRefresh === undefined ? 'history' : { days: lookbackDays },
  }));
}

/** The queries of a daily run that scan (CreateViews issues DDL only), then the SPICE imports of `datasets`. */
export function dailyQueries(datasets: readonly Pick<DatasetSpec, 'view' | 'incrementalRefresh'>[], lookbackDays: number): DailyQuery[] {
  const both = (columns: ViewColumns): ViewRead[] => [bounded('credits_daily', columns), bounded('activity_daily', columns)];
  return [
    { step: 'CheckData', query: 'presence: rows of the report date', reads: both('key'), before: DAY, after: DAY },
    { step: 'CheckData', query: 'presence: newest day on or before the run day', reads: both('key'), before: 'history', after: 'history' },
    // Partition projection ends at NOW: days after the run day have no partition to read.
    { step: 'CheckData', query: 'presence: rows after the run day', reads: both('key'), before: NOTHING, after: NOTHING },
    { step: 'CheckData', query: 'file quality (crawled CSV tables)', reads: [bounded('report_files', 'all')], before: 'history', after: DAY },
    { step: 'CheckData', query: 'issues of the report date', reads: [bounded('data_quality_issues', 'all')], before: DAY, after: DAY },
    { step: 'CheckData', query: 'billing semantics', reads: [view('billing_semantics')], before: 'history', after: 'history' },
    { step: 'FindUsersToResolve', query: 'ids without a directory entry', reads: both('key'), before: 'history', after: 'history' },
    {
      step: 'DetectSpikes',
      query: 'overage per person',
      reads: [view('person_daily'), view('person_daily'), view('user_monthly_cost'), view('tier_recommendation'), view('report_as_of'), view('person_directory')],
      before: 'history',
      after: 'history',
    },
    { step: 'EvaluateForesight', query: 'plan utilisation', reads: [view('plan_utilization'), view('report_as_of'), view('user_monthly_cost')], before: 'history', after: 'history' },
    { step: 'EvaluateForesight', query: 'month forecast', reads: [view('month_forecast'), view('report_as_of')], before: 'history', after: 'history' },
    ...spiceQueries(datasets, lookbackDays),
  ];
}

/** The user_report columns credits_daily dedups on, and every one it shows. */
const CREDITS_KEY = ['userid', 'client_type', 'account_id', 'region', 'profile_id', 'source_file', 'line', 'file_stamp'];
const CREDITS_ALL = [
  ...CREDITS_KEY,
  'chat_conversations', 'credits_used', 'overage_cap', 'overage_credits_used', 'overage_enabled', 'subscription_tier', 'total_messages', 'new_user', 'usage_limit',
];
/** The by_user_analytic columns activity_daily dedups on, and every one it shows. */
const ACTIVITY_KEY = ['userid', 'account_id', 'region', 'source_file', 'line', 'file_stamp'];
const ACTIVITY_ALL = [...ACTIVITY_KEY, ...ACTIVITY_METRIC_COLUMNS];

/** Per base table and columns: the Parquet columns read, per canonical table. */
const PARQUET_COLUMNS: Record<Exclude<BaseTable, 'report_files'>, Record<ViewColumns, Partial<Record<CanonicalTable, readonly string[]>>>> = {
  credits_daily: { key: { user_report_rows: CREDITS_KEY }, all: { user_report_rows: CREDITS_ALL } },
  activity_daily: { key: { by_user_analytic_rows: ACTIVITY_KEY }, all: { by_user_analytic_rows: ACTIVITY_ALL } },
  // The latest export of each day is found among every user_report row.
  model_messages_daily: {
    key: { user_report_model_messages: ['userid', 'client_type', 'account_id', 'region', 'profile_id', 'source_file', 'line', 'file_stamp'], user_report_rows: ['client_type', 'account_id', 'region', 'file_stamp'] },
    all: {
      user_report_model_messages: ['userid', 'client_type', 'account_id', 'region', 'profile_id', 'source_file', 'line', 'file_stamp', 'model', 'messages'],
      user_report_rows: ['client_type', 'account_id', 'region', 'file_stamp'],
    },
  },
  data_quality_issues: { key: { report_issue_counts: ['report', 'source_file', 'issue', 'rows'] }, all: { report_issue_counts: ['report', 'source_file', 'issue', 'rows'] } },
};

/** The report CSV behind each base table: what the old layout reads for it. */
const CSV_OF: Record<BaseTable, readonly ReportTable[]> = {
  credits_daily: ['user_report'],
  activity_daily: ['by_user_analytic'],
  model_messages_daily: ['user_report'],
  data_quality_issues: ['user_report', 'by_user_analytic'],
  report_files: ['user_report', 'by_user_analytic'],
};

/** The base reads of view references, views expanded. */
export function baseReads(reads: readonly ViewRead[]): BaseRead[] {
  return reads.flatMap((read) => ('view' in read ? baseReads(VIEW_READS[read.view as ViewName] ?? UNMODELLED_VIEW_READS) : [read]));
}

/** Whether the model knows what `name` reads (else it counts {@link UNMODELLED_VIEW_READS}). */
export function isModelled(reads: readonly ViewRead[]): boolean {
  return reads.every((read) => !('view' in read) || (read.view in VIEW_READS && isModelled(VIEW_READS[read.view as ViewName])));
}

/** One query's estimate. */
export interface QueryEstimate {
  step: string;
  query: string;
  oldBytes: number;
  newBytes: number;
  /** False when a view it reads is not in {@link VIEW_READS} (counted as {@link UNMODELLED_VIEW_READS}). */
  modelled: boolean;
}

/** A daily run's estimate: per query, and the totals. */
export interface ScanEstimate {
  people: number;
  days: number;
  queries: QueryEstimate[];
  oldBytes: number;
  newBytes: number;
}

/** Days a read covers in a history of `days`. */
function spanDays(read: BaseRead, span: Span, days: number): number {
  if (read.days === 'history' || span === 'history') return days;
  return Math.min(span.days, days);
}

/** Bytes per person-day of one base read in the new layout. */
function parquetBytes(sizes: LayoutSizes, read: BaseRead): number {
  if (read.table === 'report_files') return CSV_OF.report_files.reduce((sum, report) => sum + sizes.csv[report], 0);
  const tables = PARQUET_COLUMNS[read.table][read.columns];
  return Object.entries(tables).reduce(
    (sum, [table, columns]) =>
      sum + [FILE_OVERHEAD, ...(columns ?? [])].reduce((bytes, column) => bytes + (sizes.parquet[table as CanonicalTable][column] ?? 0), 0),
    0,
  );
}

/** Bytes per person-day of one base read in the old layout: its reports' whole CSV rows. */
function csvBytes(sizes: LayoutSizes, read: BaseRead): number {
  return CSV_OF[read.table].reduce((sum, report) => sum + sizes.csv[report], 0);
}

/** Estimates the bytes one daily run scans, for `people` over a history of `days`, in both layouts. */
export function estimateDailyScan(sizes: LayoutSizes, queries: readonly DailyQuery[], people: number, days: number): ScanEstimate {
  const estimates = queries.map((query): QueryEstimate => {
    const reads = baseReads(query.reads);
    return {
      step: query.step,
      query: query.query,
      oldBytes: reads.reduce((sum, read) => sum + csvBytes(sizes, read) * people * spanDays(read, query.before, days), 0),
      newBytes: reads.reduce((sum, read) => sum + parquetBytes(sizes, read) * people * spanDays(read, query.after, days), 0),
      modelled: isModelled(query.reads),
    };
  });
  return {
    people,
    days,
    queries: estimates,
    oldBytes: estimates.reduce((sum, query) => sum + query.oldBytes, 0),
    newBytes: estimates.reduce((sum, query) => sum + query.newBytes, 0),
  };
}
