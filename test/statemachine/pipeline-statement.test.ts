/**
 * The monthly statement and the mid-month reminder through the real ASL interpreter, with the
 * real BuildStatement and RecordAlertsSent handlers over one in-memory analytics bucket that
 * outlives the runs (the records and the statement files are in it). The views answer as of the
 * day each run sees: June has report rows (two teams, $57.00), May has none.
 */
import { describe, expect, it } from 'vitest';
import { createHandler as createBuildStatement } from '../../handlers/build-statement/handler.js';
import {
  AS_OF_QUERY,
  NEVER_ACTIVE_QUERY,
  RECOMMENDATION_SAVING_QUERY,
  TEAM_FORECAST_QUERY,
  seatSummaryQuery,
  teamCostQuery,
  topPeopleQuery,
} from '../../handlers/build-statement/queries.js';
import { createHandler as createRecordAlertsSent } from '../../handlers/record-alerts-sent/handler.js';
import type { QueryRunner, Row } from '../../handlers/shared/query-runner.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { testSettings } from '../unit/support/settings.js';
import { Scenario } from './support/scenario.js';

/** The views on one day. */
class Views implements QueryRunner {
  asOf = '2026-06-30';

  async run(sql: string): Promise<Row[]> {
    const day = Number(this.asOf.slice(8));
    const daysInMonth = this.asOf.startsWith('2026-06') ? 30 : 31;
    const answers = new Map<string, Row[]>([
      [AS_OF_QUERY, [{ as_of: this.asOf, days_elapsed: String(day), days_in_month: String(daysInMonth) }]],
      [teamCostQuery('2026-05'), []],
      [
        teamCostQuery('2026-06'),
        [
          { team: 'Platform', people: '2', active_people: '2', subscription_usd: '38', overage_usd: '0', total_usd: '38' },
          { team: 'Data', people: '1', active_people: '1', subscription_usd: '19', overage_usd: '0', total_usd: '19' },
        ],
      ],
      [
        topPeopleQuery('2026-06'),
        [
          { userid: 'amy-id', display_name: 'Amy Example', team: 'Platform', tier: 'PRO', subscription_usd: '19', overage_usd: '0', total_usd: '19' },
          { userid: 'ben-id', display_name: 'Ben Example', team: 'Data', tier: 'PRO', subscription_usd: '19', overage_usd: '0', total_usd: '19' },
          { userid: 'cat-id', display_name: 'Cat Example', team: 'Platform', tier: 'PRO', subscription_usd: '19', overage_usd: '0', total_usd: '19' },
        ],
      ],
      [seatSummaryQuery('2026-06'), [{ licensed_seats: '4', used_seats: '3', idle_seats: '0', never_active_seats: '1', idle_seat_usd: '0', never_active_seat_usd: '19' }]],
      [NEVER_ACTIVE_QUERY, [{ userid: 'dan-id', display_name: 'Dan Example', user_name: 'dan', licensed_group: 'kiro-pro', licensed_tier: 'PRO', monthly_seat_usd: '19' }]],
      [RECOMMENDATION_SAVING_QUERY, [{ people: '0', monthly_saving_usd: '0' }]],
      [TEAM_FORECAST_QUERY, [{ team: 'Platform', people: '2', cost_so_far_usd: '38', projected_usd: '38' }]],
    ]);
    const rows = answers.get(sql);
    if (rows === undefined) throw new Error(`unexpected query: ${sql}`);
    return rows;
  }
}

/** Runs share the bucket and the views; each run is a new execution with its own SNS topic. */
class Months {
  readonly store = new MemoryStore();
  readonly views = new Views();
  private readonly settings = testSettings({ budget: { forecastStepShare: 0.1, reminderDay: 15, teams: { Platform: 30 } } });
  failPublish = false;
  failSpikes = false;

  async run(asOf: string, input: unknown = {}) {
    this.views.asOf = asOf;
    const build = createBuildStatement({ settings: this.settings, queries: this.views, store: this.store });
    const record = createRecordAlertsSent({ store: this.store, now: () => new Date(`${asOf}T03:10:00.000Z`) });
    const scenario = new Scenario({
      lambdas: {
        DetectSpikes: () => {
          if (this.failSpikes) throw new Error('Athena is down');
          return { alert: false, subject: '', message: '', spikingUsers: [], teamOverageCredits: 0, teamOverageUsd: 0, teamAlert: false };
        },
        BuildStatement: (event) => build(event),
        RecordAlertsSent: (event) => record(event),
      },
    });
    if (this.failPublish) {
      scenario.sns.publish = () => {
        throw Object.assign(new Error('Topic is gone'), { name: 'SNS.NotFoundException' });
      };
    }
    const outcome = await scenario.run(input);
    return { outcome, scenario, statements: scenario.sns.ofKind('monthly_statement'), forecasts: scenario.sns.ofKind('forecast') };
  }

