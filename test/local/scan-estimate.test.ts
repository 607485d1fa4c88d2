/** The daily Athena scan estimate of `npm run bench`, on a small layout computed by hand. */
import { beforeAll, describe, expect, it } from 'vitest';
import { planViews } from '../../handlers/render-views/plan-views.js';
import { readSqlFiles } from '../../handlers/render-views/read-sql-files.js';
import { ACTIVITY_METRIC_COLUMNS } from '../../handlers/shared/report-format.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { viewNames, viewReferences } from '../../local/bench/sql-references.js';
import { SQL_DIR } from '../sql/fixture-engine.js';
import { dailyQueries, estimateDailyScan, FILE_OVERHEAD, mappingLines, spiceQueries, UNMODELLED_VIEW_READS, viewReadsOf, type DailyQuery, type LayoutSizes, type ViewNames, type ViewReferences } from '../../local/bench/scan-estimate.js';

/**
 * Bytes per person and day. user_report: CSV 100; Parquet key columns 7 × 1 + userid 3 more = 10,
 * the other shown columns 9 × 2 = 18, overhead 2. by_user_analytic: CSV 50; Parquet key 5 × 1,
 * the 44 metrics 0.5 each = 22, overhead 1.
 */
const SIZES: LayoutSizes = {
  csv: { user_report: 100, by_user_analytic: 50 },
  parquet: {
    user_report_rows: {
      userid: 4, client_type: 1, account_id: 1, region: 1, profile_id: 1, source_file: 1, file_stamp: 1,
      chat_conversations: 2, credits_used: 2, overage_cap: 2, overage_credits_used: 2, overage_enabled: 2, subscription_tier: 2, total_messages: 2, new_user: 2, usage_limit: 2,
      raw_userid: 50, [FILE_OVERHEAD]: 2,
    },
    by_user_analytic_rows: {
      userid: 1, account_id: 1, region: 1, source_file: 1, file_stamp: 1, raw_userid: 50, [FILE_OVERHEAD]: 1,
      ...Object.fromEntries(ACTIVITY_METRIC_COLUMNS.map((metric) => [metric, 0.5])),
    },
    user_report_model_messages: {},
    report_issue_counts: {},
  },
  groupMembershipLine: 5,
  userMappingLine: 7,
};

/** What the views of these tests read: person_directory as its SQL does (both base views once, the directory tables uncounted). */
const VIEWS: ViewReferences = new Map([
  ['person_directory', new Map([['credits_daily', 1], ['activity_daily', 1], ['user_directory', 2]])],
  ['user_directory', new Map([['user_mapping', 3], ['group_membership', 4]])],
]);

/** What each view of sql/ reads, and the names it uses, by its SQL. */
let sqlViews: ViewReferences;
let sqlNames: ViewNames;

beforeAll(async () => {
  const { statements } = planViews(await readSqlFiles(SQL_DIR));
  [sqlViews, sqlNames] = [viewReferences(statements), viewNames(statements)];
});

