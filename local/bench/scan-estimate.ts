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
 * Which views each daily query reads is {@link dailyQueries}; which tables and views each view
 * reads, and how many times, its SQL says ({@link ViewReferences}: a view or WITH query referenced
 * twice is read twice, as Trino shares no scan between references); which columns of a base
 * table a view reads, and over which days, is {@link BASE_READ_KINDS}, read from the SQL by hand,
 * the columns of the daily views taken from the names in the view's SQL (`named`, {@link ViewNames}).
 * A model rather than a measurement. A view whose windows or joins do not let a `report_date`
 * bound reach the tables reads its history whatever the query asks.
 */
import { MONTH_FORECAST_QUERY, PERSON_UTILIZATION_QUERY } from '../../handlers/evaluate-foresight/queries.js';
import { userOverageQuery } from '../../handlers/detect-spikes/queries.js';
import { PipelineConfigSchema } from '../../handlers/shared/config.js';
import { newUserIdsQuery } from '../../handlers/find-users/queries.js';
import { GENERATED_VIEW_NAMES } from '../../handlers/render-views/settings-views.js';
import {
  ACTIVITY_METRIC_COLUMNS,
  CANONICAL_COLUMNS,
  CANONICAL_TABLES,
  GROUP_MEMBERSHIP_TABLE,
  USER_MAPPING_TABLE,
  type CanonicalTable,
  type ReportTable,
} from '../../handlers/shared/report-format.js';
import type { DatasetSpec } from '../../sql/dashboard-spec.js';
import { relationReads } from './sql-references.js';

/** The bytes of each layout, per person and report day (measured on a sample, scaled linearly). */
export interface LayoutSizes {
  /** The report CSV files, per report. */
  csv: Record<ReportTable, number>;
  /**
   * Per canonical table, each column's Parquet column-chunk bytes, and under {@link FILE_OVERHEAD}
   * the rest of its files (footer, page headers): read by every query of the table.
   */
  parquet: Record<CanonicalTable, Readonly<Record<string, number>>>;
  /**
   * The bytes of one member's line in a group_membership snapshot (gzipped JSON lines, read whole): with
   * teams or licensed seats from Identity Center groups, every run writes a snapshot listing
   * every member, so the table grows by a line per member and day.
   */
  groupMembershipLine: number;
  /**
   * The bytes of one user_mapping line (JSON lines, read whole): a line per person when first
   * resolved and one per name refresh ({@link mappingLines}), read by every view that rests on
   * user_directory, in both layouts.
   */
  userMappingLine: number;
}

/** The name refresh settings (`users.nameRefreshDays`, `users.nameRefreshBatchSize`) that make user_mapping grow. */
export interface NameRefresh {
  days: number;
  batchSize: number;
}

/** The config's own defaults of {@link NameRefresh}, from its schema. */
const DEFAULT_REFRESH: NameRefresh = (() => {
  const users = PipelineConfigSchema.shape.users.parse(undefined);
  return { days: users.nameRefreshDays, batchSize: users.nameRefreshBatchSize };
})();

/**
 * The user_mapping lines after `days` of runs for `people`: each person's first lookup, then,
 * once the first entries are `refresh.days` old, every run refreshes the stale entries, at most
 * `refresh.batchSize` of them (each refresh writes a line).
 */
export function mappingLines(people: number, days: number, refresh: NameRefresh): number {
  const perRun = Math.min(refresh.batchSize, Math.ceil(people / refresh.days));
  return people + Math.max(0, days - refresh.days) * perRun;
}

/** The key of a table's bytes outside its column chunks in {@link LayoutSizes.parquet}. */
export const FILE_OVERHEAD = '(file overhead)';

/**
 * The tables a daily query's views rest on. `report_files` are the crawled report CSV tables;
 * `user_report_rows` and `by_user_analytic_rows` the canonical tables, where a view other than the
 * daily views reads them itself (report_as_of, their days).
 */
