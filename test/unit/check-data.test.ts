import { describe, expect, it } from 'vitest';
import { checkData } from '../../handlers/check-data/check-data.js';
import { createHandler as createCheckDataHandler } from '../../handlers/check-data/handler.js';
import { evaluateFreshness } from '../../handlers/check-data/evaluate-freshness.js';
import { evaluateQuality, MAX_LISTED_FILES } from '../../handlers/check-data/evaluate-quality.js';
import type { LoadIssue, Row } from '../../handlers/shared/query-runner.js';
import { evaluateBilling } from '../../handlers/check-data/evaluate-billing.js';
import { NO_BILLING_EVIDENCE } from './support/billing.js';
import { MemoryStore } from './support/memory-store.js';
import { ScriptedQueries } from './support/scripted-queries.js';
import { testSettings } from './support/settings.js';

const days = { reportDate: '2026-11-20', executionDate: '2026-11-21' };

/** billing_semantics' row: too little evidence for a verdict, default settings. */
const NO_EVIDENCE_ROW: Row = {
  overage_looks_month_to_date: null, overage_steps: '3', overage_falls: '0', overage_month_changes: '0', overage_month_restarts: '0',
  credits_used_looks_inclusive: null, credits_evidence_months: '1', credits_above_allowance_months: '1',
  configured_overage_credits_used: 'daily', configured_credits_used_includes_overage: 'true',
};
/** Nothing found beyond the files and the future rows. */
const QUIET = { dayIssueRows: [], billingSemantics: NO_BILLING_EVIDENCE };

describe('evaluateFreshness', () => {
  it('reports fresh data for the day as not stale', () => {
    // Act
    const check = evaluateFreshness({ creditsRows: 40, activityRows: 12, newestDate: '2026-11-20' }, days, 3);

    // Assess
    expect(check).toMatchObject({
      reportDate: '2026-11-20',
      hasData: true,
      rowsForDay: 52,
      creditsRows: 40,
      activityRows: 12,
      newestDate: '2026-11-20',
      daysBehind: 1,
      stale: false,
    });
  });

  it('is not stale at exactly staleAfterDays behind, stale one day later', () => {
    // Act
    const atLimit = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: '2026-11-18' }, days, 3);
    const beyond = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: '2026-11-17' }, days, 3);

    // Assess
    expect([atLimit.daysBehind, atLimit.stale, atLimit.hasData]).toEqual([3, false, false]);
    expect([beyond.daysBehind, beyond.stale]).toEqual([4, true]);
  });

  it('words a stale alert with the newest date and how to check', () => {
    // Act
    const check = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: '2026-11-15' }, days, 3);

    // Assess
    expect(check.subject).toBe('Kiro usage data stale: newest day 2026-11-15, 6 days behind');
    expect(check.message).toContain('The newest Kiro usage data is for 2026-11-15, 6 day(s) before the run day 2026-11-21');
    expect(check.message).toContain('User activity report');
    expect(check.message).toContain('bucket policy');
  });

  it('treats no data at all as stale without a newest date', () => {
    // Act
    const check = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: null }, days, 3);

    // Assess
    expect(check).toMatchObject({ hasData: false, rowsForDay: 0, newestDate: null, daysBehind: null, stale: true });
    expect(check.subject).toBe('Kiro usage data missing: no report rows at all (run 2026-11-21)');
    expect(check.message).toContain('credits_daily and activity_daily are empty');
    expect(check.message).toContain('bucket policy');
  });

  it('rejects a newest date that is not a day', () => {
    // Act + Assess
    expect(() => evaluateFreshness({ creditsRows: 1, activityRows: 0, newestDate: '2026-11-20 00:00:00' }, days, 3)).toThrow(
      'check-data: newest report_date: expected a date written YYYY-MM-DD, got "2026-11-20 00:00:00"',
    );
  });
});

