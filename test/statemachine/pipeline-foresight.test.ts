/**
 * The allowance and forecast alerts through the real ASL interpreter, with the real
 * EvaluateForesight and RecordAlertsSent handlers over one in-memory analytics bucket that
 * outlives the runs (the month's record is in it). The query answers are what plan_utilization
 * and month_forecast would give for the day; every number is worked out beside it. PRO: 1,000
 * credits included; budget $300 a month, forecast step 10%; thresholds 80% and 100%, projection 100%.
 */
import { describe, expect, it } from 'vitest';
import { createHandler as createEvaluateForesight } from '../../handlers/evaluate-foresight/handler.js';
import { MONTH_FORECAST_QUERY, PERSON_UTILIZATION_QUERY } from '../../handlers/evaluate-foresight/queries.js';
import { createHandler as createRecordAlertsSent } from '../../handlers/record-alerts-sent/handler.js';
import type { QueryRunner, Row } from '../../handlers/shared/query-runner.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { testSettings } from '../unit/support/settings.js';
import { Scenario } from './support/scenario.js';

const RECORD_KEY = 'alerts-sent/month=2026-07/sent.json';

/** One day's answers of the two views. */
interface Day {
  asOf: string;
  daysElapsed: number;
  people: Row[];
  projectedTotalUsd: number;
}

/** Answers EvaluateForesight's two queries with the current day. */
class MonthViews implements QueryRunner {
  day: Day | undefined;

  async run(sql: string): Promise<Row[]> {
    const day = this.day;
    if (day === undefined) return [];
    if (sql === MONTH_FORECAST_QUERY) {
      return [
        {
          as_of: day.asOf, month: '2026-07-01', days_elapsed: String(day.daysElapsed), days_in_month: '31', subscription_usd: '240',
          overage_usd: '0', projected_overage_usd: String(day.projectedTotalUsd - 240), projected_total_usd: String(day.projectedTotalUsd), budget_usd: '300',
        },
      ];
    }
    if (sql === PERSON_UTILIZATION_QUERY) return day.people;
    throw new Error(`unexpected query: ${sql}`);
  }
}

/** Amy's plan_utilization row: PRO, `used` plan credits and `overage` after `days` of July's 31. */
function amy(used: number, overage: number, days: number): Row {
  const projected = Math.round(((used + overage) / days) * 31 * 100) / 100;
  return {
    userid: 'amy-id', display_name: 'Amy Example', tier: 'PRO', included_credits: '1000', plan_credits_used: String(used),
    utilization: String(used / 1000), projected_credits: String(projected), projected_utilization: String(Math.round((projected / 1000) * 10000) / 10000),
    overage_credits_used: String(overage), overage_usd: String(overage * 0.04),
  };
}

/** Runs share the bucket and the views; each run is a new execution with its own SNS topic. */
class Month {
  readonly store = new MemoryStore();
  readonly views = new MonthViews();
  private readonly settings = testSettings({ budget: { monthlyUsd: 300, forecastStepShare: 0.1, reminderDay: 15 } });
  failPublish = false;
  failRecord = false;

  async run(day: Day, input: unknown = {}) {
    this.views.day = day;
    const evaluate = createEvaluateForesight({ settings: this.settings, queries: this.views, store: this.store });
    const record = createRecordAlertsSent({ store: this.store, now: () => new Date('2026-07-11T03:10:00.000Z') });
    const scenario = new Scenario({
      lambdas: {
        EvaluateForesight: (event) => evaluate(event),
        RecordAlertsSent: (event) => {
          if (this.failRecord) throw new Error('S3 is down');
          return record(event);
        },
      },
    });
    if (this.failPublish) {
      scenario.sns.publish = () => {
        throw Object.assign(new Error('Topic is gone'), { name: 'SNS.NotFoundException' });
      };
    }
    const outcome = await scenario.run(input);
    return { outcome, scenario, allowance: scenario.sns.ofKind('allowance'), forecast: scenario.sns.ofKind('forecast') };
  }

  sentKeys(): string[] {
    const text = this.store.objects.get(RECORD_KEY);
    return text === undefined ? [] : (JSON.parse(text) as { sent: { key: string }[] }).sent.map((notice) => notice.key);
  }
}

const UNDER_BUDGET = 250;

