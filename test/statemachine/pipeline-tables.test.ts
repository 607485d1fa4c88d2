/**
 * A crawl that finishes but leaves no table, or a table without the report's columns, fails the
 * run before any view is built, naming the crawler, the table and the likely causes.
 */
import { describe, expect, it } from 'vitest';
import { TEST_SUBSTITUTIONS } from './support/pipeline-definition.js';
import { CRAWLERS, Scenario } from './support/scenario.js';

describe('the crawled tables', () => {
  it('asks Glue for each crawler’s table in the pipeline database', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.glue.tableRequests.map((request) => [request.DatabaseName, request.Name]).sort()).toEqual([
      [TEST_SUBSTITUTIONS.GlueDatabase, 'by_user_analytic'],
      [TEST_SUBSTITUTIONS.GlueDatabase, 'user_report'],
    ]);
  });

  it('fails with TableMissing naming the crawler, the table and the fix when the table a crawler keeps is gone', async () => {
    // Prepare
    const scenario = new Scenario({ tables: { by_user_analytic: null } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('TableMissing');
    expect(outcome.cause).toContain(`Crawler ${CRAWLERS[1]} finished but its table by_user_analytic is missing from database kiro_activity`);
    expect(outcome.cause).toContain('deleted outside the stack: deploy the stack again');
    const [alert] = scenario.sns.ofKind('failure');
    expect(alert?.Subject).toBe('Kiro activity pipeline failed at Crawl');
    expect(alert?.Message).toContain(CRAWLERS[1]);
    // Not Athena's "table not found" later: no view was attempted.
    expect(scenario.athena.queries).toEqual([]);
    expect(scenario.lambdaCalls.CheckTables).toEqual([]);
  });

  it('fails with TableColumnsMissing naming the crawler, the table and the missing columns when the header was not read', async () => {
    // Prepare: what a crawler makes of CSV files whose header it did not recognise.
    const scenario = new Scenario({ tables: { user_report: Array.from({ length: 14 }, (_, index) => `col${index}`) } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('TableColumnsMissing');
    expect(outcome.cause).toContain(`Crawler ${CRAWLERS[0]} made table user_report without the report's columns date, userid, client_type`);
    expect(outcome.cause).toContain('(it has columns col0, col1,');
    expect(outcome.cause).toContain('header row was not recognised');
    expect(scenario.sns.ofKind('failure')[0]?.Subject).toBe('Kiro activity pipeline failed at CheckTables');
    expect(scenario.athena.queries).toEqual([]);
  });
});
