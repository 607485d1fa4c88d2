import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_METRIC_COLUMNS,
  ACTIVITY_METRICS,
  BY_USER_ANALYTIC_COLUMNS,
  fileStampPattern,
  identityCenterUserId,
  PATH_ACCOUNT_PATTERN,
  pathRegionPattern,
  reportDayFolder,
  reportPrefixes,
  toAnalyticDate,
  USER_REPORT_FIXED_COLUMNS,
  USER_REPORT_HEADERS,
} from '../../handlers/shared/report-format.js';

describe('the report columns', () => {
  it('lists 44 distinct metrics in the file order (ASCII) and the 46 analytic columns', () => {
    // Act
    const sorted = [...ACTIVITY_METRICS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    // Assess
    expect(new Set(ACTIVITY_METRICS).size).toBe(44);
    expect([...ACTIVITY_METRICS]).toEqual(sorted);
    expect(BY_USER_ANALYTIC_COLUMNS.slice(0, 2)).toEqual(['userid', 'date']);
    expect(BY_USER_ANALYTIC_COLUMNS.slice(2)).toEqual(ACTIVITY_METRIC_COLUMNS);
    expect(ACTIVITY_METRIC_COLUMNS[0]).toBe('chat_aicodelines');
  });

  it('grows the user_report header by appending only, so the fixed columns keep their positions', () => {
    // Assess
    expect(USER_REPORT_HEADERS.original).toHaveLength(11);
    expect(USER_REPORT_HEADERS.withEmail.slice(0, 11)).toEqual([...USER_REPORT_HEADERS.original]);
    expect(USER_REPORT_HEADERS.withUsageLimit.slice(0, 13)).toEqual([...USER_REPORT_HEADERS.withEmail]);
    expect(USER_REPORT_FIXED_COLUMNS).toEqual([
      'date', 'userid', 'client_type', 'chat_conversations', 'credits_used', 'overage_cap', 'overage_credits_used',
      'overage_enabled', 'profileid', 'subscription_tier', 'total_messages', 'new_user', 'user_email', 'usage_limit',
    ]);
  });
});

describe('report ids and dates', () => {
  it.each([
    ['d-90661af5ec.215bb5b0-0000-4000-8000-000000000001', '215bb5b0-0000-4000-8000-000000000001'],
    ['215bb5b0-0000-4000-8000-000000000001', '215bb5b0-0000-4000-8000-000000000001'],
    // An Identity Center id of the `<10 hex>-<uuid>` form is whole: no dot, nothing to cut.
    ['90661af5ec-215bb5b0-0000-4000-8000-000000000001', '90661af5ec-215bb5b0-0000-4000-8000-000000000001'],
    // The identity store id in upper case is the same store.
    ['D-90661AF5EC.215bb5b0-0000-4000-8000-000000000001', '215bb5b0-0000-4000-8000-000000000001'],
    // Not an identity store id (not 10 hex digits): kept, so it shows instead of merging wrongly.
    ['d-123.215bb5b0-0000-4000-8000-000000000001', 'd-123.215bb5b0-0000-4000-8000-000000000001'],
  ])('takes the Identity Center id of %s', (reportId, userId) => {
    // Act + Assess
    expect(identityCenterUserId(reportId)).toBe(userId);
  });

  it.each([
    ['user_report', 'KIRO_IDE_111122223333_user_report_202609160200.csv', '202609160200'],
    ['user_report', 'KIRO_IDE_111122223333_user_report_202609160200_part_2.csv', '202609160200'],
    ['user_report', 'KIRO_IDE_111122223333_user_report_part_12_202609160200.csv', '202609160200'],
    ['user_report', 'KIRO_IDE_111122223333_user_report.csv', undefined],
    ['by_user_analytic', '111122223333_by_user_analytic_202609160205_report.csv', '202609160205'],
    ['by_user_analytic', '111122223333_by_user_analytic_part_1_202609160205_report.csv', '202609160205'],
  ] as const)('finds the export stamp of %s file %s', (table, name, stamp) => {
    // Act
    const found = new RegExp(fileStampPattern(table)).exec(`s3://bucket/kiro/AWSLogs/111122223333/KiroLogs/${table}/us-east-1/2026/09/15/00/${name}`)?.[1];

    // Assess
    expect(found).toBe(stamp);
  });

  it('finds the account and the region in a report key', () => {
    // Prepare
    const key = 's3://bucket/kiro/AWSLogs/444455556666/KiroLogs/user_report/eu-west-1/2026/09/15/00/KIRO_IDE_444455556666_user_report_202609160200.csv';

    // Act + Assess
    expect(new RegExp(PATH_ACCOUNT_PATTERN).exec(key)?.[1]).toBe('444455556666');
    expect(new RegExp(pathRegionPattern('user_report')).exec(key)?.[1]).toBe('eu-west-1');
  });

  it('spells an ISO day as by_user_analytic does, and as the day folders do', () => {
    // Act + Assess
    expect(toAnalyticDate('2026-07-10')).toBe('07-10-2026');
    expect(reportDayFolder('us-east-1', '2026-07-10')).toBe('us-east-1/2026/07/10/00');
  });
});

describe('reportPrefixes', () => {
  it('puts each report under its own logs folder, after the bucket prefix', () => {
    // Act
    const prefixes = reportPrefixes({ prefix: 'kiro', logsFolder: 'KiroLogs', analyticLogsFolder: 'QDeveloperLogs' }, '111122223333');

    // Assess
    expect(prefixes).toEqual([
      { table: 'user_report', keyPrefix: 'kiro/AWSLogs/111122223333/KiroLogs/user_report/' },
      { table: 'by_user_analytic', keyPrefix: 'kiro/AWSLogs/111122223333/QDeveloperLogs/by_user_analytic/' },
    ]);
  });

  it('starts at AWSLogs/ when the bucket has no prefix', () => {
    // Act
    const [userReport] = reportPrefixes({ prefix: '', logsFolder: 'KiroLogs', analyticLogsFolder: 'KiroLogs' }, '111122223333');

    // Assess
    expect(userReport.keyPrefix).toBe('AWSLogs/111122223333/KiroLogs/user_report/');
  });
});