export type BaseTable =
  | 'credits_daily'
  | 'activity_daily'
  | 'model_messages_daily'
  | 'data_quality_issues'
  | 'report_files'
  | 'user_report_rows'
  | 'by_user_analytic_rows';

/**
 * Which columns of a base table a read needs: its dedup key (ids, file, stamp), every column the
 * view has, only the partition column `report_date` (`days`: no column chunk, the files' rest),
 * or (`named`, credits_daily and activity_daily) the key and those of the view's other columns
 * the reading view's SQL names: Athena reads no column a query leaves unnamed, through the daily
 * views' windows too. An upper bound where the SQL names a column of another relation alike
 * (person_daily's `credits_used` in user_monthly_cost); every column without the view's names.
 */
export type ViewColumns = 'key' | 'all' | 'days' | 'named';

/** Days a read covers: the days the query bounds it to, or the whole history. */
export type Span = { days: number } | 'history';

/** A read of a base table, bounded by the query (`query`) or, within a view that does not pass the bound on, over `history`. */
export interface BaseRead {
  table: BaseTable;
  columns: ViewColumns;
  days: 'query' | 'history';
  /** With `named`: the reading view's names (lowercase), once expanded; without, every column. */
  names?: ReadonlySet<string>;
}

/** One reference to a view: what its SQL reads ({@link ViewReferences}; a view without SQL reads {@link UNMODELLED_VIEW_READS}). */
export type ViewRead = BaseRead | { view: string };

const bounded = (table: BaseTable, columns: ViewColumns): BaseRead => ({ table, columns, days: 'query' });
const view = (name: string): ViewRead => ({ view: name });

/** The base tables, which the reads end in. */
const BASE_TABLES: ReadonlySet<string> = new Set<BaseTable>([
  'credits_daily',
  'activity_daily',
  'model_messages_daily',
  'data_quality_issues',
  'report_files',
  'user_report_rows',
  'by_user_analytic_rows',
]);

/**
 * Tables and views whose bytes are left out: a row per setting (the views rendered from the
 * config), and the canonical tables only the base views read (their bytes are the base tables').
 * group_membership and user_mapping are counted on their own ({@link QueryEstimate.groupMembershipReads},
 * {@link QueryEstimate.userMappingReads}): every read reads all their lines.
 */
const UNCOUNTED: ReadonlySet<string> = new Set([...GENERATED_VIEW_NAMES, ...CANONICAL_TABLES.filter((table) => !BASE_TABLES.has(table))]);

/** Which tables and views each view's SQL reads, and how many times (see {@link relationReads}), by view name. */
export type ViewReferences = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The names (identifiers, lowercase) each view's SQL uses, by view name (see {@link viewNames}). */
export type ViewNames = ReadonlyMap<string, ReadonlySet<string>>;

/** How a view reads a base table its SQL names: which columns, and over which days. */
export type BaseReadKind = Omit<BaseRead, 'table' | 'names'>;

/**
 * How each view reads the base tables its SQL names; how often, and which views it reads, its
 * SQL says ({@link ViewReferences}). `history` where the view's SQL keeps a `report_date` bound
 * from the tables: person_daily's month windows (`PARTITION BY … date_trunc('month', report_date)`),
 * report_as_of's max, the directory of everyone ever seen, and the joins on report_as_of. A base
 * table a view names without a kind here is read whole over the history, and the estimate says
 * it is not modelled.
 */
