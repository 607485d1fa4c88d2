/** The daily Athena scan estimate of `npm run bench`, on a small layout computed by hand. */
import { describe, expect, it } from 'vitest';
import { ACTIVITY_METRIC_COLUMNS } from '../../handlers/shared/report-format.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { dailyQueries, estimateDailyScan, FILE_OVERHEAD, spiceQueries, UNMODELLED_VIEW_READS, type DailyQuery, type LayoutSizes } from '../../local/bench/scan-estimate.js';

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
};

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

    // Act
    const estimate = estimateDailyScan(SIZES, queries, 10, 30);

    // Assess
    expect(estimate.queries).toEqual([
      { step: 'A', query: 'day', oldBytes: 100 * 10 * 1, newBytes: 12 * 10 * 1, modelled: true },
      // old: 100 + 50 CSV over 30 days; new: (12 + 6) over 30 days.
      { step: 'B', query: 'directory', oldBytes: 150 * 10 * 30, newBytes: 18 * 10 * 30, modelled: true },
      { step: 'C', query: 'window', oldBytes: 100 * 10 * 30, newBytes: 30 * 10 * 7, modelled: true },
    ]);
    expect(estimate.oldBytes).toBe(1_000 + 45_000 + 30_000);
    expect(estimate.newBytes).toBe(120 + 5_400 + 2_100);
  });

  it('never reads more days than the history has', () => {
    const query: DailyQuery = { step: 'A', query: 'window', reads: [{ table: 'activity_daily', columns: 'all', days: 'query' }], before: { days: 40 }, after: { days: 40 } };
    // 5 + 22 + 1 = 28 a person-day, 3 days of history.
    expect(estimateDailyScan(SIZES, [query], 1, 3).queries[0]).toMatchObject({ oldBytes: 50 * 3, newBytes: 28 * 3 });
  });

  it('reads the crawled CSV tables as CSV in both layouts', () => {
    const query: DailyQuery = { step: 'CheckData', query: 'files', reads: [{ table: 'report_files', columns: 'all', days: 'query' }], before: { days: 2 }, after: { days: 2 } };
    expect(estimateDailyScan(SIZES, [query], 1, 30).queries[0]).toMatchObject({ oldBytes: 300, newBytes: 300 });
  });
});

describe('the daily run’s queries', () => {
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
    const estimate = estimateDailyScan(SIZES, [query!], 1, 30).queries[0];
    const known = estimateDailyScan(SIZES, [{ ...query!, reads: UNMODELLED_VIEW_READS }], 1, 30).queries[0];

    // Assess
    expect(estimate).toEqual({ ...known, modelled: false });
    expect(known?.modelled).toBe(true);
  });
});
