/**
 * The foresight and engagement views (issue 12) over two small hand-made buckets written by the
 * tests, executed on DuckDB; every expected number is worked out by hand beside it. Prices are the
 * example config's (the public list prices, $0.04 an overage credit, Credits_Used includes the
 * overage, budget $300 a month) and the engagement defaults (segments 20 / 8 / 1 active days;
 * at risk: a fall of more than 50% from a last week of at least 20 messages).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_METRICS, ACTIVITY_METRIC_COLUMNS, BY_USER_ANALYTIC_HEADER, toAnalyticDate, USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { readFile } from 'node:fs/promises';
import { createAthenaOver, SQL_DIR } from './fixture-engine.js';
import { createPeopleAthena } from './people-engine.js';

const ACCOUNT = '111122223333';

/** One user_report row. Credits default to the messages; tier PRO, profile P1, client KIRO_IDE. */
interface Row {
  user: string;
  date: string;
  messages?: number;
  credits?: number;
  overage?: number;
  tier?: string;
  client?: string;
  profile?: string;
}

/** Writes one user_report file per (day, client) and one by_user_analytic file per day. */
async function writeBucket(dir: string, rows: readonly Row[], analytic: ReadonlyArray<[string, string, Partial<Record<(typeof ACTIVITY_METRICS)[number], number>>]> = []): Promise<void> {
  const files = new Map<string, string[]>();
  const add = (path: string, header: string, line: string): void => {
    files.set(path, [...(files.get(path) ?? [header]), line]);
  };
  for (const row of rows) {
    const client = row.client ?? 'KIRO_IDE';
    const profile = `arn:aws:codewhisperer:us-east-1:${ACCOUNT}:profile/${row.profile ?? 'P1'}`;
    const messages = row.messages ?? 0;
    add(
      `${folder('user_report', row.date)}/${client}_${ACCOUNT}_user_report_${stamp(row.date)}.csv`,
      USER_REPORT_HEADERS.withEmail.join(','),
      `${row.date},"${row.user}",${client},0,${row.credits ?? messages},0.0,${row.overage ?? 0},false,"${profile}",${row.tier ?? 'PRO'},${messages},false,`,
    );
  }
  for (const [user, date, metrics] of analytic) {
    add(
      `${folder('by_user_analytic', date)}/${ACCOUNT}_by_user_analytic_${stamp(date)}_report.csv`,
      BY_USER_ANALYTIC_HEADER.join(','),
      [`"${user}"`, toAnalyticDate(date), ...ACTIVITY_METRICS.map((metric) => String(metrics[metric] ?? 0))].join(','),
    );
  }
  for (const [path, lines] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), `${lines.join('\n')}\n`);
  }
}

function folder(table: string, date: string): string {
  return `kiro/AWSLogs/${ACCOUNT}/KiroLogs/${table}/us-east-1/${date.replaceAll('-', '/')}/00`;
}

/** The export stamp: 02:00 on the day after. */
function stamp(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10).replaceAll('-', '')}0200`;
}

/** `first`..`last` (inclusive), ISO days. */
function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (const day = new Date(`${first}T00:00:00Z`); day <= new Date(`${last}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

let scratch: string;
let money: LocalAthena;
let engagement: LocalAthena;

/*
 * Money bucket: as_of 2026-09-20, September 20 days elapsed of 30; August complete (31 of 31).
 * - amy: 08-10 600 credits PRO; 09-05 and 09-20 400 each, PRO.
 * - ben: 09-10 900 credits POWER (a mid-month downgrade candidate).
 * - cat: 09-15 300 credits under profile P1 (KIRO_IDE) and 200 under P2 (KIRO_CLI), PRO both: two subscriptions.
 * - dan: 09-18 1100 credits of which 100 overage, PRO.
 */
const MONEY_ROWS: Row[] = [
  { user: 'amy', date: '2026-08-10', credits: 600 },
  { user: 'amy', date: '2026-09-05', credits: 400 },
  { user: 'amy', date: '2026-09-20', credits: 400 },
  { user: 'ben', date: '2026-09-10', credits: 900, tier: 'POWER' },
  { user: 'cat', date: '2026-09-15', credits: 300, profile: 'P1' },
  { user: 'cat', date: '2026-09-15', credits: 200, profile: 'P2', client: 'KIRO_CLI' },
  { user: 'dan', date: '2026-09-18', credits: 1100, overage: 100 },
];

