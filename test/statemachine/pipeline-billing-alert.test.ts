/**
 * The data_quality alert for billing settings the data contradicts and for the report date's
 * rows with an issue, through the real ASL interpreter and the real CheckData and Summarise
 * handlers over the views of the billing fixture (test/sql/billing-views.test.ts works out its
 * numbers: Mo's Overage_Credits_Used is a month-to-date total). The day checked is the fixture's
 * last, 2026-07-06, run 2026-07-07. Its price table leaves POWER out, so Tia's one POWER row of
 * that day is a row issue too (unknown_tier 1) under either setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler as createCheckData } from '../../handlers/check-data/handler.js';
import type { OverageCreditsUsed } from '../../handlers/shared/settings.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createBillingAthena } from '../sql/billing-engine.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { testSettings } from '../unit/support/settings.js';
import { TEST_SUBSTITUTIONS } from './support/pipeline-definition.js';
import { Scenario } from './support/scenario.js';

const DAY = { reportDate: '2026-07-06', executionDate: '2026-07-07' };

let athena: LocalAthena | undefined;

afterEach(() => athena?.close());

/** A run whose CheckData is the real handler over the billing fixture's views, built with `overageCreditsUsed`. */
async function billingRun(overageCreditsUsed: OverageCreditsUsed, issueRows: Array<[issue: string, rows: number]> = []) {
  const engine = await createBillingAthena(overageCreditsUsed);
  athena = engine;
  for (const [issue, rows] of issueRows) {
    await engine.run(
      `INSERT INTO report_issue_counts (report_date, report, source_file, issue, "rows") VALUES (DATE '${DAY.reportDate}', 'user_report', 's3://reports/x.csv', '${issue}', ${rows})`,
    );
  }
  const checkData = createCheckData({ settings: testSettings(), queries: { run: (sql) => engine.run(sql) }, store: new MemoryStore() });
  const scenario = new Scenario({ lambdas: { CheckData: (event) => checkData({ ...event, ...DAY }) } });
  const outcome = await scenario.run();
  return { scenario, outcome };
}

describe('the data_quality alert for billing settings and row issues', () => {
  it('tells which setting to change when the overage looks month-to-date but is read as daily', async () => {
    // Act
    const { scenario, outcome } = await billingRun('daily');

    // Assess: one alert, then the run goes on to its end
    expect(outcome.status).toBe('SUCCEEDED');
    const alerts = scenario.sns.ofKind('data_quality');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      TopicArn: TEST_SUBSTITUTIONS.AlertTopicArn,
      Subject: 'Kiro data quality: 1 row issue(s), billing settings to change',
      MessageAttributes: { alert_kind: { DataType: 'String', StringValue: 'data_quality' } },
    });
    expect(alerts[0]?.Message).toContain(
      '- Billing settings: pricing.overageCreditsUsed is "daily", but Overage_Credits_Used looks like a month-to-date total ' +
        '(0 of 10 day-to-day steps within a month fell, 1 of 1 month changes restarted lower). Set pricing.overageCreditsUsed to "monthToDate"',
    );
    expect(outcome.output).toMatchObject({
      status: 'SUCCEEDED',
      alertsSent: ['data_quality'],
      dataQuality: {
        billingSemantics: {
          overageLooksMonthToDate: true,
          creditsUsedLooksInclusive: null,
          configured: { overageCreditsUsed: 'daily', creditsUsedIncludesOverage: true },
          contradictions: [expect.stringContaining('Set pricing.overageCreditsUsed to "monthToDate"')],
        },
      },
    });
    expect(scenario.lambdaCalls.DetectSpikes).toHaveLength(1);
  });

  it('names no setting once the setting agrees with the data, only the unpriced tier', async () => {
    // Act
    const { scenario, outcome } = await billingRun('monthToDate');

    // Assess
    const alerts = scenario.sns.ofKind('data_quality');
    expect(alerts.map((alert) => alert.Subject)).toEqual(['Kiro data quality: 1 row issue(s)']);
    expect(alerts[0]?.Message).toContain('with an issue (view data_quality_issues lists them per file): unknown_tier 1.');
    expect(alerts[0]?.Message).not.toContain('Billing settings');
    expect(outcome.output).toMatchObject({ alertsSent: ['data_quality'], dataQuality: { billingSemantics: { overageLooksMonthToDate: true, contradictions: [] } } });
  });

  it('names the count per issue kind of the report date, in the same one message as the billing setting', async () => {
    // Act: data_quality_issues holds 2 non_numeric and 3 unknown_client rows of the day
    const { scenario } = await billingRun('daily', [['non_numeric', 2], ['unknown_client', 3]]);

    // Assess
    const alerts = scenario.sns.ofKind('data_quality');
    expect(alerts.map((alert) => alert.Subject)).toEqual(['Kiro data quality: 6 row issue(s), billing settings to change']);
    expect(alerts[0]?.Message).toContain(
      '- Rows of the report files of 2026-07-06 with an issue (view data_quality_issues lists them per file): non_numeric 2, unknown_client 3, unknown_tier 1.',
    );
    expect(alerts[0]?.Message).toContain('Set pricing.overageCreditsUsed to "monthToDate"');
  });

  it('alerts on row issues alone when the settings agree with the data', async () => {
    // Act
    const { scenario, outcome } = await billingRun('monthToDate', [['bad_date', 1]]);

    // Assess
    expect(scenario.sns.ofKind('data_quality').map((alert) => alert.Subject)).toEqual(['Kiro data quality: 2 row issue(s)']);
    expect(outcome.output).toMatchObject({ alertsSent: ['data_quality'] });
  });
});