describe('checkData', () => {
  it('runs the presence query for the report date and the file quality query, and reads them', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ credits_rows: '7', activity_rows: '0', newest_date: '2026-11-20', future_rows: '0' }], [], [], [NO_EVIDENCE_ROW]]);

    // Act
    const check = await checkData(days, queries, 3);

    // Assess
    expect(queries.sql).toHaveLength(4);
    expect(queries.sql[0]).toContain("report_date = DATE '2026-11-20'");
    expect(queries.sql[0]).toContain("report_date > DATE '2026-11-21'");
    expect(queries.sql[1]).toContain('GROUP BY "$path"');
    expect(queries.sql[2]).toContain("FROM data_quality_issues\nWHERE report_date = DATE '2026-11-20'");
    expect(queries.sql[3]).toContain('FROM billing_semantics');
    expect(check).toMatchObject({ hasData: true, rowsForDay: 7, creditsRows: 7, activityRows: 0, stale: false });
    expect(check.quality).toEqual({
      alert: false, futureRows: 0, issueFiles: 0, files: [], dayIssues: {}, subject: '', message: '',
      billingSemantics: {
        overageLooksMonthToDate: null, creditsUsedLooksInclusive: null,
        evidence: { overageSteps: 3, overageFalls: 0, overageMonthChanges: 0, overageMonthRestarts: 0, creditsEvidenceMonths: 1, creditsAboveAllowanceMonths: 1 },
        configured: { overageCreditsUsed: 'daily', creditsUsedIncludesOverage: true },
        contradictions: [],
      },
    });
  });

  it('reports a future-dated row and a damaged file without failing, and adds what the local load left out', async () => {
    // Prepare: what Athena shows (a file with rows without a date) and what the local load skipped.
    const fileRows = [{ source_table: 'user_report', file: 's3://b/x.csv', bad_date_rows: '2', no_userid_rows: '0', example_date: '15/11/2026', files_with_issues: '1' }];
    const skipped: LoadIssue[] = [{ table: 'user_report', file: '/r/y.csv', line: 4, reason: 'Expected Number of Columns: 13 Found: 14: the line is not read' }];
    const queries = Object.assign(new ScriptedQueries([[{ credits_rows: '7', activity_rows: '0', newest_date: '2026-11-20', future_rows: '3' }], fileRows, [], [NO_EVIDENCE_ROW]]), {
      loadIssues: () => skipped,
    });

    // Act
    const check = await checkData(days, queries, 3);

    // Assess
    expect(check).toMatchObject({ hasData: true, newestDate: '2026-11-20', stale: false });
    expect(check.quality).toMatchObject({
      alert: true,
      futureRows: 3,
      issueFiles: 2,
      files: [
        { table: 'user_report', file: '/r/y.csv', count: 1, lines: [4], reason: 'Expected Number of Columns: 13 Found: 14: the line is not read' },
        { table: 'user_report', file: 's3://b/x.csv', count: 2, lines: [], reason: 'no date the views can read (e.g. "15/11/2026"), left out' },
      ],
      subject: 'Kiro data quality: 2 file(s) with unreadable lines, 3 row(s) dated after 2026-11-21',
    });
    expect(check.quality.message).toContain('- user_report /r/y.csv: line 4: Expected Number of Columns: 13 Found: 14: the line is not read');
    expect(check.quality.message).toContain('- user_report s3://b/x.csv: 2 row(s): no date the views can read (e.g. "15/11/2026"), left out');
    expect(check.quality.message).toContain('3 row(s) of credits_daily and activity_daily are dated after the run day 2026-11-21');
  });

  it('takes a NULL newest date as no data at all', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ credits_rows: '0', activity_rows: '0', newest_date: null, future_rows: '0' }], [], [], [NO_EVIDENCE_ROW]]);

    // Act
    const check = await checkData(days, queries, 3);

    // Assess
    expect(check).toMatchObject({ hasData: false, newestDate: null, stale: true });
  });

  it('names a missing column instead of reading it as zero', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ credits_rows: '3', newest_date: '2026-11-20', future_rows: '0' }], []]);

    // Act + Assess
    await expect(checkData(days, queries, 3)).rejects.toThrow('query result has no column "activity_rows"');
  });
});

