/**
 * The spike, data_quality and stale_data alerts told once per report date, through the real ASL
 * interpreter with the real CheckData, DetectSpikes, RecordAlertsSent and Summarise handlers
 * over one in-memory analytics bucket that outlives the runs (the record of July is in it). The
 * query answers are what the views would give for the day; the execution day is 2026-07-11
 * throughout (a re-run and a backfill on the same day), so a backfill names its report date.
 * Spike thresholds are the defaults: at least 100 overage credits and 3x the 7-day average;
 * the team alert above $50 a day at $0.04 a credit.
 */
import { describe, expect, it } from 'vitest';
import { createHandler as createCheckData } from '../../handlers/check-data/handler.js';
import { createHandler as createDetectSpikes } from '../../handlers/detect-spikes/handler.js';
import { createHandler as createRecordAlertsSent } from '../../handlers/record-alerts-sent/handler.js';
import type { QueryRunner, Row } from '../../handlers/shared/query-runner.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { testSettings } from '../unit/support/settings.js';
import { Scenario } from './support/scenario.js';

const RECORD_KEY = 'alerts-sent/month=2026-07/sent.json';

/** What the views say on a run. */
interface Views {
  /** Rows of the report date in credits_daily (0: a day without data). */
  creditsRows: number;
  newestDate: string;
  /** data_quality_issues of the report date: issue → rows. */
  dayIssues: Record<string, number>;
  /** DetectSpikes' rows: userid → [day overage credits, trailing 7-day sum]. */
  overage: Record<string, [number, number]>;
}

const QUIET: Views = { creditsRows: 30, newestDate: '2026-07-10', dayIssues: {}, overage: {} };

/** Answers CheckData's four queries and DetectSpikes' one from `views`. */
class DayViews implements QueryRunner {
  views: Views = QUIET;

  async run(sql: string): Promise<Row[]> {
    const { views } = this;
    if (sql.includes('AS credits_rows')) {
      return [{ credits_rows: String(views.creditsRows), activity_rows: '0', newest_date: views.newestDate, future_rows: '0' }];
    }
    if (sql.startsWith('WITH files AS')) return [];
    if (sql.includes('FROM data_quality_issues')) return Object.entries(views.dayIssues).map(([issue, rows]) => ({ issue, rows: String(rows) }));
    if (sql.includes('FROM billing_semantics')) {
      return [
        {
          overage_looks_month_to_date: null, overage_steps: '0', overage_falls: '0', overage_month_changes: '0', overage_month_restarts: '0',
          credits_used_looks_inclusive: null, credits_evidence_months: '0', credits_above_allowance_months: '0',
          configured_overage_credits_used: 'daily', configured_credits_used_includes_overage: 'true',
        },
      ];
    }
    if (sql.includes('FROM person_daily')) {
      return Object.entries(views.overage).map(([userid, [day, trailing]]) => ({
        userid, display_name: `Made-up ${userid}`, day_overage_credits: String(day), trailing_overage_credits: String(trailing), tier: 'PRO',
        month_cost_usd: '19', recommended_tier: null, recommended_action: null, monthly_saving_usd: null, recommended_effective: null,
      }));
    }
    throw new Error(`unexpected query: ${sql.slice(0, 80)}`);
  }
}

/** Runs share the bucket and the views; each run is a new execution with its own SNS topic. */
class Days {
  readonly store = new MemoryStore();
  readonly views = new DayViews();
  private readonly settings = testSettings();
  /** Alert kinds whose publish fails (SNS refuses them for good). */
  failPublishOf: string[] = [];
  failDetectSpikes = false;
  failRecord = false;

  async run(views: Views, input: unknown = {}) {
    this.views.views = views;
    const ports = { settings: this.settings, queries: this.views, store: this.store };
    const checkData = createCheckData(ports);
    const detectSpikes = createDetectSpikes(ports);
    const record = createRecordAlertsSent({ store: this.store, now: () => new Date('2026-07-11T03:10:00.000Z') });
    const scenario = new Scenario({
      lambdas: {
        CheckData: (event) => checkData(event),
        DetectSpikes: (event) => {
          if (this.failDetectSpikes) throw new Error('Athena is down');
          return detectSpikes(event);
        },
        RecordAlertsSent: (event) => {
          if (this.failRecord) throw new Error('S3 is down');
          return record(event);
        },
      },
    });
    const publish = scenario.sns.publish;
    scenario.sns.publish = (message) => {
      const kind = (message as { MessageAttributes: { alert_kind: { StringValue: string } } }).MessageAttributes.alert_kind.StringValue;
      if (this.failPublishOf.includes(kind)) throw Object.assign(new Error('Topic is gone'), { name: 'SNS.NotFoundException' });
      return publish(message);
    };
    const outcome = await scenario.run(input);
    const kinds = scenario.sns.published.map((message) => message.MessageAttributes.alert_kind?.StringValue);
    return { outcome, scenario, kinds, output: outcome.output as { alertsSent: string[]; alertsSuppressed: unknown[]; status: string } };
  }