describe('allowance alert', () => {
  it('tells a person crossing 80% and then 100% once per threshold across three runs, and never on a re-run or backfill', async () => {
    // Prepare
    const month = new Month();
    // Day 8: 800 of 1000 = 80%; projected 800 / 8 × 31 = 3100 (310%): 80% and the projection are new.
    const day8: Day = { asOf: '2026-07-08', daysElapsed: 8, people: [amy(800, 0, 8)], projectedTotalUsd: UNDER_BUDGET };
    // Day 9: 850 = 85%, projected 850 / 9 × 31 = 2927.78: nothing new.
    const day9: Day = { asOf: '2026-07-09', daysElapsed: 9, people: [amy(850, 0, 9)], projectedTotalUsd: UNDER_BUDGET };
    // Day 10: 1000 = 100% plus 20 overage ($0.80); projected 1020 / 10 × 31 = 3162 (316.2%): only 100% is new.
    const day10: Day = { asOf: '2026-07-10', daysElapsed: 10, people: [amy(1000, 20, 10)], projectedTotalUsd: UNDER_BUDGET };

    // Act
    const first = await month.run(day8);
    const second = await month.run(day9);
    const third = await month.run(day10);
    const rerun = await month.run(day10);
    const backfill = await month.run(day10, { reportDate: '2026-07-01' });

    // Assess
    expect(first.outcome.status).toBe('SUCCEEDED');
    expect(first.allowance).toHaveLength(1);
    expect(first.allowance[0]?.Subject).toBe('Kiro allowance 2026-07: 1 person crossed a threshold');
    expect(first.allowance[0]?.Message).toContain(
      '- Amy Example (PRO): 800.00 of 1000.00 credits used (80%), crossed 80%, projected to pass 100%; projected 3100.00 credits by month end (310%); overage so far $0.00',
    );
    expect(first.outcome.output).toMatchObject({ alertsSent: ['allowance'], alertsSuppressed: [] });

    expect(second.allowance).toEqual([]);
    expect(second.outcome.output).toMatchObject({ alertsSent: [], alertsSuppressed: [{ alertKind: 'allowance', notices: 2 }] });

    expect(third.allowance).toHaveLength(1);
    expect(third.allowance[0]?.Message).toContain(
      '- Amy Example (PRO): 1000.00 of 1000.00 credits used (100%), crossed 100%; projected 3162.00 credits by month end (316.2%); overage so far $0.80',
    );
    expect(third.outcome.output).toMatchObject({ alertsSent: ['allowance'], alertsSuppressed: [{ alertKind: 'allowance', notices: 2 }] });

    // The same day again, and an earlier day backfilled: the views are as of 07-10 both times, all three were told.
    for (const again of [rerun, backfill]) {
      expect(again.outcome.status).toBe('SUCCEEDED');
      expect(again.scenario.sns.published).toEqual([]);
      expect(again.outcome.output).toMatchObject({ alertsSent: [], alertsSuppressed: [{ alertKind: 'allowance', notices: 3 }] });
    }
    expect(backfill.outcome.output).toMatchObject({ reportDate: '2026-07-01' });
    expect(month.sentKeys()).toEqual(['allowance/amy-id/used/0.8', 'allowance/amy-id/projected/1', 'allowance/amy-id/used/1']);
  });

  it('records nothing when the publish fails, so the re-run tells it (nothing lost)', async () => {
    // Prepare
    const month = new Month();
    const day8: Day = { asOf: '2026-07-08', daysElapsed: 8, people: [amy(800, 0, 8)], projectedTotalUsd: UNDER_BUDGET };
    month.failPublish = true;

    // Act
    const failed = await month.run(day8);
    month.failPublish = false;
    const rerun = await month.run(day8);

    // Assess
    expect(failed.outcome.status).toBe('FAILED');
    expect(failed.scenario.lambdaCalls.RecordAlertsSent).toEqual([]);
    expect(rerun.allowance).toHaveLength(1);
    expect(month.sentKeys()).toEqual(['allowance/amy-id/used/0.8', 'allowance/amy-id/projected/1']);
  });

  it('tells it again when the run fails after the publish but before the record (a repeat, never a loss)', async () => {
    // Prepare
    const month = new Month();
    const day8: Day = { asOf: '2026-07-08', daysElapsed: 8, people: [amy(800, 0, 8)], projectedTotalUsd: UNDER_BUDGET };
    month.failRecord = true;

    // Act
    const failed = await month.run(day8);
    month.failRecord = false;
    const rerun = await month.run(day8);
    const third = await month.run(day8);

    // Assess
    expect(failed.outcome.status).toBe('FAILED');
    expect(failed.allowance).toHaveLength(1);
    expect(failed.scenario.sns.ofKind('failure')).toHaveLength(1);
    expect(rerun.allowance).toHaveLength(1);
    expect(third.allowance).toEqual([]);
  });
});

describe('forecast alert', () => {
  it('tells a crossed budget once, and again only past the next 10% step', async () => {
    // Prepare
    const month = new Month();
    const day = (asOf: string, projectedTotalUsd: number): Day => ({ asOf, daysElapsed: Number(asOf.slice(8)), people: [], projectedTotalUsd });

    // Act
    const under = await month.run(day('2026-07-06', 300)); // exactly the budget: not over
    const over = await month.run(day('2026-07-07', 314)); // over $300: level 0
    const higher = await month.run(day('2026-07-08', 330)); // not past $300 × 1.1 = $330
    const step = await month.run(day('2026-07-09', 330.01)); // past $330: level 1
    const lower = await month.run(day('2026-07-10', 320)); // back under $330, level 0 told

    // Assess
    expect(under.forecast).toEqual([]);
    expect(over.forecast).toHaveLength(1);
    expect(over.forecast[0]?.Subject).toBe('Kiro forecast 2026-07: $314.00 projected, budget $300.00');
    expect(over.forecast[0]?.Message).toContain('Projected month total: $314.00, over the budget of $300.00 by $14.00 (4.7%).');
    expect(over.forecast[0]?.Message).toContain('The next forecast alert this month comes only if the projection passes $330.00.');
    expect(higher.forecast).toEqual([]);
    expect(higher.outcome.output).toMatchObject({ alertsSuppressed: [{ alertKind: 'forecast', notices: 1 }] });
    expect(step.forecast).toHaveLength(1);
    expect(step.forecast[0]?.Message).toContain('passes $360.00');
    expect(lower.forecast).toEqual([]);
    expect(month.sentKeys()).toEqual(['forecast/over/0', 'forecast/over/1']);
  });
});
