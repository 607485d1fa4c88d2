/**
 * The people views over a small hand-written fixture (test/fixtures/people). Every expected
 * number is worked out below from the fixture rows, not by running the SQL. Prices are the
 * public list prices: FREE $0/50, PRO $20/1,000, PRO_PLUS $40/2,000, PRO_MAX $100/5,000,
 * POWER $200/10,000 credits; overage $0.04 a credit; Credits_Used includes the overage.
 *
 * The fixture (credits, overage, tier, messages, conversations per user_report row):
 * - Ana: 06-20 IDE 1100/100 PRO 90 msg 2 conv; 06-21 CLI 10/0 PRO 5/1; 07-03 IDE 400/0 PRO 150/5;
 *   07-15 IDE 500/0 PRO_PLUS 300/10 (tier change mid-month). Code lines: 06-20 1000+0, 07-15 120+80.
 * - Ben: 07-10 IDE 500/0 PRO 200/8; 07-20 IDE as `d-1234567890.<id>` 1200/200 PRO 500/20 and
 *   07-20 CLI as the bare id 300/100 PRO_PLUS 300/4 (two clients, two tiers, one day).
 *   Code lines: 07-10 0+10, 07-20 (d- prefixed) 30+20.
 * - Cara (never resolved to a name): 07-18 IDE 2500/1500 PRO 6000/40.
 * - Dan (going quiet): 06-01 IDE 30/0 PRO 10/0; 06-25 IDE 50/0 PRO 20/1.
 * - Eve (deleted from Identity Center after being named): 07-01 PLUGIN 200/0 POWER 30/3.
 * as_of = 2026-07-20 (Ben's last day); July: 20 days elapsed of 31. Trailing 30 days: 06-21..07-20.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createPeopleAthena, PEOPLE, PEOPLE_BUCKET_DIR, peopleSettings } from './people-engine.js';

let athena: LocalAthena;

beforeAll(async () => {
  athena = await createPeopleAthena();
});

afterAll(() => athena.close());

describe('report_as_of', () => {
  it('is the newest report day, not the wall clock', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM report_as_of');

    // Assess
    expect(rows).toEqual([{ as_of: '2026-07-20', as_of_month: '2026-07-01', days_elapsed: '20', days_in_month: '31' }]);
  });
});

describe('user_monthly_cost', () => {
  it('prices each person-month from the latest tier and the overage', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM user_monthly_cost ORDER BY month, userid');

    // Assess
    expect(rows).toEqual([
      // One profile each (EXAMPLEPROFILE), so one subscription each.
      // Ana June: 1100 + 10 = 1110 credits, 100 overage; plan 1110 - 100 = 1010 of PRO's 1000 = 1.01;
      // $20 + 100 × $0.04 = $4 → $24.
      {
        month: '2026-06-01', userid: PEOPLE.ana, display_name: 'Ana Example', tier: 'PRO', profiles: '1', credits_used: '1110',
        overage_credits_used: '100', included_credits: '1000', plan_credits: '1010', plan_utilization: '1.01', subscription_usd: '20', overage_usd: '4', total_usd: '24', team: null,
      },
      // Dan June: 30 + 50 = 80 credits, plan 80 / 1000 = 0.08; $20.
      {
        month: '2026-06-01', userid: PEOPLE.dan, display_name: 'Dan Example', tier: 'PRO', profiles: '1', credits_used: '80',
        overage_credits_used: '0', included_credits: '1000', plan_credits: '80', plan_utilization: '0.08', subscription_usd: '20', overage_usd: '0', total_usd: '20', team: null,
      },
      // Ana July: PRO on 07-03, PRO_PLUS on 07-15 (latest) → PRO_PLUS $40; 400 + 500 = 900 credits, 900 / 2000 = 0.45.
      {
        month: '2026-07-01', userid: PEOPLE.ana, display_name: 'Ana Example', tier: 'PRO_PLUS', profiles: '1', credits_used: '900',
        overage_credits_used: '0', included_credits: '2000', plan_credits: '900', plan_utilization: '0.45', subscription_usd: '40', overage_usd: '0', total_usd: '40', team: null,
      },
      // Ben July: the d- row merges with the bare id; 07-20 says PRO and PRO_PLUS → PRO_PLUS.
      // 500 + 1200 + 300 = 2000 credits, 200 + 100 = 300 overage; plan 1700 / 2000 = 0.85; $40 + $12 = $52.
      {
        month: '2026-07-01', userid: PEOPLE.ben, display_name: 'Ben Example', tier: 'PRO_PLUS', profiles: '1', credits_used: '2000',
        overage_credits_used: '300', included_credits: '2000', plan_credits: '1700', plan_utilization: '0.85', subscription_usd: '40', overage_usd: '12', total_usd: '52', team: null,
      },
      // Cara July: 2500 credits, 1500 overage; plan 1000 / 1000 = 1; $20 + 1500 × $0.04 = $60 → $80. No name: the id.
      {
        month: '2026-07-01', userid: PEOPLE.cara, display_name: PEOPLE.cara, tier: 'PRO', profiles: '1', credits_used: '2500',
        overage_credits_used: '1500', included_credits: '1000', plan_credits: '1000', plan_utilization: '1', subscription_usd: '20', overage_usd: '60', total_usd: '80', team: null,
      },
      // Eve July: POWER $200; 200 / 10000 = 0.02. Deleted, she keeps her last known name.
      {
        month: '2026-07-01', userid: PEOPLE.eve, display_name: 'Eve Example', tier: 'POWER', profiles: '1', credits_used: '200',
        overage_credits_used: '0', included_credits: '10000', plan_credits: '200', plan_utilization: '0.02', subscription_usd: '200', overage_usd: '0', total_usd: '200', team: null,
      },
    ]);
  });

  it('counts Credits_Used as plan credits only when the config says it excludes the overage', async () => {
    // Prepare
    const settings = peopleSettings();
    const excluding = await createPeopleAthena({ ...settings, pricing: { ...settings.pricing, creditsUsedIncludesOverage: false } });

    // Act
    const rows = await excluding.run(
      `SELECT plan_credits, plan_utilization, total_usd FROM user_monthly_cost WHERE userid = '${PEOPLE.ben}'`,
    );
    excluding.close();

    // Assess: Ben's 2000 credits are all plan credits: 2000 / 2000 = 1; the overage is billed the same.
    expect(rows).toEqual([{ plan_credits: '2000', plan_utilization: '1', total_usd: '52' }]);
  });
});

describe('user_summary', () => {
  it('has one row per person with the trailing-window usage, category and total cost', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM user_summary ORDER BY userid');

    // Assess
    expect(rows).toEqual([
      // Ana: days 06-20, 06-21, 07-03, 07-15 → 4; 07-15 → 07-20 = 5 days. Window from 06-21 (06-20 is
      // day 31 back): msgs 5 + 150 + 300 = 455 (moderate), conv 1 + 5 + 10 = 16, credits 10 + 400 + 500 = 910,
      // code lines 120 + 80 = 200; score 455 + 160 + 20 = 635. Totals 2010 / 100; cost $24 + $40 = $64.
      {
        userid: PEOPLE.ana, display_name: 'Ana Example', first_seen: '2026-06-20', last_seen: '2026-07-15', active_days: '4',
        days_inactive: '5', clients: 'KIRO_CLI, KIRO_IDE', latest_tier: 'PRO_PLUS', messages_30d: '455', conversations_30d: '16',
        credits_30d: '910', overage_credits_30d: '0', ai_code_lines_30d: '200', activity_score_30d: '635', usage_category: 'moderate',
        credits_total: '2010', overage_credits_total: '100', cost_usd_total: '64', team: null,
      },
      // Ben: days 07-10, 07-20 → 2; msgs 200 + 500 + 300 = 1000 (not < 1000: heavy), conv 8 + 20 + 4 = 32,
      // code lines 10 + 50 = 60; score 1000 + 320 + 6 = 1326.
      {
        userid: PEOPLE.ben, display_name: 'Ben Example', first_seen: '2026-07-10', last_seen: '2026-07-20', active_days: '2',
        days_inactive: '0', clients: 'KIRO_CLI, KIRO_IDE', latest_tier: 'PRO_PLUS', messages_30d: '1000', conversations_30d: '32',
        credits_30d: '2000', overage_credits_30d: '300', ai_code_lines_30d: '60', activity_score_30d: '1326', usage_category: 'heavy',
        credits_total: '2000', overage_credits_total: '300', cost_usd_total: '52', team: null,
      },
      // Cara: 07-18 → 2 days; 6000 msgs (very_heavy); score 6000 + 400 = 6400.
      {
        userid: PEOPLE.cara, display_name: PEOPLE.cara, first_seen: '2026-07-18', last_seen: '2026-07-18', active_days: '1',
        days_inactive: '2', clients: 'KIRO_IDE', latest_tier: 'PRO', messages_30d: '6000', conversations_30d: '40',
        credits_30d: '2500', overage_credits_30d: '1500', ai_code_lines_30d: '0', activity_score_30d: '6400', usage_category: 'very_heavy',
        credits_total: '2500', overage_credits_total: '1500', cost_usd_total: '80', team: null,
      },
      // Dan: 06-25 → 07-20 = 25 days; only 06-25 is in the window: 20 msgs, 1 conv → score 30, light.
      {
        userid: PEOPLE.dan, display_name: 'Dan Example', first_seen: '2026-06-01', last_seen: '2026-06-25', active_days: '2',
        days_inactive: '25', clients: 'KIRO_IDE', latest_tier: 'PRO', messages_30d: '20', conversations_30d: '1',
        credits_30d: '50', overage_credits_30d: '0', ai_code_lines_30d: '0', activity_score_30d: '30', usage_category: 'light',
        credits_total: '80', overage_credits_total: '0', cost_usd_total: '20', team: null,
      },
      // Eve: 07-01 → 19 days; 30 msgs, 3 conv → score 60, light.
      {
        userid: PEOPLE.eve, display_name: 'Eve Example', first_seen: '2026-07-01', last_seen: '2026-07-01', active_days: '1',
        days_inactive: '19', clients: 'PLUGIN', latest_tier: 'POWER', messages_30d: '30', conversations_30d: '3',
        credits_30d: '200', overage_credits_30d: '0', ai_code_lines_30d: '0', activity_score_30d: '60', usage_category: 'light',
        credits_total: '200', overage_credits_total: '0', cost_usd_total: '200', team: null,
      },
    ]);
  });

  it('calls a person inactive when the window holds none of their days', async () => {
    // Prepare: a 10-day window is 07-11..07-20; Ana (07-15), Ben and Cara are in it, Dan and Eve are not.
    const settings = peopleSettings();
    const shortWindow = await createPeopleAthena({ ...settings, people: { ...settings.people, trailingDays: 10 } });

    // Act
    const rows = await shortWindow.run('SELECT display_name, messages_30d, usage_category FROM user_summary ORDER BY userid');
    shortWindow.close();

    // Assess: Ana keeps only 07-15's 300 messages; Ben only 07-20's 500 + 300 = 800 (07-10 is out).
    expect(rows).toEqual([
      { display_name: 'Ana Example', messages_30d: '300', usage_category: 'moderate' },
      { display_name: 'Ben Example', messages_30d: '800', usage_category: 'moderate' },
      { display_name: PEOPLE.cara, messages_30d: '6000', usage_category: 'very_heavy' },
      { display_name: 'Dan Example', messages_30d: '0', usage_category: 'inactive' },
      { display_name: 'Eve Example', messages_30d: '0', usage_category: 'inactive' },
    ]);
  });
});

describe('top_users_by_cost and top_users_by_usage', () => {
  it('rank everyone of the as_of month by what they cost so far', async () => {
    // Act
    const rows = await athena.run('SELECT rank, display_name, total_usd FROM top_users_by_cost ORDER BY rank');

    // Assess: July only (Dan had no July rows): Eve $200, Cara $80, Ben $52, Ana $40.
    expect(rows).toEqual([
      { rank: '1', display_name: 'Eve Example', total_usd: '200' },
      { rank: '2', display_name: PEOPLE.cara, total_usd: '80' },
      { rank: '3', display_name: 'Ben Example', total_usd: '52' },
      { rank: '4', display_name: 'Ana Example', total_usd: '40' },
    ]);
  });

  it('rank everyone by the trailing activity score', async () => {
    // Act
    const rows = await athena.run('SELECT rank, display_name, activity_score_30d FROM top_users_by_usage ORDER BY rank');

    // Assess: scores worked out in user_summary above.
    expect(rows).toEqual([
      { rank: '1', display_name: PEOPLE.cara, activity_score_30d: '6400' },
      { rank: '2', display_name: 'Ben Example', activity_score_30d: '1326' },
      { rank: '3', display_name: 'Ana Example', activity_score_30d: '635' },
      { rank: '4', display_name: 'Eve Example', activity_score_30d: '60' },
      { rank: '5', display_name: 'Dan Example', activity_score_30d: '30' },
    ]);
  });
});

describe('inactive_users', () => {
  it('lists people quiet for at least 14 days with the price of their seat', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM inactive_users ORDER BY days_inactive DESC');

    // Assess: Dan 25 days on PRO ($20), Eve 19 days on POWER ($200); Ana's 5 days do not count.
    expect(rows).toEqual([
      { userid: PEOPLE.dan, display_name: 'Dan Example', last_seen: '2026-06-25', days_inactive: '25', latest_tier: 'PRO', monthly_seat_usd: '20' },
      { userid: PEOPLE.eve, display_name: 'Eve Example', last_seen: '2026-07-01', days_inactive: '19', latest_tier: 'POWER', monthly_seat_usd: '200' },
    ]);
  });
});

describe('tier_recommendation', () => {
  it('recommends the cheapest tier for the projected month', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM tier_recommendation ORDER BY userid');

    // Assess
    expect(rows).toEqual([
      // Ana: 900 / 20 × 31 = 1395. PRO_PLUS $40; PRO $20 + 395 × 0.04 = $35.80; FREE has no overage: not a candidate.
      { userid: PEOPLE.ana, display_name: 'Ana Example', current_tier: 'PRO_PLUS', projected_credits: '1395', recommended_tier: 'PRO', action: 'DOWNGRADE', monthly_saving_usd: '4.2', effective: 'next_month', annual_saving_usd: '50.4' },
      // Ben: (1700 + 300) / 20 × 31 = 3100. PRO_PLUS $40 + 1100 × 0.04 = $84; PRO $104; PRO_MAX $100.
      { userid: PEOPLE.ben, display_name: 'Ben Example', current_tier: 'PRO_PLUS', projected_credits: '3100', recommended_tier: 'PRO_PLUS', action: 'KEEP', monthly_saving_usd: '0', effective: null, annual_saving_usd: '0' },
      // Cara: 2500 / 20 × 31 = 3875. PRO $20 + 2875 × 0.04 = $135; PRO_PLUS $115; PRO_MAX $100.
      { userid: PEOPLE.cara, display_name: PEOPLE.cara, current_tier: 'PRO', projected_credits: '3875', recommended_tier: 'PRO_MAX', action: 'UPGRADE', monthly_saving_usd: '35', effective: 'now', annual_saving_usd: '420' },
      // Eve: 200 / 20 × 31 = 310. POWER $200; PRO $20; FREE would stop at 50 credits, so it is no option.
      // A downgrade takes effect next month, an upgrade now; the annual saving is 12 × the monthly one.
      { userid: PEOPLE.eve, display_name: 'Eve Example', current_tier: 'POWER', projected_credits: '310', recommended_tier: 'PRO', action: 'DOWNGRADE', monthly_saving_usd: '180', effective: 'next_month', annual_saving_usd: '2160' },
    ]);
  });
});

describe('user_summary after a day without a user_report row', () => {
  it('keeps the tier of the latest day with one', async () => {
    // Prepare: a copy of the fixture where Ana's last day, 07-19, has by_user_analytic activity only.
    const scratch = mkdtempSync(join(tmpdir(), 'people-views-'));
    cpSync(PEOPLE_BUCKET_DIR, scratch, { recursive: true });
    const reports = join(scratch, 'kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/us-east-1/2026/07');
    const [header = ''] = readFileSync(join(reports, '21/00/111122223333_by_user_analytic_202607210200_report.csv'), 'utf8').split('\n');
    const metrics = header.split(',').length - 2;
    mkdirSync(join(reports, '20/00'), { recursive: true });
    writeFileSync(join(reports, '20/00/111122223333_by_user_analytic_202607200200_report.csv'), `${header}\n"${PEOPLE.ana}",07-19-2026,${['5', ...Array<string>(metrics - 1).fill('0')].join(',')}\n`);
    const engine = await createPeopleAthena(peopleSettings(), scratch);

    // Act
    const rows = await engine.run(`SELECT last_seen, latest_tier FROM user_summary WHERE userid = '${PEOPLE.ana}'`);
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });

    // Assess: 07-19 is her last day, and 07-15's PRO_PLUS stays her tier.
    expect(rows).toEqual([{ last_seen: '2026-07-19', latest_tier: 'PRO_PLUS' }]);
  });
});