export const BASE_READ_KINDS: Readonly<Record<string, Partial<Record<BaseTable, BaseReadKind>>>> = {
  person_directory: { credits_daily: { columns: 'named', days: 'history' }, activity_daily: { columns: 'named', days: 'history' } },
  report_as_of: { user_report_rows: { columns: 'days', days: 'history' }, by_user_analytic_rows: { columns: 'days', days: 'history' } },
  person_daily: { credits_daily: { columns: 'named', days: 'history' }, activity_daily: { columns: 'named', days: 'history' } },
  user_monthly_cost: { credits_daily: { columns: 'named', days: 'history' } },
  user_summary: { credits_daily: { columns: 'named', days: 'history' } },
  credits_by_person: { credits_daily: { columns: 'all', days: 'query' } },
  activity_by_person: { activity_daily: { columns: 'all', days: 'query' } },
  model_mix_by_person: { model_messages_daily: { columns: 'all', days: 'history' } },
  billing_semantics: { credits_daily: { columns: 'named', days: 'history' } },
  active_person_days: { credits_daily: { columns: 'named', days: 'history' }, activity_daily: { columns: 'named', days: 'history' } },
  active_users_rolling: { credits_daily: { columns: 'named', days: 'history' }, activity_daily: { columns: 'named', days: 'history' } },
  double_billed_users: { credits_daily: { columns: 'named', days: 'history' } },
};

/**
 * What a view without SQL is taken to read: what most people views rest on, person_daily,
 * person_directory and report_as_of, over the history.
 */
export const UNMODELLED_VIEW_READS: readonly ViewRead[] = [view('person_daily'), view('person_directory'), view('report_as_of')];

/** What a read comes to: its base reads, its whole reads of group_membership and user_mapping, and whether the model knows every view and base read on the way. */
interface Expanded {
  reads: BaseRead[];
  membershipReads: number;
  mappingReads: number;
  modelled: boolean;
}

/**
 * The tables every read reads whole: group_membership (every snapshot: the views pick the
 * latest, or the one in force on a day, from all of them) and user_mapping (every lookup: the
 * views pick each person's latest).
 */
const WHOLE_READS: ReadonlySet<string> = new Set([GROUP_MEMBERSHIP_TABLE, USER_MAPPING_TABLE]);

function wholeRead(table: string): Expanded {
  const membership = table === GROUP_MEMBERSHIP_TABLE ? 1 : 0;
  return { reads: [], membershipReads: membership, mappingReads: 1 - membership, modelled: true };
}

/** One view's base reads, by its SQL's references and {@link BASE_READ_KINDS}. */
function expandView(name: string, views: ViewReferences, names: ViewNames, through: readonly string[]): Expanded {
  const references = views.get(name);
  if (references === undefined) {
    // Only the stand-in views that have SQL: a stand-in without any would stand in for itself.
    const standIn = UNMODELLED_VIEW_READS.filter((read) => !('view' in read) || views.has(read.view));
    return { ...expandReads(standIn, views, names, through), modelled: false };
  }
  if (through.includes(name)) throw new Error(`scan estimate: view ${name} reads itself (${[...through, name].join(' -> ')})`);
  const reads: BaseRead[] = [];
  let membershipReads = 0;
  let mappingReads = 0;
  let modelled = true;
  for (const [reference, count] of references) {
    let expanded: Expanded;
    if (BASE_TABLES.has(reference)) {
      const kind = BASE_READ_KINDS[name]?.[reference as BaseTable];
      const viewNames = kind?.columns === 'named' ? names.get(name) : undefined;
      const read: BaseRead = { table: reference as BaseTable, ...(kind ?? { columns: 'all', days: 'history' }), ...(viewNames === undefined ? {} : { names: viewNames }) };
      expanded = { reads: [read], membershipReads: 0, mappingReads: 0, modelled: kind !== undefined };
    } else if (WHOLE_READS.has(reference)) {
      expanded = wholeRead(reference);
    } else if (UNCOUNTED.has(reference)) {
      continue;
    } else {
      expanded = expandView(reference, views, names, [...through, name]);
    }
    for (let time = 0; time < count; time += 1) reads.push(...expanded.reads);
    membershipReads += count * expanded.membershipReads;
    mappingReads += count * expanded.mappingReads;
    modelled &&= expanded.modelled;
  }
  return { reads, membershipReads, mappingReads, modelled };
}