describe('estimateDailyScan', () => {
  it('sums each query’s files: whole CSV rows over its old days, the Parquet columns it names over its days now', () => {
    // Prepare: 10 people, 30 days of history
    const queries: DailyQuery[] = [
      // The day's rows of credits_daily: key columns and overhead, 12 a person-day.
      { step: 'A', query: 'day', reads: [{ table: 'credits_daily', columns: 'key', days: 'query' }], before: { days: 1 }, after: { days: 1 } },
      // person_directory reads both views' keys over the history whatever the query bounds.
      { step: 'B', query: 'directory', reads: [{ view: 'person_directory' }], before: { days: 1 }, after: { days: 1 } },
      // A history read now bounded to 7 days, every credits_daily column (12 + 18 = 30).
      { step: 'C', query: 'window', reads: [{ table: 'credits_daily', columns: 'all', days: 'query' }], before: 'history', after: { days: 7 } },
    ];

    // Act: person_directory's SQL names no column of the daily views beyond their key. Names
    // refreshed after 10 days, at most 2 a run: 10 first lookups + 20 runs × 1 refresh = 30 lines.
    const refresh = { days: 10, batchSize: 2 };
    const estimate = estimateDailyScan(SIZES, queries, 10, 30, VIEWS, new Map([['person_directory', new Set<string>()]]), refresh);

    // Assess
    expect(estimate.queries).toEqual([
      { step: 'A', query: 'day', oldBytes: 100 * 10 * 1, newBytes: 12 * 10 * 1, groupMembershipReads: 0, groupMembershipBytes: 0, userMappingReads: 0, userMappingBytes: 0, modelled: true },
      // old: 100 + 50 CSV over 30 days; new: (12 + 6) over 30 days. user_directory, read twice,
      // reads every group_membership snapshot 4 times: 8 reads of a 5-byte line per person and day;
      // and all of user_mapping 3 times: 6 reads of 30 lines of 7 bytes, in both layouts.
      {
        step: 'B',
        query: 'directory',
        oldBytes: 150 * 10 * 30 + 6 * 7 * 30,
        newBytes: 18 * 10 * 30 + 6 * 7 * 30,
        groupMembershipReads: 8,
        groupMembershipBytes: 8 * 5 * 10 * 30,
        userMappingReads: 6,
        userMappingBytes: 6 * 7 * 30,
        modelled: true,
      },
      { step: 'C', query: 'window', oldBytes: 100 * 10 * 30, newBytes: 30 * 10 * 7, groupMembershipReads: 0, groupMembershipBytes: 0, userMappingReads: 0, userMappingBytes: 0, modelled: true },
    ]);
    expect(estimate.oldBytes).toBe(1_000 + 45_000 + 1_260 + 30_000);
    expect(estimate.newBytes).toBe(120 + 5_400 + 1_260 + 2_100);
    expect(estimate.groupMembershipBytes).toBe(12_000);
    expect(estimate.userMappingBytes).toBe(1_260);
  });

  it('grows user_mapping by a line per first lookup, then by the stale names each run refreshes, at most a batch', () => {
    // Act + Assess: 10,000 people refreshed every 30 days would need 334 a run, the batch caps it at 200.
    expect(mappingLines(10_000, 730, { days: 30, batchSize: 200 })).toBe(10_000 + 700 * 200);
    // 100 people: ceil(100 / 30) = 4 a run once the first names are 30 days old.
    expect(mappingLines(100, 90, { days: 30, batchSize: 200 })).toBe(100 + 60 * 4);
    expect(mappingLines(100, 20, { days: 30, batchSize: 200 })).toBe(100);
  });

  it('never reads more days than the history has', () => {
    const query: DailyQuery = { step: 'A', query: 'window', reads: [{ table: 'activity_daily', columns: 'all', days: 'query' }], before: { days: 40 }, after: { days: 40 } };
    // 5 + 22 + 1 = 28 a person-day, 3 days of history.
    expect(estimateDailyScan(SIZES, [query], 1, 3, VIEWS).queries[0]).toMatchObject({ oldBytes: 50 * 3, newBytes: 28 * 3 });
  });

  it('reads a base table as often as a view’s SQL names it, a WITH query at each reference', () => {
    // Prepare: twice_read's SQL names credits_daily twice (e.g. a WITH query referenced twice); once_read once.
    const views: ViewReferences = new Map([
      ['twice_read', new Map([['credits_daily', 2]])],
      ['once_read', new Map([['credits_daily', 1]])],
    ]);
    const query = (name: string): DailyQuery => ({ step: 'A', query: name, reads: [{ view: name }], before: 'history', after: 'history' });

    // Act
    const [twice, once] = estimateDailyScan(SIZES, [query('twice_read'), query('once_read')], 10, 30, views).queries;

    // Assess: a base table read without a stated kind counts whole (every column) over the history, and says so.
    expect(once).toMatchObject({ oldBytes: 100 * 10 * 30, newBytes: 30 * 10 * 30, modelled: false });
    expect(twice).toMatchObject({ oldBytes: 2 * 100 * 10 * 30, newBytes: 2 * 30 * 10 * 30, modelled: false });
  });

  it('says a query is not modelled when a view on its way names a table the model does not know', () => {
    // Prepare: a view reading person_directory (modelled) and a table no view or base table is.
    const views: ViewReferences = new Map([...VIEWS, ['new_view', new Map([['person_directory', 1], ['some_table', 1]])]]);
    const query: DailyQuery = { step: 'A', query: 'new', reads: [{ view: 'new_view' }], before: 'history', after: 'history' };

    // Act + Assess
    expect(estimateDailyScan(SIZES, [query], 10, 30, views).queries[0]?.modelled).toBe(false);
    expect(estimateDailyScan(SIZES, [{ ...query, reads: [{ view: 'person_directory' }] }], 10, 30, views).queries[0]?.modelled).toBe(true);
  });

  it('reads of the daily views’ named columns scan the key and the columns the view’s SQL names; without its names, every column', () => {
    // Prepare: person_daily reads both daily views by name, and names credits_used and chat_aicodelines.
    const views: ViewReferences = new Map([['person_daily', new Map([['credits_daily', 1], ['activity_daily', 1]])]]);
    const names: ViewNames = new Map([['person_daily', new Set(['credits_used', 'chat_aicodelines', 'userid'])]]);
    const query: DailyQuery = { step: 'A', query: 'daily', reads: [{ view: 'person_daily' }], before: 'history', after: 'history' };

    // Act
    const [named] = estimateDailyScan(SIZES, [query], 10, 30, views, names).queries;
    const [unnamed] = estimateDailyScan(SIZES, [query], 10, 30, views).queries;

    // Assess: user_report key 10 + credits_used 2 + overhead 2, by_user_analytic key 5 + one metric 0.5 + overhead 1; else 30 + 28.
    expect(named).toMatchObject({ newBytes: (14 + 6.5) * 10 * 30, modelled: true });
    expect(unnamed).toMatchObject({ newBytes: (30 + 28) * 10 * 30, modelled: true });
  });

  it('reads the crawled CSV tables as CSV in both layouts', () => {
    const query: DailyQuery = { step: 'CheckData', query: 'files', reads: [{ table: 'report_files', columns: 'all', days: 'query' }], before: { days: 2 }, after: { days: 2 } };
    expect(estimateDailyScan(SIZES, [query], 1, 30, VIEWS).queries[0]).toMatchObject({ oldBytes: 300, newBytes: 300 });
  });
});