  sentKeys(): string[] {
    const text = this.store.objects.get(RECORD_KEY);
    return text === undefined ? [] : (JSON.parse(text) as { sent: { key: string }[] }).sent.map((notice) => notice.key);
  }
}

describe('the spike alert, told once per report date', () => {
  it('is not sent again by a re-run of the day, and tells the whole day again when someone new spikes', async () => {
    // Prepare: amy 640 credits against a 7-day sum of 70 (average 10): a spike; bo 500 against 0 joins on the third run.
    const days = new Days();
    const amy: Views = { ...QUIET, overage: { amy: [640, 70] } };
    const amyAndBo: Views = { ...QUIET, overage: { amy: [640, 70], bo: [500, 0] } };

    // Act
    const first = await days.run(amy);
    const rerun = await days.run(amy);
    const more = await days.run(amyAndBo);
    const again = await days.run(amyAndBo);

    // Assess
    expect(first.kinds).toEqual(['spike']);
    expect(first.scenario.sns.ofKind('spike')[0]?.Message).toContain('- Made-up amy: 640.00 credits ($25.60)');
    expect(first.output).toMatchObject({ alertsSent: ['spike'], alertsSuppressed: [] });

    expect(rerun.kinds).toEqual([]);
    expect(rerun.output).toMatchObject({ status: 'SUCCEEDED', alertsSent: [], alertsSuppressed: [{ alertKind: 'spike', notices: 1 }] });

    // Team total 1140 credits = $45.60: under $50, so bo is the one new finding; the message is the whole day.
    const update = more.scenario.sns.ofKind('spike');
    expect(update).toHaveLength(1);
    expect(update[0]?.Message.split('\n')[0]).toBe(
      'Update: an alert for 2026-07-10 was sent before; this one tells the whole day again, with 1 new or larger finding.',
    );
    expect(update[0]?.Message).toContain('- Made-up amy: 640.00 credits');
    expect(update[0]?.Message).toContain('- Made-up bo: 500.00 credits');
    expect(more.output).toMatchObject({ alertsSent: ['spike'], alertsSuppressed: [] });

    expect(again.kinds).toEqual([]);
    expect(again.output).toMatchObject({ alertsSuppressed: [{ alertKind: 'spike', notices: 2 }] });
    expect(days.sentKeys()).toEqual(['spike/2026-07-10/person/amy', 'spike/2026-07-10/person/bo']);
  });

  it('does not repeat an earlier day on its backfill, while each day tells its own', async () => {
    // Prepare
    const days = new Days();
    const amy: Views = { ...QUIET, overage: { amy: [640, 70] } };

    // Act
    const first = await days.run(amy, { reportDate: '2026-07-01' });
    const daily = await days.run(amy);
    const backfill = await days.run(amy, { reportDate: '2026-07-01' });

    // Assess
    expect(first.scenario.sns.ofKind('spike')[0]?.Subject).toContain('2026-07-01');
    expect(daily.scenario.sns.ofKind('spike')[0]?.Subject).toContain('2026-07-10');
    expect(backfill.kinds).toEqual([]);
    expect(backfill.output).toMatchObject({ reportDate: '2026-07-01', alertsSuppressed: [{ alertKind: 'spike', notices: 1 }] });
    expect(days.sentKeys()).toEqual(['spike/2026-07-01/person/amy', 'spike/2026-07-10/person/amy']);
  });

  it('loses nothing when the publish fails: the re-run tells it', async () => {
    // Prepare
    const days = new Days();
    const amy: Views = { ...QUIET, overage: { amy: [640, 70] } };
    days.failPublishOf = ['spike'];

    // Act
    const failed = await days.run(amy);
    days.failPublishOf = [];
    const rerun = await days.run(amy);

    // Assess
    expect(failed.outcome.status).toBe('FAILED');
    expect(failed.kinds).toEqual(['failure']);
    expect(rerun.kinds).toEqual(['spike']);
    expect(days.sentKeys()).toEqual(['spike/2026-07-10/person/amy']);
  });
});

