/**
 * The views over the raw reports stay in step with the report format module
 * (handlers/shared/report-format.ts): the checker passes on the real SQL and catches each kind
 * of drift planted in a doctored copy.
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
  it('reads only report columns the module defines and strips the id prefix with its pattern', () => {
    // Act + Assess
    expect(creditsDailyProblems(CREDITS_SQL)).toEqual([]);
  });

  it('catches a column the report format does not define', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, 'CAST(usage_limit AS varchar)', 'CAST(usage_limits AS varchar)');

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual(['cells: reads user_report.usage_limits, which the report format does not define']);
  });

  it('catches an id prefix rule other than the module\'s', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, "'^[dD]-[0-9a-fA-F]{10}\\.'", "'^d-[a-z0-9]+\\.'");

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual(["userid must be computed once, with regexp_replace(…, '^[dD]-[0-9a-fA-F]{10}\\.', '')"]);
  });

  it('catches a file stamp pattern that misses the stamp after part_N (the export of a split file)', () => {
    // Prepare: the pattern before issue 9, which only finds a stamp right after _user_report_
    const sql = doctor(CREDITS_SQL, "'_user_report_(?:[^/]*?_)?([0-9]{12})(?:[^0-9]|$)'", "'_user_report_([0-9]{12})'");

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual([
      "file_stamp must be computed once, with regexp_extract(source_file, '_user_report_(?:[^/]*?_)?([0-9]{12})(?:[^0-9]|$)', 1)",
    ]);
  });

  it('catches an account or region taken from elsewhere than the module says', () => {
    // Prepare
    const sql = doctor(CREDITS_SQL, "'/user_report/([^/]+)/'", "'/KiroLogs/([^/]+)/'");

    // Act + Assess
    expect(creditsDailyProblems(sql)).toEqual(["region must be computed once, with regexp_extract(source_file, '/user_report/([^/]+)/', 1)"]);
  });
});

describe('activity_daily against the report format', () => {
  it('lists every metric, in file order, where the report is read, where it is typed and in the view', () => {
    // Act + Assess
    expect(activityDailyProblems(ACTIVITY_SQL)).toEqual([]);
  });

  it('catches a metric left out of the typed list, and so out of the view', () => {
    // Prepare: drop the typed line of one metric
    const sql = doctor(ACTIVITY_SQL, /^ {4}CASE WHEN dev_acceptedlines IS NULL .*\n/gm, '');

    // Act
    const problems = activityDailyProblems(sql);

    // Assess
    expect(problems).toContain('typed: missing metrics dev_acceptedlines');
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
    // Prepare: a misspelt source column, consistently renamed downstream
    const sql = doctor(ACTIVITY_SQL, /\bchat_messagessent\b/g, 'chat_messagesent');

    // Act
    const problems = activityDailyProblems(sql);

    // Assess
    expect(problems).toContain('cells: reads by_user_analytic.chat_messagesent, which the report format does not define');
    expect(problems).toContain('cells: missing metrics chat_messagessent');
  });

  it('catches a metric typed from another metric\'s cell (a copy-paste slip)', () => {
    // Prepare
    const sql = doctor(
      ACTIVITY_SQL,
      'ELSE try_cast(inline_acceptancecount AS bigint) END AS inline_acceptancecount',
      'ELSE try_cast(inline_suggestionscount AS bigint) END AS inline_acceptancecount',
    );

    // Act + Assess
    expect(activityDailyProblems(sql)).toEqual([
      'typed: inline_acceptancecount is computed from inline_acceptancecount, inline_suggestionscount instead of inline_acceptancecount',
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

  it('catches an analytic date format other than the module\'s', () => {
    // Prepare
    const sql = doctor(ACTIVITY_SQL, "'%m-%d-%Y'", "'%d-%m-%Y'");

    // Act + Assess
    expect(activityDailyProblems(sql)).toEqual(["typed: report_date must parse the analytic date with date_parse(date_text, '%m-%d-%Y')"]);
  });
});