/** The base reads of `reads`, views expanded by their SQL's references. */
function expandReads(reads: readonly ViewRead[], views: ViewReferences, names: ViewNames, through: readonly string[] = []): Expanded {
  const parts = reads.map((read): Expanded =>
    'view' in read
      ? WHOLE_READS.has(read.view)
        ? wholeRead(read.view)
        : expandView(read.view, views, names, through)
      : { reads: [read], membershipReads: 0, mappingReads: 0, modelled: true },
  );
  return {
    reads: parts.flatMap((part) => part.reads),
    membershipReads: parts.reduce((sum, part) => sum + part.membershipReads, 0),
    mappingReads: parts.reduce((sum, part) => sum + part.mappingReads, 0),
    modelled: parts.every((part) => part.modelled),
  };
}

/**
 * The reads of a query (DetectSpikes', EvaluateForesight', FindUsersToResolve'): each view and
 * table it names, as often as it names it; a base table by the columns `baseColumns` states for
 * it, over the days the query bounds. Throws on a base table without a stated kind.
 */
export function viewReadsOf(sql: string, statement: string, baseColumns: Partial<Record<BaseTable, ViewColumns>> = {}): ViewRead[] {
  return [...relationReads(sql, statement)].flatMap(([name, count]) => {
    let read: ViewRead = view(name);
    if (BASE_TABLES.has(name)) {
      const columns = baseColumns[name as BaseTable];
      if (columns === undefined) throw new Error(`scan estimate: ${statement} reads the base table ${name}: state how it reads it`);
      read = bounded(name as BaseTable, columns);
    }
    return UNCOUNTED.has(name) ? [] : Array.from({ length: count }, () => read);
  });
}

/** One query of a daily run: its step, what it reads, and the days it bounds its reads to before and now. */
export interface DailyQuery {
  step: string;
  query: string;
  reads: readonly ViewRead[];
  before: Span;
  after: Span;
}

const DAY: Span = { days: 1 };
/** A report date to render a daily query's SQL with: what it reads does not depend on the day. */
const SOME_DAY = '2026-11-30';
const NOTHING: Span = { days: 0 };

/**
 * The SPICE imports of a run: one per dataset of the dashboard spec, reading its view. A dataset
 * with `incrementalRefresh` imports the days of its look-back window (`quicksight.refreshLookbackDays`);
 * the others import their whole view every run.
 */
