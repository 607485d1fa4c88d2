import { beforeEach, describe, expect, it } from 'vitest';
import { REQUIRED_COLUMNS, checkTables, type CrawledTable } from '../../handlers/check-tables/check-tables.js';
import { createHandler as createCheckTablesHandler } from '../../handlers/check-tables/handler.js';
import { logger } from '../../handlers/shared/logger.js';
import { BY_USER_ANALYTIC_HEADER, USER_REPORT_HEADERS, glueColumnName } from '../../handlers/shared/report-format.js';

const columns = (names: readonly string[]): CrawledTable['columns'] => names.map((Name) => ({ Name }));
const userReport = (names: readonly string[]): CrawledTable => ({ crawler: 'kiro-user-report', table: 'user_report', columns: columns(names) });
const analytic = (names: readonly string[]): CrawledTable => ({ crawler: 'kiro-by-user-analytic', table: 'by_user_analytic', columns: columns(names) });

/** The message of what `run` throws (fails the test when it does not throw). */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('checkTables', () => {
  it('requires the columns every version of each report has, under Glue’s lowercased names', () => {
    // Assess
    expect(REQUIRED_COLUMNS.user_report).toEqual(USER_REPORT_HEADERS.original.map(glueColumnName));
    expect(REQUIRED_COLUMNS.user_report).not.toContain('new_user');
    expect(REQUIRED_COLUMNS.by_user_analytic).toEqual(BY_USER_ANALYTIC_HEADER.map(glueColumnName));
  });

  it('passes tables with the report columns, newer and per-model columns too, and counts their columns', () => {
    // Prepare
    const newest = [...USER_REPORT_HEADERS.withUsageLimit.map(glueColumnName), 'claude_sonnet_credits'];

    // Act
    const check = checkTables({ crawled: [userReport(newest), analytic(REQUIRED_COLUMNS.by_user_analytic)] });

    // Assess
    expect(check).toEqual({
      tables: [
        { table: 'user_report', crawler: 'kiro-user-report', columns: 15 },
        { table: 'by_user_analytic', crawler: 'kiro-by-user-analytic', columns: 46 },
      ],
    });
  });

  it('fails as TableColumnsMissing naming the crawler, the table, the missing and the present columns, and the causes', () => {
    // Prepare: the header row was not recognised.
    const headerless = ['col0', 'col1', 'col2'];

    // Act
    const error = errorOf(() => checkTables({ crawled: [userReport(headerless), analytic(REQUIRED_COLUMNS.by_user_analytic)] }));

    // Assess
    expect(error.name).toBe('TableColumnsMissing');
    expect(error.message).toMatch(
      /^Crawler kiro-user-report made table user_report without the report's columns date, userid, client_type, chat_conversations, credits_used, overage_cap, overage_credits_used, overage_enabled, profileid, subscription_tier, total_messages \(it has columns col0, col1, col2\)\. Likely causes: /,
    );
    for (const cause of ['report.prefix', 'CSV classifier', 'docs/report-format.md']) expect(error.message).toContain(cause);
    expect(error.message).not.toContain('by_user_analytic');
  });

  it('names every table that misses columns, shortening long lists', () => {
    // Act
    const error = errorOf(() => checkTables({ crawled: [userReport(REQUIRED_COLUMNS.user_report.slice(1)), analytic([])] }));

    // Assess
    expect(error.message).toContain("made table user_report without the report's columns date (it has columns userid,");
    expect(error.message).toContain("made table by_user_analytic without the report's columns userid, date, chat_aicodelines");
    expect(error.message).toContain('and 34 more (it has no columns)');
  });

  it('fails when a crawl merged a header it did not recognise into the stack-defined table (col0, col1, …)', () => {
    // Prepare: the stack's columns stay; the crawl added unnamed ones from a file read without its header.
    const merged = [...USER_REPORT_HEADERS.withUsageLimit.map(glueColumnName), 'auto_messages', 'col0', 'col1'];

    // Act
    const error = errorOf(() => checkTables({ crawled: [userReport(merged), analytic(REQUIRED_COLUMNS.by_user_analytic)] }));

    // Assess
    expect(error.name).toBe('TableColumnsMissing');
    expect(error.message).toMatch(/^Crawler kiro-user-report merged columns into table user_report that are not the report's: col0, col1\. Likely causes: /);
    for (const cause of ['header row was not recognised', 'changed outside the stack', 'reads columns by position']) expect(error.message).toContain(cause);
  });

  it('fails on any column by_user_analytic does not have: its columns never vary, and the table reads them by position', () => {
    // Act
    const error = errorOf(() => checkTables({ crawled: [analytic([...REQUIRED_COLUMNS.by_user_analytic, 'credits_used'])] }));

    // Assess
    expect(error.message).toContain("Crawler kiro-by-user-analytic merged columns into table by_user_analytic that are not the report's: credits_used.");
  });

  it('refuses a table that is no report table: a wiring mistake, not the operator’s', () => {
    // Act
    const error = errorOf(() => checkTables({ crawled: [{ crawler: 'c', table: 'user_mapping', columns: [] }] }));

    // Assess
    expect(error.name).toBe('Error');
    expect(error.message).toBe('check-tables: crawler c reports table user_mapping, which is none of user_report, by_user_analytic');
  });
});

describe('check-tables handler', () => {
  const handler = createCheckTablesHandler({});

  beforeEach(() => {
    logger.setLogLevel('SILENT');
  });

  it('reads {crawled} as the Crawl step leaves it, Glue column objects included', async () => {
    // Act
    const check = await handler({
      crawled: [
        { crawler: 'a', table: 'user_report', columns: REQUIRED_COLUMNS.user_report.map((Name) => ({ Name, Type: 'string' })) },
      ],
    });

    // Assess
    expect(check.tables).toEqual([{ table: 'user_report', crawler: 'a', columns: 11 }]);
  });

  it('names the field when the payload is not the Crawl step’s results', async () => {
    // Act + Assess
    await expect(handler({ crawled: [{ crawler: 'a', table: 'user_report', columns: ['userid'] }] })).rejects.toThrow(
      'check-tables: event.crawled: expected [{crawler, table, columns: [{Name}]}] (the Crawl step\'s results), got [{"crawler":"a","table":"user_report","columns":["userid"]}]',
    );
  });
});
