/**
 * The two daily views stay in step with the report format module
 * (handlers/shared/report-format.ts): they read the canonical tables the normaliser writes,
 * never a crawled column's position; the checker passes on the real SQL and catches each kind of
 * drift planted in a doctored copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activityDailyProblems, creditsDailyProblems } from './report-sql-check.js';
import { SQL_DIR } from './fixture-engine.js';

const CREDITS_SQL = readFileSync(join(SQL_DIR, '01_credits_daily.sql'), 'utf8');
const ACTIVITY_SQL = readFileSync(join(SQL_DIR, '02_activity_daily.sql'), 'utf8');

/** `sql` with `from` replaced by `to` (every occurrence); fails the test when `from` is absent. */
function doctor(sql: string, from: string | RegExp, to: string): string {
  const doctored = sql.replaceAll(from, to);
  expect(doctored).not.toBe(sql);
  return doctored;
}

describe('credits_daily against the report format', () => {
  it('reads only canonical columns the module defines, each from itself, and outputs the contract columns', () => {
    // Act + Assess
    expect(creditsDailyProblems(CREDITS_SQL)).toEqual([]);
  });

  it('catches a column the canonical table does not define', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, '    usage_limit,\n', '    usage_limits AS usage_limit,\n');

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual([
      'report_rows: reads user_report_rows.usage_limits, which the report format does not define',
      'report_rows: usage_limit is computed from usage_limits instead of usage_limit',
    ]);
  });

  it('catches the crawled table read instead of the canonical one (columns by position)', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, 'FROM user_report_rows', 'FROM user_report');

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual([
      'report_rows: reads the crawled table user_report, whose columns are read by position',
      'expected exactly one SELECT reading user_report_rows, found 0',
    ]);
  });

  it('catches the raw id used for userid, which keeps the identity store prefix', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, '    userid,\n    client_type,\n', '    raw_userid AS userid,\n    client_type,\n');

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual(['report_rows: userid is computed from raw_userid instead of userid']);
  });

  it('catches the region re-derived in SQL instead of the normaliser\'s column', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, '    region,\n    source_file,\n', "    regexp_extract(source_file, '/KiroLogs/([^/]+)/', 1) AS region,\n    source_file,\n");

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual(['report_rows: region is computed from source_file instead of region']);
  });

  it('catches a contract column left out of the view', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, /^ {2}new_user,\n/gm, '');

    // Act
    const problems = creditsDailyProblems(sql);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^view columns: expected the credits_daily contract columns .*, got .*total_messages, usage_limit/);
  });
});

describe('activity_daily against the report format', () => {
  it('lists every metric, in file order, where the canonical table is read and in the view', () => {
    // Act + Assess
    expect(activityDailyProblems(ACTIVITY_SQL)).toEqual([]);
  });

  it('catches a metric left out of the read list, and so out of the view', () => {
    // Prepare: drop the read line of one metric
    const sql = doctor(ACTIVITY_SQL, /^ {4}dev_acceptedlines,\n/gm, '');

    // Act
    const problems = activityDailyProblems(sql);

    // Assess
    expect(problems).toContain('report_rows: missing metrics dev_acceptedlines');
    expect(problems).toContain('view: reads dev_acceptedlines, which ranked does not output');
  });

  it('catches a metric left out of the view columns', () => {
    // Prepare
    const sql = doctor(ACTIVITY_SQL, /^ {2}transformation_linesingested,\n/gm, '');

    // Act + Assess
    expect(activityDailyProblems(sql)).toEqual([
      'view columns: expected report_date, userid, the metrics in file order, account_id, region, source_file; missing metrics transformation_linesingested',
    ]);
  });

  it('catches a metric read under a name the report does not have', () => {
    // Prepare: a misspelt column, consistently renamed downstream
    const sql = doctor(ACTIVITY_SQL, /\bchat_messagessent\b/g, 'chat_messagesent');

    // Act
    const problems = activityDailyProblems(sql);

    // Assess
    expect(problems).toContain('report_rows: reads by_user_analytic_rows.chat_messagesent, which the report format does not define');
    expect(problems).toContain('report_rows: missing metrics chat_messagessent');
  });

  it('catches a metric read from another metric\'s column (a copy-paste slip)', () => {
    // Prepare
    const sql = doctor(ACTIVITY_SQL, '    inline_acceptancecount,\n', '    inline_suggestionscount AS inline_acceptancecount,\n');

    // Act + Assess
    expect(activityDailyProblems(sql)).toEqual([
      'report_rows: inline_acceptancecount is computed from inline_suggestionscount instead of inline_acceptancecount',
    ]);
  });

  it('catches metrics out of the file order', () => {
    // Prepare: swap two lines of the view's column list
    const sql = doctor(ACTIVITY_SQL, '  dev_acceptedlines,\n  dev_generatedlines,\n', '  dev_generatedlines,\n  dev_acceptedlines,\n');

    // Act + Assess
    expect(activityDailyProblems(sql)).toEqual([
      'view columns: expected report_date, userid, the metrics in file order, account_id, region, source_file; metrics not in the file order',
    ]);
  });

  it('catches the crawled table read instead of the canonical one', () => {
    // Prepare
    const sql = doctor(ACTIVITY_SQL, 'FROM by_user_analytic_rows', 'FROM by_user_analytic');

    // Act + Assess
    expect(activityDailyProblems(sql)).toContain('report_rows: reads the crawled table by_user_analytic, whose columns are read by position');
  });
});
