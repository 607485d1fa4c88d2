import { describe, expect, it } from 'vitest';
import { checkData } from '../../handlers/check-data/check-data.js';
import { createHandler as createCheckDataHandler } from '../../handlers/check-data/handler.js';
import { evaluateFreshness } from '../../handlers/check-data/evaluate-freshness.js';
import { evaluateQuality, MAX_LISTED_FILES } from '../../handlers/check-data/evaluate-quality.js';
import type { LoadIssue, Row } from '../../handlers/shared/query-runner.js';
import { ScriptedQueries } from './support/scripted-queries.js';
import { testSettings } from './support/settings.js';

const days = { reportDate: '2026-11-20', executionDate: '2026-11-21' };

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
    const queries = new ScriptedQueries([[{ credits_rows: '7', activity_rows: '0', newest_date: '2026-11-20', future_rows: '0' }], []]);

    // Act
    const check = await checkData(days, queries, 3);

    // Assess
    expect(queries.sql).toHaveLength(2);
    expect(queries.sql[0]).toContain("report_date = DATE '2026-11-20'");
    expect(queries.sql[0]).toContain("report_date > DATE '2026-11-21'");
    expect(queries.sql[1]).toContain('GROUP BY "$path"');
    expect(check).toMatchObject({ hasData: true, rowsForDay: 7, creditsRows: 7, activityRows: 0, stale: false });
    expect(check.quality).toEqual({ alert: false, futureRows: 0, issueFiles: 0, files: [], subject: '', message: '' });
  });

  it('reports a future-dated row and a damaged file without failing, and adds what the local load left out', async () => {
    // Prepare: what Athena shows (a file with rows without a date) and what the local load skipped.
    const fileRows = [{ source_table: 'user_report', file: 's3://b/x.csv', bad_date_rows: '2', no_userid_rows: '0', example_date: '15/11/2026', files_with_issues: '1' }];
    const skipped: LoadIssue[] = [{ table: 'user_report', file: '/r/y.csv', line: 4, reason: 'Expected Number of Columns: 13 Found: 14: the line is not read' }];
    const queries = Object.assign(new ScriptedQueries([[{ credits_rows: '7', activity_rows: '0', newest_date: '2026-11-20', future_rows: '3' }], fileRows]), {
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
    const queries = new ScriptedQueries([[{ credits_rows: '0', activity_rows: '0', newest_date: null, future_rows: '0' }], []]);

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
    const quality = evaluateQuality({ fileRows, loadIssues: skipped, futureRows: 0 }, days);

    // Assess: 1 + 25 files; the list stops at 20 files (the local one sorts first).
    expect(quality.issueFiles).toBe(26);
    expect(quality.files).toHaveLength(MAX_LISTED_FILES);
    expect(quality.files[0]).toEqual({ table: 'user_report', file: '/r/a.csv', count: 7, lines: [3, 4, 5, 6, 7], reason: 'bad' });
    expect(quality.message).toContain('- user_report /r/a.csv: lines 3, 4, 5, 6, 7 (7 in all): bad');
    expect(quality.message).toContain('- … and 6 more file(s)');
  });

  it('says nothing when nothing is wrong', () => {
    // Act + Assess
    expect(evaluateQuality({ fileRows: [], loadIssues: [], futureRows: 0 }, days)).toEqual({
      alert: false, futureRows: 0, issueFiles: 0, files: [], subject: '', message: '',
    });
  });
});

describe('check-data handler', () => {
  it('names a malformed event field before touching Athena', async () => {
    // Prepare
    const queries = new ScriptedQueries([]);
    const handler = createCheckDataHandler({ settings: testSettings(), queries });

    // Act + Assess
    await expect(handler({ reportDate: '2026-11-20', executionDate: '21/11/2026' })).rejects.toThrow(
      'check-data: event.executionDate: expected a date written YYYY-MM-DD, got "21/11/2026"',
    );
    expect(queries.sql).toEqual([]);
  });
});