describe('evaluateQuality', () => {
  it('lists one entry per file and reason with its first five lines, and counts the files beyond the limit', () => {
    // Prepare: 7 skipped lines of one file, and a query that found 25 files but returned the first 20.
    const skipped: LoadIssue[] = [3, 4, 5, 6, 7, 9, 11].map((line) => ({ table: 'user_report', file: '/r/a.csv', line, reason: 'bad' }));
    const fileRows: Row[] = Array.from({ length: MAX_LISTED_FILES }, (_, index) => ({
      source_table: 'user_report', file: `s3://b/${String(index).padStart(2, '0')}.csv`, bad_date_rows: '0', no_userid_rows: '1', example_date: null, files_with_issues: '25',
    }));

    // Act
    const quality = evaluateQuality({ fileRows, loadIssues: skipped, futureRows: 0, ...QUIET }, days);

    // Assess: 1 + 25 files; the list stops at 20 files (the local one sorts first).
    expect(quality.issueFiles).toBe(26);
    expect(quality.files).toHaveLength(MAX_LISTED_FILES);
    expect(quality.files[0]).toEqual({ table: 'user_report', file: '/r/a.csv', count: 7, lines: [3, 4, 5, 6, 7], reason: 'bad' });
    expect(quality.message).toContain('- user_report /r/a.csv: lines 3, 4, 5, 6, 7 (7 in all): bad');
    expect(quality.message).toContain('- … and 6 more file(s)');
  });

  it('says nothing when nothing is wrong', () => {
    // Act + Assess
    expect(evaluateQuality({ fileRows: [], loadIssues: [], futureRows: 0, ...QUIET }, days)).toEqual({
      alert: false, futureRows: 0, issueFiles: 0, files: [], dayIssues: {}, billingSemantics: NO_BILLING_EVIDENCE, subject: '', message: '',
    });
  });

  it('alerts on the report date rows with an issue, naming the count per kind', () => {
    // Prepare: what data_quality_issues holds for the day
    const dayIssueRows: Row[] = [{ issue: 'non_numeric', rows: '2' }, { issue: 'unknown_client', rows: '5' }];

    // Act
    const quality = evaluateQuality({ fileRows: [], loadIssues: [], futureRows: 0, dayIssueRows, billingSemantics: NO_BILLING_EVIDENCE }, days);

    // Assess
    expect(quality).toMatchObject({ alert: true, dayIssues: { non_numeric: 2, unknown_client: 5 }, subject: 'Kiro data quality: 7 row issue(s)' });
    expect(quality.message).toContain(
      '- Rows of the report files of 2026-11-20 with an issue (view data_quality_issues lists them per file): non_numeric 2, unknown_client 5.',
    );
  });

  it('alerts once, in one message, on files, future rows, row issues and a contradicted billing setting together', () => {
    // Prepare
    const fileRows: Row[] = [{ source_table: 'user_report', file: 's3://b/x.csv', bad_date_rows: '1', no_userid_rows: '0', example_date: 'x', files_with_issues: '1' }];
    const billingSemantics = evaluateBilling([{ ...NO_EVIDENCE_ROW, overage_looks_month_to_date: 'true', overage_steps: '12', overage_month_changes: '2', overage_month_restarts: '2' }]);

    // Act
    const quality = evaluateQuality({ fileRows, loadIssues: [], futureRows: 1, dayIssueRows: [{ issue: 'bad_date', rows: '1' }], billingSemantics }, days);

    // Assess: the subject names every part, cut to SNS's limit; the message has them all.
    expect(quality.subject).toBe('Kiro data quality: 1 file(s) with unreadable lines, 1 row(s) dated after 2026-11-21, 1 row issue...');
    expect(quality.message).toContain('- Rows of the report files of 2026-11-20 with an issue (view data_quality_issues lists them per file): bad_date 1.');
    expect(quality.message).toContain('- Billing settings: pricing.overageCreditsUsed is "daily", but Overage_Credits_Used looks like a month-to-date total');
  });
});