describe('the daily run’s queries', () => {
  it('are modelled all the way down the views’ SQL: every table they reach is a view, a base table with its read kind, or uncounted', () => {
    // Act
    const estimate = estimateDailyScan(SIZES, dailyQueries(DASHBOARD.datasets, 7), 10, 30, sqlViews);

    // Assess
    expect(estimate.queries.filter((query) => !query.modelled).map((query) => query.query)).toEqual([]);
  });

  it('read DetectSpikes’ views as its SQL names them: person_daily once, for the day and its trailing window together', () => {
    // Act
    const spikes = dailyQueries(DASHBOARD.datasets, 7).find((query) => query.step === 'DetectSpikes');

    // Assess
    expect(spikes?.reads.filter((read) => 'view' in read && read.view === 'person_daily')).toHaveLength(1);
  });

  it('read FindUsersToResolve’s tables as its SQL names them: both daily views by key, the latest snapshot, user_directory', () => {
    // Act
    const [find] = estimateDailyScan(SIZES, dailyQueries(DASHBOARD.datasets, 7).filter((query) => query.step === 'FindUsersToResolve'), 10, 30, sqlViews).queries;

    // Assess: group_membership twice itself (the members, and the snapshot to pick) and once
    // through user_directory; user_mapping once, through user_directory (its one pass).
    expect(find).toMatchObject({ groupMembershipReads: 3, userMappingReads: 1, modelled: true });
  });

  it('read group_membership once in each view, but where the snapshots’ own lines pick the members to read', () => {
    // Act
    const reads = [...sqlViews].flatMap(([name, tables]) => {
      const count = tables.get('group_membership');
      return count === undefined ? [] : [[name, count]];
    });

    // Assess: every snapshot is read whole at each reference. never_active_users and
    // seat_holder_months read it twice: the own lines to pick a snapshot, then its members.
    expect(Object.fromEntries(reads)).toEqual({ user_directory: 1, user_monthly_cost: 1, never_active_users: 2, seat_holder_months: 2 });
  });

  it('refuse a query’s base table without a stated read kind', () => {
    expect(() => viewReadsOf('SELECT userid FROM credits_daily', 'Test')).toThrow('scan estimate: Test reads the base table credits_daily: state how it reads it');
    expect(viewReadsOf('SELECT userid FROM credits_daily', 'Test', { credits_daily: 'key' })).toEqual([{ table: 'credits_daily', columns: 'key', days: 'query' }]);
  });

  it('read person_daily’s columns as its SQL names them: five of credits_daily’s, two of the 44 metrics', () => {
    // Prepare
    const query: DailyQuery = { step: 'Test', query: 'daily', reads: [{ view: 'person_daily' }], before: 'history', after: 'history' };

    // Act
    const [estimate] = estimateDailyScan(SIZES, [query], 1, 1, sqlViews, sqlNames).queries;

    // Assess: user_report key 10 + 5 × 2 + overhead 2; by_user_analytic key 5 + 2 × 0.5 + overhead 1.
    expect(estimate?.newBytes).toBe(22 + 7);
  });

  it('read report_as_of’s days from the canonical tables’ partition column: their files’ overhead, no column chunk', () => {
    // Prepare: 10 people, 30 days
    const query: DailyQuery = { step: 'Test', query: 'as of', reads: [{ view: 'report_as_of' }], before: 'history', after: 'history' };

    // Act
    const [estimate] = estimateDailyScan(SIZES, [query], 10, 30, sqlViews).queries;

    // Assess: overheads 2 + 1 per person-day; the old layout reads both reports' CSV rows, 100 + 50.
    expect(estimate).toMatchObject({ newBytes: (2 + 1) * 10 * 30, oldBytes: (100 + 50) * 10 * 30, modelled: true });
  });

  it('import every dataset of the dashboard spec once, the incremental ones over the look-back window', () => {
    const spice = spiceQueries(DASHBOARD.datasets, 7);
    expect(spice.map((query) => query.query)).toEqual(DASHBOARD.datasets.map((dataset) => dataset.view));
    const incremental = DASHBOARD.datasets.filter((dataset) => dataset.incrementalRefresh !== undefined).map((dataset) => dataset.view);
    expect(spice.filter((query) => query.after !== 'history').map((query) => query.query)).toEqual(incremental);
    expect(spice.filter((query) => query.after !== 'history').every((query) => query.after !== 'history' && query.after.days === 7)).toBe(true);
    expect(dailyQueries(DASHBOARD.datasets, 7).filter((query) => query.step === 'RefreshSpice')).toEqual(spice);
  });

  it('counts a view the model does not know as reading the people views over the history, and says so', () => {
    // Prepare
    const [query] = spiceQueries([{ view: 'some_new_view' }], 7);

    // Act
    const estimate = estimateDailyScan(SIZES, [query!], 1, 30, sqlViews).queries[0];
    const known = estimateDailyScan(SIZES, [{ ...query!, reads: UNMODELLED_VIEW_READS }], 1, 30, sqlViews).queries[0];

    // Assess
    expect(estimate).toEqual({ ...known, modelled: false });
    expect(known?.modelled).toBe(true);
  });
});