export function spiceQueries(datasets: readonly Pick<DatasetSpec, 'view' | 'incrementalRefresh'>[], lookbackDays: number): DailyQuery[] {
  return datasets.map((dataset) => ({
    step: 'RefreshSpice',
    query: dataset.view,
    // A dataset of a base view (model_messages_daily) reads its rows in the window, every column.
    reads: [BASE_TABLES.has(dataset.view) ? bounded(dataset.view as BaseTable, 'all') : view(dataset.view)],
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
    // Partition projection ends the day after today: the days after the run day hold no files but a stray row's.
    { step: 'CheckData', query: 'presence: rows after the run day', reads: both('key'), before: NOTHING, after: NOTHING },
    { step: 'CheckData', query: 'file quality (crawled CSV tables)', reads: [bounded('report_files', 'all')], before: 'history', after: DAY },
    { step: 'CheckData', query: 'issues of the report date', reads: [bounded('data_quality_issues', 'all')], before: DAY, after: DAY },
    { step: 'CheckData', query: 'billing semantics', reads: [view('billing_semantics')], before: 'history', after: 'history' },
    {
      step: 'FindUsersToResolve',
      query: 'ids without a directory entry',
      // The daily views' ids over the history, the latest snapshot's members, and user_directory.
      reads: viewReadsOf(newUserIdsQuery(), 'FindUsersToResolve', { credits_daily: 'key', activity_daily: 'key' }),
      before: 'history',
      after: 'history',
    },
    {
      step: 'DetectSpikes',
      query: 'overage per person',
      // The day and the trailing window, bounded in the query but not below person_daily's month windows.
      reads: viewReadsOf(userOverageQuery(SOME_DAY, 14), 'DetectSpikes'),
      before: 'history',
      after: 'history',
    },
    { step: 'EvaluateForesight', query: 'plan utilisation', reads: viewReadsOf(PERSON_UTILIZATION_QUERY, 'EvaluateForesight'), before: 'history', after: 'history' },
    { step: 'EvaluateForesight', query: 'month forecast', reads: viewReadsOf(MONTH_FORECAST_QUERY, 'EvaluateForesight'), before: 'history', after: 'history' },
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

/** Every column of a canonical table's files. */
function canonicalColumns(table: CanonicalTable): string[] {
  return CANONICAL_COLUMNS[table].map((column) => column.name);
}

/** Per base table and columns: the Parquet columns read, per canonical table. */
const PARQUET_COLUMNS: Record<Exclude<BaseTable, 'report_files'>, Record<Exclude<ViewColumns, 'named'>, Partial<Record<CanonicalTable, readonly string[]>>>> = {
  credits_daily: { key: { user_report_rows: CREDITS_KEY }, all: { user_report_rows: CREDITS_ALL }, days: { user_report_rows: [] } },
  activity_daily: { key: { by_user_analytic_rows: ACTIVITY_KEY }, all: { by_user_analytic_rows: ACTIVITY_ALL }, days: { by_user_analytic_rows: [] } },
  // The latest export of each day is found among every user_report row.
  model_messages_daily: {
    key: { user_report_model_messages: ['userid', 'client_type', 'account_id', 'region', 'profile_id', 'source_file', 'line', 'file_stamp'], user_report_rows: ['client_type', 'account_id', 'region', 'file_stamp'] },
    all: {
      user_report_model_messages: ['userid', 'client_type', 'account_id', 'region', 'profile_id', 'source_file', 'line', 'file_stamp', 'model', 'messages'],
      user_report_rows: ['client_type', 'account_id', 'region', 'file_stamp'],
    },
    days: { user_report_model_messages: [] },
  },
  data_quality_issues: {
    key: { report_issue_counts: ['report', 'source_file', 'issue', 'rows'] },
    all: { report_issue_counts: ['report', 'source_file', 'issue', 'rows'] },
    days: { report_issue_counts: [] },
  },
  user_report_rows: { key: { user_report_rows: CREDITS_KEY }, all: { user_report_rows: canonicalColumns('user_report_rows') }, days: { user_report_rows: [] } },
  by_user_analytic_rows: {
    key: { by_user_analytic_rows: ACTIVITY_KEY },
    all: { by_user_analytic_rows: canonicalColumns('by_user_analytic_rows') },
    days: { by_user_analytic_rows: [] },
  },
};

/** The report CSV behind each base table: what the old layout reads for it. */
const CSV_OF: Record<BaseTable, readonly ReportTable[]> = {
  credits_daily: ['user_report'],
  activity_daily: ['by_user_analytic'],
  model_messages_daily: ['user_report'],
  data_quality_issues: ['user_report', 'by_user_analytic'],
  report_files: ['user_report', 'by_user_analytic'],
  user_report_rows: ['user_report'],
  by_user_analytic_rows: ['by_user_analytic'],
};

/** One query's estimate. */
export interface QueryEstimate {
  step: string;
  query: string;
  oldBytes: number;
  newBytes: number;
  /** How many times it reads every group_membership snapshot (the same in both layouts). */
  groupMembershipReads: number;
  /** What those reads add with teams or licensed seats from groups and everyone a member: a snapshot line per person and day, each read. */
  groupMembershipBytes: number;
  /** How many times it reads every user_mapping line (the same in both layouts). */
  userMappingReads: number;
  /** The bytes of those reads: {@link mappingLines} lines each, counted in `oldBytes` and `newBytes`. */
  userMappingBytes: number;
  /**
   * False when a view it reads has no SQL (counted as {@link UNMODELLED_VIEW_READS}) or a view
   * names a base table without a {@link BASE_READ_KINDS} entry (counted whole over the history).
   */
  modelled: boolean;
}

/** A daily run's estimate: per query, and the totals. */
export interface ScanEstimate {
  people: number;
  days: number;
  queries: QueryEstimate[];
  oldBytes: number;
  newBytes: number;
  /** {@link QueryEstimate.groupMembershipBytes}, summed: on top of either layout when groups are configured. */
  groupMembershipBytes: number;
  /** {@link QueryEstimate.userMappingBytes}, summed: part of either layout's total. */
  userMappingBytes: number;
}

/** Days a read covers in a history of `days`. */
function spanDays(read: BaseRead, span: Span, days: number): number {
  if (read.days === 'history' || span === 'history') return days;
  return Math.min(span.days, days);
}

/** The daily views a read can name columns of: their canonical table, dedup key and other columns. */
const NAMED_COLUMNS: Partial<Record<BaseTable, { table: CanonicalTable; key: readonly string[]; shown: readonly string[] }>> = {
  credits_daily: { table: 'user_report_rows', key: CREDITS_KEY, shown: CREDITS_ALL.filter((column) => !CREDITS_KEY.includes(column)) },
  activity_daily: { table: 'by_user_analytic_rows', key: ACTIVITY_KEY, shown: ACTIVITY_METRIC_COLUMNS },
};

/** The Parquet columns a read scans, per canonical table. */
function parquetColumns(read: BaseRead & { table: Exclude<BaseTable, 'report_files'> }): Partial<Record<CanonicalTable, readonly string[]>> {
  if (read.columns !== 'named') return PARQUET_COLUMNS[read.table][read.columns];
  const named = NAMED_COLUMNS[read.table];
  if (named === undefined) throw new Error(`scan estimate: ${read.table} has no named columns; read it by key or all`);
  const { names } = read;
  return { [named.table]: [...named.key, ...named.shown.filter((column) => names === undefined || names.has(column))] };
}

/** Bytes per person-day of one base read in the new layout. */
function parquetBytes(sizes: LayoutSizes, read: BaseRead): number {
  if (read.table === 'report_files') return CSV_OF.report_files.reduce((sum, report) => sum + sizes.csv[report], 0);
  const tables = parquetColumns({ ...read, table: read.table });
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

/**
 * Estimates the bytes one daily run scans, for `people` over a history of `days`, in both
 * layouts; `views` says what each view reads (from the views' SQL: {@link viewReferences}),
 * `names` the names each view's SQL uses ({@link viewNames}), which its `named` reads scan, and
 * `refresh` how user_mapping grows ({@link mappingLines}; default: the config's defaults).
 */
export function estimateDailyScan(
  sizes: LayoutSizes,
  queries: readonly DailyQuery[],
  people: number,
  days: number,
  views: ViewReferences,
  names: ViewNames = new Map(),
  refresh: NameRefresh = DEFAULT_REFRESH,
): ScanEstimate {
  const estimates = queries.map((query): QueryEstimate => {
    const { reads, membershipReads, mappingReads, modelled } = expandReads(query.reads, views, names);
    const userMappingBytes = mappingReads * sizes.userMappingLine * mappingLines(people, days, refresh);
    return {
      step: query.step,
      query: query.query,
      oldBytes: userMappingBytes + reads.reduce((sum, read) => sum + csvBytes(sizes, read) * people * spanDays(read, query.before, days), 0),
      newBytes: userMappingBytes + reads.reduce((sum, read) => sum + parquetBytes(sizes, read) * people * spanDays(read, query.after, days), 0),
      groupMembershipReads: membershipReads,
      groupMembershipBytes: membershipReads * sizes.groupMembershipLine * people * days,
      userMappingReads: mappingReads,
      userMappingBytes,
      modelled,
    };
  });
  const total = (bytes: (query: QueryEstimate) => number): number => estimates.reduce((sum, query) => sum + bytes(query), 0);
  return {
    people,
    days,
    queries: estimates,
    oldBytes: total((query) => query.oldBytes),
    newBytes: total((query) => query.newBytes),
    groupMembershipBytes: total((query) => query.groupMembershipBytes),
    userMappingBytes: total((query) => query.userMappingBytes),
  };
}