  /** The keys of a month's record. */
  sentKeys(month: string): string[] {
    const text = this.store.objects.get(`alerts-sent/month=${month}/sent.json`);
    return text === undefined ? [] : (JSON.parse(text) as { sent: { key: string }[] }).sent.map((notice) => notice.key);
  }
}

describe('monthly statement', () => {
  it('is sent exactly once across a month boundary: a failed run, a failed publish, the run that sends it, a re-run and a backfill', async () => {
    // Prepare
    const months = new Months();

    // Act
    const june30 = await months.run('2026-06-30'); // would state May: no report rows, no statement
    months.failSpikes = true;
    const july1 = await months.run('2026-07-01'); // fails before BuildStatement
    months.failSpikes = false;
    months.failPublish = true;
    const july2 = await months.run('2026-07-02'); // builds it, SNS refuses it: nothing recorded
    months.failPublish = false;
    const july3 = await months.run('2026-07-03'); // sends it
    const rerun = await months.run('2026-07-03');
    const backfill = await months.run('2026-07-03', { reportDate: '2026-06-20' });
    const july4 = await months.run('2026-07-04');

    // Assess
    expect(june30.outcome.status).toBe('SUCCEEDED');
    expect(june30.statements).toEqual([]);
    expect(june30.forecasts.map((message) => message.Subject)).toEqual(['Kiro reminder 2026-06: $38.00 projected, 1 team over budget']); // day 30 of June
    expect(june30.outcome.output).toMatchObject({ alertsSent: ['forecast'], alertsSuppressed: [] });
    expect(july1.outcome.status).toBe('FAILED');
    expect(july1.statements).toEqual([]);
    expect(july2.outcome.status).toBe('FAILED');
    expect(july2.scenario.lambdaCalls.RecordAlertsSent).toEqual([]);
    expect(july3.outcome.status).toBe('SUCCEEDED');
    expect(july3.statements).toHaveLength(1);
    expect(july3.statements[0]?.Subject).toBe('Kiro statement 2026-06: $57.00, 2 teams');
    expect(july3.statements[0]?.Message).toContain('- Platform: $38.00 (2 people, 2 active)');
    expect(july3.statements[0]?.Message).toContain('reclaiming them saves $19.00 a month.');
    expect(july3.outcome.output).toMatchObject({ alertsSent: ['monthly_statement'] });
    for (const again of [rerun, backfill, july4]) {
      expect(again.outcome.status).toBe('SUCCEEDED');
      expect(again.scenario.sns.published).toEqual([]);
      expect(again.outcome.output).toMatchObject({ alertsSent: [], alertsSuppressed: [{ alertKind: 'monthly_statement', notices: 1 }] });
    }
    expect(backfill.outcome.output).toMatchObject({ reportDate: '2026-06-20' });
    expect(months.sentKeys('2026-06')).toEqual(['forecast/reminder', 'monthly_statement/2026-06']); // June's reminder, then June's statement
    expect(months.sentKeys('2026-07')).toEqual([]);
    expect(months.sentKeys('2026-06')).not.toContain('monthly_statement/2026-05');
    expect(months.store.objects.get('reports/monthly/2026-06/statement.csv')).toContain('team,,Platform,Platform,,2,2,,38.00,0.00,38.00,');
    expect(months.store.objects.get('reports/monthly/2026-06/statement.html')).toContain('<td>Dan Example</td>');
    expect([...months.store.objects.keys()].filter((key) => key.startsWith('reports/'))).toEqual([
      'reports/monthly/2026-06/statement.csv',
      'reports/monthly/2026-06/statement.html',
    ]);
  });
});

describe('mid-month reminder', () => {
  it('goes out once, as a forecast, on the first run from the reminder day on', async () => {
    // Prepare
    const months = new Months();
    await months.run('2026-07-03'); // the statement, out of the way

    // Act
    const july14 = await months.run('2026-07-14');
    const july16 = await months.run('2026-07-16'); // the 15th's run was missed
    const rerun = await months.run('2026-07-16');
    const july17 = await months.run('2026-07-17');

    // Assess
    expect(july14.forecasts).toEqual([]);
    expect(july16.forecasts).toHaveLength(1);
    expect(july16.forecasts[0]?.Subject).toBe('Kiro reminder 2026-07: $38.00 projected, 1 team over budget');
    expect(july16.forecasts[0]?.Message).toContain('- Platform: $38.00 projected ($38.00 so far), budget $30.00: over by $8.00 (26.7%)');
    expect(july16.outcome.output).toMatchObject({ alertsSent: ['forecast'] });
    for (const again of [rerun, july17]) {
      expect(again.scenario.sns.published).toEqual([]);
      expect(again.outcome.output).toMatchObject({
        alertsSuppressed: [
          { alertKind: 'forecast', notices: 1 },
          { alertKind: 'monthly_statement', notices: 1 },
        ],
      });
    }
    expect(months.sentKeys('2026-07')).toEqual(['forecast/reminder']);
  });
});