/*
 * Engagement bucket: as_of 2026-09-20. This week = 09-14..09-20, last week = 09-07..09-13; the
 * trailing 30 days = 08-22..09-20. One message (and credit) a day unless said otherwise.
 * - pow: 09-01..09-20 (20 days), KIRO_IDE PRO; on 09-20 active in by_user_analytic too (1 chat message).
 * - act: 09-02..09-20 (19 days), KIRO_IDE PRO.
 * - mid: 09-13..09-20 (8 days), KIRO_CLI PRO_PLUS.  - lit: 09-14..09-20 (7 days), KIRO_CLI PRO_PLUS.
 * - one: only a by_user_analytic row on 09-20 (3 chat messages); a user_report row on 09-19 with no
 *   messages and no credits, which is no activity.
 * - idl: 08-21 (30 days back: out of the window), 5 messages.
 * - fal: 09-06 1000 messages (14 days back: in neither week), 09-07 40 (13 back: last week), 09-14 19.
 * - drp: 09-10 40 messages, 09-15 20 (exactly half) and on 09-15 also a KIRO_CLI row with 2 credits,
 *   no messages, PRO_PLUS (so person_daily's tier of the day is PRO_PLUS).
 * - low: 08-22 5 messages (29 days back: in the window), 09-08 19 (below the floor of 20).
 */
const ENGAGEMENT_ROWS: Row[] = [
  ...daysFrom('2026-09-01', '2026-09-20').map((date) => ({ user: 'pow', date, messages: 1 })),
  ...daysFrom('2026-09-02', '2026-09-20').map((date) => ({ user: 'act', date, messages: 1 })),
  ...daysFrom('2026-09-13', '2026-09-20').map((date) => ({ user: 'mid', date, messages: 1, client: 'KIRO_CLI', tier: 'PRO_PLUS' })),
  ...daysFrom('2026-09-14', '2026-09-20').map((date) => ({ user: 'lit', date, messages: 1, client: 'KIRO_CLI', tier: 'PRO_PLUS' })),
  { user: 'one', date: '2026-09-19', messages: 0, credits: 0 },
  { user: 'idl', date: '2026-08-21', messages: 5 },
  { user: 'fal', date: '2026-09-06', messages: 1000 },
  { user: 'fal', date: '2026-09-07', messages: 40 },
  { user: 'fal', date: '2026-09-14', messages: 19 },
  { user: 'drp', date: '2026-09-10', messages: 40 },
  { user: 'drp', date: '2026-09-15', messages: 20 },
  { user: 'drp', date: '2026-09-15', messages: 0, credits: 2, client: 'KIRO_CLI', tier: 'PRO_PLUS' },
  { user: 'low', date: '2026-08-22', messages: 5 },
  { user: 'low', date: '2026-09-08', messages: 19 },
];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'foresight-'));
  await writeBucket(join(scratch, 'money'), MONEY_ROWS);
  await writeBucket(join(scratch, 'engagement'), ENGAGEMENT_ROWS, [
    ['one', '2026-09-20', { Chat_MessagesSent: 3 }],
    ['pow', '2026-09-20', { Chat_MessagesSent: 1 }],
  ]);
  // No user mapping: names are the ids.
  money = await createAthenaOver(join(scratch, 'money'), join(scratch, 'no-mapping'));
  engagement = await createAthenaOver(join(scratch, 'engagement'), join(scratch, 'no-mapping'));
});