describe('the data_quality alert, told once per report date', () => {
  it('is not sent again for the same counts, and is sent whole when a count grows', async () => {
    // Prepare
    const days = new Days();
    const oneBadDate: Views = { ...QUIET, dayIssues: { bad_date: 1 } };
    const threeBadDates: Views = { ...QUIET, dayIssues: { bad_date: 3 } };

    // Act
    const first = await days.run(oneBadDate);
    const rerun = await days.run(oneBadDate);
    const grown = await days.run(threeBadDates);
    const shrunk = await days.run(oneBadDate);

    // Assess
    expect(first.scenario.sns.ofKind('data_quality').map((alert) => alert.Subject)).toEqual(['Kiro data quality: 1 row issue(s)']);
    expect(rerun.kinds).toEqual([]);
    expect(rerun.output).toMatchObject({ alertsSent: [], alertsSuppressed: [{ alertKind: 'data_quality', notices: 1 }] });
    const update = grown.scenario.sns.ofKind('data_quality');
    expect(update.map((alert) => alert.Subject)).toEqual(['Kiro data quality: 3 row issue(s)']);
    expect(update[0]?.Message).toMatch(/^Update: an alert for 2026-07-10 was sent before; this one tells the whole day again, with 1 new or larger finding\.\n\n/);
    expect(update[0]?.Message).toContain('with an issue (view data_quality_issues lists them per file): bad_date 3.');
    // Fewer than told (a file fixed) is nothing new.
    expect(shrunk.kinds).toEqual([]);
    expect(days.sentKeys()).toEqual(['data_quality/2026-07-10/row_issue/bad_date#1', 'data_quality/2026-07-10/row_issue/bad_date#3']);
  });

  it('is recorded at once: a run failing later (DetectSpikes) does not have its re-run repeat it', async () => {
    // Prepare
    const days = new Days();
    const views: Views = { ...QUIET, dayIssues: { non_numeric: 2 } };
    days.failDetectSpikes = true;

    // Act
    const failed = await days.run(views);
    days.failDetectSpikes = false;
    const rerun = await days.run(views);

    // Assess
    expect(failed.outcome.status).toBe('FAILED');
    expect(failed.kinds).toEqual(['data_quality', 'failure']);
    expect(rerun.outcome.status).toBe('SUCCEEDED');
    expect(rerun.kinds).toEqual([]);
    expect(days.sentKeys()).toEqual(['data_quality/2026-07-10/row_issue/non_numeric#2']);
  });

  it('loses nothing when its publish fails, and repeats (never loses) when the record fails after the publish', async () => {
    // Prepare
    const days = new Days();
    const views: Views = { ...QUIET, dayIssues: { bad_date: 1 } };

    // Act
    days.failPublishOf = ['data_quality'];
    const refused = await days.run(views);
    days.failPublishOf = [];
    days.failRecord = true;
    const unrecorded = await days.run(views);
    days.failRecord = false;
    const told = await days.run(views);
    const quiet = await days.run(views);

    // Assess
    expect(refused.outcome.status).toBe('FAILED');
    expect(refused.scenario.lambdaCalls.RecordAlertsSent).toEqual([]);
    expect(unrecorded.outcome.status).toBe('FAILED');
    expect(unrecorded.kinds).toEqual(['data_quality', 'failure']);
    expect(told.kinds).toEqual(['data_quality']);
    expect(quiet.kinds).toEqual([]);
  });
});

describe('the stale_data alert, told once per report date', () => {
  it('is told once on a day without data, and again for the next report date while the data stays stale', async () => {
    // Prepare: the newest data is of 07-01, 10 days before the run day (alert after 3).
    const days = new Days();
    const stale: Views = { ...QUIET, creditsRows: 0, newestDate: '2026-07-01' };

    // Act
    const first = await days.run(stale, { reportDate: '2026-07-09' });
    const rerun = await days.run(stale, { reportDate: '2026-07-09' });
    const nextDay = await days.run(stale);
    const nextRerun = await days.run(stale);

    // Assess
    expect(first.kinds).toEqual(['stale_data']);
    expect(first.output).toMatchObject({ status: 'NO_DATA', alertsSent: ['stale_data'] });
    expect(first.scenario.lambdaCalls.RecordAlertsSent).toHaveLength(1);
    expect(first.scenario.lambdaCalls.FindUsersToResolve).toEqual([]);
    expect(rerun.kinds).toEqual([]);
    expect(rerun.output).toMatchObject({ status: 'NO_DATA', alertsSent: [], alertsSuppressed: [{ alertKind: 'stale_data', notices: 1 }] });
    expect(nextDay.kinds).toEqual(['stale_data']);
    expect(nextRerun.kinds).toEqual([]);
    expect(days.sentKeys()).toEqual(['stale_data/2026-07-09/stale', 'stale_data/2026-07-10/stale']);
  });

  it('is told once on a day with data, with the run going on to the users and SPICE', async () => {
    // Prepare: a backfill of 07-06, the newest day with rows, 5 days before the run day (alert after 3).
    const days = new Days();
    const stale: Views = { ...QUIET, newestDate: '2026-07-06' };

    // Act
    const first = await days.run(stale, { reportDate: '2026-07-06' });
    const rerun = await days.run(stale, { reportDate: '2026-07-06' });

    // Assess
    expect(first.kinds).toEqual(['stale_data']);
    expect(first.output).toMatchObject({ status: 'SUCCEEDED', alertsSent: ['stale_data'] });
    expect(first.scenario.lambdaCalls.RecordAlertsSent).toHaveLength(2);
    expect(first.scenario.lambdaCalls.FindUsersToResolve).toHaveLength(1);
    expect(first.scenario.quicksight.created).toHaveLength(1);
    expect(rerun.kinds).toEqual([]);
    expect(rerun.output).toMatchObject({ status: 'SUCCEEDED', alertsSuppressed: [{ alertKind: 'stale_data', notices: 1 }] });
  });
});