describe('evaluateBilling', () => {
  it('reads the verdicts, the evidence and the configured values', () => {
    // Act
    const billing = evaluateBilling([NO_EVIDENCE_ROW]);

    // Assess
    expect(billing).toMatchObject({ overageLooksMonthToDate: null, creditsUsedLooksInclusive: null, configured: { overageCreditsUsed: 'daily', creditsUsedIncludesOverage: true }, contradictions: [] });
  });

  it.each([
    [
      'month-to-date overage read as daily',
      { overage_looks_month_to_date: 'true', overage_steps: '40', overage_falls: '1', overage_month_changes: '3', overage_month_restarts: '3' },
      'pricing.overageCreditsUsed is "daily", but Overage_Credits_Used looks like a month-to-date total (1 of 40 day-to-day steps within a month fell, 3 of 3 month changes restarted lower). Set pricing.overageCreditsUsed to "monthToDate"',
    ],
    [
      'daily overage read as month-to-date',
      { overage_looks_month_to_date: 'false', overage_steps: '40', overage_falls: '18', configured_overage_credits_used: 'monthToDate' },
      'pricing.overageCreditsUsed is "monthToDate", but Overage_Credits_Used looks like each day\'s own overage (18 of 40 day-to-day steps within a month fell; a month-to-date total never falls). Set pricing.overageCreditsUsed to "daily"',
    ],
    [
      'inclusive credits read as exclusive',
      { credits_used_looks_inclusive: 'true', credits_evidence_months: '4', credits_above_allowance_months: '4', configured_credits_used_includes_overage: 'false' },
      'pricing.creditsUsedIncludesOverage is false, but Credits_Used looks like it counts the overage too (4 of 4 months with overage drew more Credits_Used than the plan includes). Set pricing.creditsUsedIncludesOverage to true',
    ],
    [
      'exclusive credits read as inclusive',
      { credits_used_looks_inclusive: 'false', credits_evidence_months: '5', credits_above_allowance_months: '0' },
      'pricing.creditsUsedIncludesOverage is true, but Credits_Used looks like it leaves the overage out (0 of 5 months with overage drew more Credits_Used than the plan includes). Set pricing.creditsUsedIncludesOverage to false',
    ],
  ])('names the setting to change for %s', (_label, planted, expected) => {
    // Act
    const billing = evaluateBilling([{ ...NO_EVIDENCE_ROW, ...planted }]);

    // Assess
    expect(billing.contradictions).toEqual([expect.stringContaining(expected)]);
  });

  it('finds nothing to change when the data agrees with the settings', () => {
    // Act
    const billing = evaluateBilling([{ ...NO_EVIDENCE_ROW, overage_looks_month_to_date: 'false', credits_used_looks_inclusive: 'true' }]);

    // Assess
    expect(billing.contradictions).toEqual([]);
  });

  it('refuses a view that returns no row or an unknown meaning', () => {
    // Act + Assess
    expect(() => evaluateBilling([])).toThrow('check-data: billing_semantics returned 0 rows, expected exactly 1');
    expect(() => evaluateBilling([{ ...NO_EVIDENCE_ROW, configured_overage_credits_used: 'weekly' }])).toThrow(
      'query result column "configured_overage_credits_used": expected daily or monthToDate, got "weekly"',
    );
    expect(() => evaluateBilling([{ ...NO_EVIDENCE_ROW, overage_looks_month_to_date: 'yes' }])).toThrow(
      'query result column "overage_looks_month_to_date": expected true or false, got "yes"',
    );
  });
});

describe('check-data handler', () => {
  it('names a malformed event field before touching Athena', async () => {
    // Prepare
    const queries = new ScriptedQueries([]);
    const handler = createCheckDataHandler({ settings: testSettings(), queries, store: new MemoryStore() });

    // Act + Assess
    await expect(handler({ reportDate: '2026-11-20', executionDate: '21/11/2026' })).rejects.toThrow(
      'check-data: event.executionDate: expected a date written YYYY-MM-DD, got "21/11/2026"',
    );
    expect(queries.sql).toEqual([]);
  });
});