afterAll(async () => {
  money?.close();
  engagement?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('plan_utilization', () => {
  it('has the allowance used and the month-end projection per person and month', async () => {
    // Act
    const rows = await money.run('SELECT * FROM plan_utilization ORDER BY month, userid');

    // Assess
    expect(rows).toEqual([
      // August is complete: 31 of 31 days, so the projection is what was drawn: 600 / 1000.
      {
        month: '2026-08-01', userid: 'amy', display_name: 'amy', tier: 'PRO', included_credits: '1000', plan_credits_used: '600',
        utilization: '0.6', days_elapsed: '31', days_in_month: '31', projected_credits: '600', projected_utilization: '0.6', overage_credits_used: '0',
      },
      // 400 + 400 = 800 of 1000 = 0.8; 800 / 20 × 30 = 1200, 1.2 of the allowance.
      {
        month: '2026-09-01', userid: 'amy', display_name: 'amy', tier: 'PRO', included_credits: '1000', plan_credits_used: '800',
        utilization: '0.8', days_elapsed: '20', days_in_month: '30', projected_credits: '1200', projected_utilization: '1.2', overage_credits_used: '0',
      },
      // POWER: 900 of 10000 = 0.09; 900 / 20 × 30 = 1350 → 0.135.
      {
        month: '2026-09-01', userid: 'ben', display_name: 'ben', tier: 'POWER', included_credits: '10000', plan_credits_used: '900',
        utilization: '0.09', days_elapsed: '20', days_in_month: '30', projected_credits: '1350', projected_utilization: '0.135', overage_credits_used: '0',
      },
      // Two PRO profiles: 2 × 1000 included; 500 of 2000 = 0.25; 500 / 20 × 30 = 750 → 0.375.
      {
        month: '2026-09-01', userid: 'cat', display_name: 'cat', tier: 'PRO', included_credits: '2000', plan_credits_used: '500',
        utilization: '0.25', days_elapsed: '20', days_in_month: '30', projected_credits: '750', projected_utilization: '0.375', overage_credits_used: '0',
      },
      // 1100 credits incl. 100 overage: plan 1000 of 1000 = 1; (1000 + 100) / 20 × 30 = 1650 → 1.65.
      {
        month: '2026-09-01', userid: 'dan', display_name: 'dan', tier: 'PRO', included_credits: '1000', plan_credits_used: '1000',
        utilization: '1', days_elapsed: '20', days_in_month: '30', projected_credits: '1650', projected_utilization: '1.65', overage_credits_used: '100',
      },
    ]);
  });
});

describe('forecast_by_person', () => {
  it('projects each person’s overage at month end, the rows month_forecast sums', async () => {
    // Act
    const rows = await money.run('SELECT * FROM forecast_by_person ORDER BY month, userid');

    // Assess: no teams in this bucket; $0.04 an overage credit.
    expect(rows).toEqual([
      // August is complete: the projection is the overage so far, $0.
      {
        month: '2026-08-01', userid: 'amy', team: null, days_elapsed: '31', days_in_month: '31', plan_credits_used: '600', overage_credits_used: '0',
        subscription_usd: '20', overage_usd: '0', total_usd: '20', projected_overage_usd: '0',
      },
      // Projected 1200 of 1000 included: 200 × $0.04 = $8.
      {
        month: '2026-09-01', userid: 'amy', team: null, days_elapsed: '20', days_in_month: '30', plan_credits_used: '800', overage_credits_used: '0',
        subscription_usd: '20', overage_usd: '0', total_usd: '20', projected_overage_usd: '8',
      },
      // 1350 of 10000 and 750 of 2000: under the allowance, $0.
      {
        month: '2026-09-01', userid: 'ben', team: null, days_elapsed: '20', days_in_month: '30', plan_credits_used: '900', overage_credits_used: '0',
        subscription_usd: '200', overage_usd: '0', total_usd: '200', projected_overage_usd: '0',
      },
      {
        month: '2026-09-01', userid: 'cat', team: null, days_elapsed: '20', days_in_month: '30', plan_credits_used: '500', overage_credits_used: '0',
        subscription_usd: '40', overage_usd: '0', total_usd: '40', projected_overage_usd: '0',
      },
      // 1650 - 1000 = 650 × $0.04 = $26 (more than the $4 so far).
      {
        month: '2026-09-01', userid: 'dan', team: null, days_elapsed: '20', days_in_month: '30', plan_credits_used: '1000', overage_credits_used: '100',
        subscription_usd: '20', overage_usd: '4', total_usd: '24', projected_overage_usd: '26',
      },
    ]);
  });
});

describe('month_forecast', () => {
  it('projects the month against the budget', async () => {
    // Act
    const rows = await money.run('SELECT * FROM month_forecast ORDER BY month');

    // Assess
    expect(rows).toEqual([
      // August: amy alone, PRO $20, no overage; complete, so projected = actual. $20 < $300.
      {
        month: '2026-08-01', days_elapsed: '31', days_in_month: '31', people: '1', plan_credits_used: '600', overage_credits_used: '0',
        subscription_usd: '20', overage_usd: '0', projected_overage_usd: '0', projected_total_usd: '20', budget_usd: '300', over_budget: 'false',
      },
      // September: plan 800 + 900 + 500 + 1000 = 3200, overage 100 ($4). Subscriptions 20 + 200 + 2 × 20 + 20 = $280.
      // Projected overage: amy 1200 - 1000 = 200 → $8; ben and cat under their allowance → $0;
      // dan 1650 - 1000 = 650 → $26. $34; total $280 + $34 = $314 > $300.
      {
        month: '2026-09-01', days_elapsed: '20', days_in_month: '30', people: '4', plan_credits_used: '3200', overage_credits_used: '100',
        subscription_usd: '280', overage_usd: '4', projected_overage_usd: '34', projected_total_usd: '314', budget_usd: '300', over_budget: 'true',
      },
    ]);
  });

  it('has a NULL budget and over_budget when the config sets no budget', async () => {
    // Prepare: the people fixture's config sets no budget.
    const unbudgeted = await createPeopleAthena();

    // Act
    const rows = await unbudgeted.run('SELECT CAST(month AS varchar) AS month, budget_usd, over_budget FROM month_forecast ORDER BY month');
    unbudgeted.close();

    // Assess
    expect(rows).toEqual([
      { month: '2026-06-01', budget_usd: null, over_budget: null },
      { month: '2026-07-01', budget_usd: null, over_budget: null },
    ]);
  });
});

describe('double_billed_users', () => {
  it('lists a person under two profiles in a month', async () => {
    // Act
    const rows = await money.run('SELECT * FROM double_billed_users');

    // Assess
    expect(rows).toEqual([
      {
        month: '2026-09-01', userid: 'cat', display_name: 'cat', profiles: '2',
        profile_ids: `arn:aws:codewhisperer:us-east-1:${ACCOUNT}:profile/P1, arn:aws:codewhisperer:us-east-1:${ACCOUNT}:profile/P2`,
      },
    ]);
  });
});

describe('tier_recommendation', () => {
  it('says when a change takes effect and what it saves a year', async () => {
    // Act
    const rows = await money.run(
      'SELECT userid, current_tier, recommended_tier, action, monthly_saving_usd, effective, annual_saving_usd FROM tier_recommendation ORDER BY userid',
    );

    // Assess
    expect(rows).toEqual([
      // amy: 1200 projected: PRO $20 + 200 × $0.04 = $28; PRO_PLUS $40: keep.
      { userid: 'amy', current_tier: 'PRO', recommended_tier: 'PRO', action: 'KEEP', monthly_saving_usd: '0', effective: null, annual_saving_usd: '0' },
      // ben, mid-month: 1350 projected: POWER $200; PRO $20 + 350 × $0.04 = $34; PRO_PLUS $40. A downgrade
      // applies from next month; $166 × 12 = $1992.
      { userid: 'ben', current_tier: 'POWER', recommended_tier: 'PRO', action: 'DOWNGRADE', monthly_saving_usd: '166', effective: 'next_month', annual_saving_usd: '1992' },
      // cat: 750 projected: PRO $20 is the cheapest.
      { userid: 'cat', current_tier: 'PRO', recommended_tier: 'PRO', action: 'KEEP', monthly_saving_usd: '0', effective: null, annual_saving_usd: '0' },
      // dan: 1650 projected: PRO $20 + 650 × $0.04 = $46; PRO_PLUS $40: an upgrade, at once; $6 × 12 = $72.
      { userid: 'dan', current_tier: 'PRO', recommended_tier: 'PRO_PLUS', action: 'UPGRADE', monthly_saving_usd: '6', effective: 'now', annual_saving_usd: '72' },
    ]);
  });
});

describe('active_users_daily', () => {
  it('counts the active and the new people per day, client and tier', async () => {
    // Act
    const rows = await engagement.run(
      `SELECT CAST(report_date AS varchar) AS report_date, client_type, subscription_tier, active_users, new_users
       FROM active_users_daily WHERE report_date IN (DATE '2026-09-02', DATE '2026-09-15', DATE '2026-09-19', DATE '2026-09-20') ORDER BY ALL`,
    );

    // Assess
    expect(rows).toEqual([
      // 09-02: pow and act; act's first day.
      { report_date: '2026-09-02', client_type: 'KIRO_IDE', subscription_tier: 'PRO', active_users: '2', new_users: '1' },
      // 09-15: drp in two clients (the CLI row has credits only), both under the day's tier PRO_PLUS.
      { report_date: '2026-09-15', client_type: 'KIRO_CLI', subscription_tier: 'PRO_PLUS', active_users: '3', new_users: '0' },
      { report_date: '2026-09-15', client_type: 'KIRO_IDE', subscription_tier: 'PRO', active_users: '2', new_users: '0' },
      { report_date: '2026-09-15', client_type: 'KIRO_IDE', subscription_tier: 'PRO_PLUS', active_users: '1', new_users: '0' },
      // 09-19: one's row without messages or credits is no activity.
      { report_date: '2026-09-19', client_type: 'KIRO_CLI', subscription_tier: 'PRO_PLUS', active_users: '2', new_users: '0' },
      { report_date: '2026-09-19', client_type: 'KIRO_IDE', subscription_tier: 'PRO', active_users: '2', new_users: '0' },
      // 09-20: one is active in by_user_analytic only (no client, no tier), for the first time; pow
      // is active in both reports, so only under its client.
      { report_date: '2026-09-20', client_type: 'KIRO_CLI', subscription_tier: 'PRO_PLUS', active_users: '2', new_users: '0' },
      { report_date: '2026-09-20', client_type: 'KIRO_IDE', subscription_tier: 'PRO', active_users: '2', new_users: '0' },
      { report_date: '2026-09-20', client_type: null, subscription_tier: null, active_users: '1', new_users: '1' },
    ]);
  });

  it('reads every activity metric of by_user_analytic', async () => {
    // Prepare
    const sql = await readFile(join(SQL_DIR, '22_active_person_days.sql'), 'utf8');

    // Act
    const missing = ACTIVITY_METRIC_COLUMNS.filter((column) => !sql.includes(`coalesce(${column}, 0) <> 0`));

    // Assess
    expect(missing).toEqual([]);
  });
});

describe('active_users_rolling', () => {
  it('counts distinct people active that day, in the 7 and in the 30 days ending it', async () => {
    // Act
    const rows = await engagement.run(
      `SELECT CAST(report_date AS varchar) AS report_date, dau, wau, mau FROM active_users_rolling
       WHERE report_date IN (DATE '2026-08-22', DATE '2026-09-01', DATE '2026-09-13', DATE '2026-09-20') ORDER BY report_date`,
    );

    // Assess
    expect(rows).toEqual([
      // 08-22: low; the week 08-16..08-22 adds idl (08-21).
      { report_date: '2026-08-22', dau: '1', wau: '2', mau: '2' },
      // 09-01: pow; week 08-26..09-01 pow; 30 days 08-03..09-01 adds idl and low.
      { report_date: '2026-09-01', dau: '1', wau: '1', mau: '3' },
      // 09-13: pow, act, mid; week 09-07..09-13 adds fal (09-07), low (09-08), drp (09-10); 30 days 08-15.. adds idl.
      { report_date: '2026-09-13', dau: '3', wau: '6', mau: '7' },
      // 09-20: pow, act, mid, lit, one; week 09-14.. adds fal and drp; 30 days 08-22.. adds low, not idl (08-21).
      { report_date: '2026-09-20', dau: '5', wau: '7', mau: '8' },
    ]);
  });
});

describe('active_users_by_tier', () => {
  it('counts each active person once a day under the tier of the day, new and returning, adding up to dau', async () => {
    // Act
    const rows = await engagement.run(
      `SELECT CAST(report_date AS varchar) AS report_date, subscription_tier, active_users, new_users, returning_users
       FROM active_users_by_tier WHERE report_date IN (DATE '2026-09-02', DATE '2026-09-15', DATE '2026-09-20') ORDER BY ALL`,
    );
    const sums = await engagement.run(
      `SELECT CAST(count(*) AS varchar) AS days_differing FROM active_users_rolling AS rolling
       LEFT JOIN (SELECT report_date, sum(active_users) AS active FROM active_users_by_tier GROUP BY report_date) AS tiers
         ON tiers.report_date = rolling.report_date
       WHERE coalesce(tiers.active, 0) <> rolling.dau`,
    );

    // Assess
    expect(rows).toEqual([
      // 09-02: pow and act under PRO; act's first day.
      { report_date: '2026-09-02', subscription_tier: 'PRO', active_users: '2', new_users: '1', returning_users: '1' },
      // 09-15: pow and act PRO; mid, lit and drp PRO_PLUS (drp in two clients, once: 5 = that day's dau).
      { report_date: '2026-09-15', subscription_tier: 'PRO', active_users: '2', new_users: '0', returning_users: '2' },
      { report_date: '2026-09-15', subscription_tier: 'PRO_PLUS', active_users: '3', new_users: '0', returning_users: '3' },
      // 09-20: one active in by_user_analytic only, without a tier, for the first time (2 + 2 + 1 = dau 5).
      { report_date: '2026-09-20', subscription_tier: 'PRO', active_users: '2', new_users: '0', returning_users: '2' },
      { report_date: '2026-09-20', subscription_tier: 'PRO_PLUS', active_users: '2', new_users: '0', returning_users: '2' },
      { report_date: '2026-09-20', subscription_tier: null, active_users: '1', new_users: '1', returning_users: '0' },
    ]);
    expect(sums).toEqual([{ days_differing: '0' }]);
  });
});

describe('weekly_movers', () => {
  it('compares two weeks of exactly 7 days and flags a fall of more than half', async () => {
    // Act
    const rows = await engagement.run('SELECT * FROM weekly_movers ORDER BY userid');

    // Assess: one (no messages or credits in user_report) and idl (nothing in 14 days) are not movers.
    expect(rows).toEqual([
      // 7 days each week: no change.
      { userid: 'act', display_name: 'act', messages_this_week: '7', messages_last_week: '7', credits_this_week: '7', credits_last_week: '7', change_pct: '0', at_risk: 'false' },
      // 40 → 20 is a fall of exactly half: not more than 50%. Credits this week 20 + 2 (the CLI row).
      { userid: 'drp', display_name: 'drp', messages_this_week: '20', messages_last_week: '40', credits_this_week: '22', credits_last_week: '40', change_pct: '-50', at_risk: 'false' },
      // 40 (09-07) → 19: (19 - 40) / 40 = -52.5%: at risk. 09-06 (1000) is in neither week.
      { userid: 'fal', display_name: 'fal', messages_this_week: '19', messages_last_week: '40', credits_this_week: '19', credits_last_week: '40', change_pct: '-52.5', at_risk: 'true' },
      // Nothing last week: no change in percent.
      { userid: 'lit', display_name: 'lit', messages_this_week: '7', messages_last_week: '0', credits_this_week: '7', credits_last_week: '0', change_pct: null, at_risk: 'false' },
      // 19 → 0 is -100%, but 19 is below the floor of 20.
      { userid: 'low', display_name: 'low', messages_this_week: '0', messages_last_week: '19', credits_this_week: '0', credits_last_week: '19', change_pct: '-100', at_risk: 'false' },
      // 1 (09-13) → 7: +600%.
      { userid: 'mid', display_name: 'mid', messages_this_week: '7', messages_last_week: '1', credits_this_week: '7', credits_last_week: '1', change_pct: '600', at_risk: 'false' },
      { userid: 'pow', display_name: 'pow', messages_this_week: '7', messages_last_week: '7', credits_this_week: '7', credits_last_week: '7', change_pct: '0', at_risk: 'false' },
    ]);
  });
});

describe('engagement_segments and engagement_funnel', () => {
  it('puts each person in a segment by active days in the trailing 30, at each threshold', async () => {
    // Act
    const rows = await engagement.run('SELECT * FROM engagement_segments ORDER BY userid');

    // Assess
    expect(rows).toEqual([
      { userid: 'act', display_name: 'act', active_days_30d: '19', segment: 'active' }, // one below power
      { userid: 'drp', display_name: 'drp', active_days_30d: '2', segment: 'light' },
      { userid: 'fal', display_name: 'fal', active_days_30d: '3', segment: 'light' }, // 09-06, 09-07, 09-14
      { userid: 'idl', display_name: 'idl', active_days_30d: '0', segment: 'idle' }, // 08-21 is 30 days back
      { userid: 'lit', display_name: 'lit', active_days_30d: '7', segment: 'light' }, // one below active
      { userid: 'low', display_name: 'low', active_days_30d: '2', segment: 'light' }, // 08-22 is 29 days back
      { userid: 'mid', display_name: 'mid', active_days_30d: '8', segment: 'active' }, // exactly active
      { userid: 'one', display_name: 'one', active_days_30d: '1', segment: 'light' }, // exactly light
      { userid: 'pow', display_name: 'pow', active_days_30d: '20', segment: 'power' }, // exactly power
    ]);
  });

  it('counts the people of every segment', async () => {
    // Act
    const rows = await engagement.run('SELECT * FROM engagement_funnel ORDER BY people DESC, segment');

    // Assess
    expect(rows).toEqual([
      { segment: 'light', people: '5' },
      { segment: 'active', people: '2' },
      { segment: 'idle', people: '1' },
      { segment: 'power', people: '1' },
    ]);
  });
});
