/**
 * Which report rows make credits_daily and activity_daily, and how the views that sum them per
 * person add them up: re-exports in parts, the de-dup key (account, region, profile), the
 * identity store prefix in either case, and a projection from unrounded credits. Each test writes
 * a small bucket of its own; every expected number is worked out by hand beside it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_METRICS, BY_USER_ANALYTIC_HEADER, toAnalyticDate, USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createAthenaOver, USERS } from './fixture-engine.js';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const DAY = '2026-09-15';

let scratch: string;
const engines: LocalAthena[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'report-keys-'));
});

afterAll(async () => {
  engines.forEach((engine) => engine.close());
  await rm(scratch, { recursive: true, force: true });
});

interface CreditRow {
  user: string;
  credits: number;
  client?: string;
  overage?: number;
  tier?: string;
  /** The profile name in the ARN (default P1). */
  profile?: string;
  date?: string;
}

/** Where a report file of `table` lands: `kiro/AWSLogs/<account>/KiroLogs/<table>/<region>/<day folders>/00/<name>`. */
function reportPath(table: string, account: string, region: string, name: string, day = DAY): string {
  return `kiro/AWSLogs/${account}/KiroLogs/${table}/${region}/${day.replaceAll('-', '/')}/00/${name}`;
}

/** A user_report file (the mid-2026 header) of `rows`. */
function userReport(account: string, region: string, name: string, rows: CreditRow[]): [string, string] {
  const lines = rows.map((row) => {
    const profile = `arn:aws:codewhisperer:${region}:${account}:profile/${row.profile ?? 'P1'}`;
    const client = row.client ?? name.slice(0, name.indexOf(`_${account}_`));
    return `${row.date ?? DAY},"${row.user}",${client},1,${row.credits},0.0,${row.overage ?? 0},false,"${profile}",${row.tier ?? 'PRO'},1,false,`;
  });
  return [reportPath('user_report', account, region, name, rows[0]?.date), [USER_REPORT_HEADERS.withEmail.join(','), ...lines, ''].join('\n')];
}

/** A by_user_analytic file: one row per user with the given metrics, every other metric 0. */
function analyticReport(account: string, region: string, name: string, rows: Array<[string, Partial<Record<(typeof ACTIVITY_METRICS)[number], number>>]>): [string, string] {
  const lines = rows.map(([user, metrics]) => [`"${user}"`, toAnalyticDate(DAY), ...ACTIVITY_METRICS.map((metric) => String(metrics[metric] ?? 0))].join(','));
  return [reportPath('by_user_analytic', account, region, name), [BY_USER_ANALYTIC_HEADER.join(','), ...lines, ''].join('\n')];
}

/** An engine over a bucket of `files`, no user mapping. */
async function engineOver(name: string, files: Array<[string, string]>): Promise<LocalAthena> {
  const root = join(scratch, name);
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  const engine = await createAthenaOver(root, join(root, 'no-user-mapping'));
  engines.push(engine);
  return engine;
}

const fileName = "regexp_extract(source_file, '[^/]+$')";

describe('a re-export in parts', () => {
  // The first export: Ada and Bo in part 1, Cy and Dee in part 2. The re-export: Ada and Cy in
  // part 1 (Cy moved), Bo in part 2; Dee is no longer listed.
  const first = { part1: [{ user: USERS.ada, credits: 10 }, { user: USERS.bo, credits: 20 }], part2: [{ user: USERS.cy, credits: 30 }, { user: USERS.dee, credits: 40 }] };
  const again = { part1: [{ user: USERS.ada, credits: 11 }, { user: USERS.cy, credits: 33 }], part2: [{ user: USERS.bo, credits: 22 }] };
  const stampThenPart = (stamp: string, part: number) => `KIRO_IDE_${ACCOUNT}_user_report_${stamp}_part_${part}.csv`;
  const partThenStamp = (stamp: string, part: number) => `KIRO_IDE_${ACCOUNT}_user_report_part_${part}_${stamp}.csv`;

  it.each([
    // Before: only the first export had a stamp where it was looked for, so it won every key (100 credits).
    ['<stamp>_part_N, re-exported as part_N_<stamp>', stampThenPart, partThenStamp],
    // Before: the re-export won each key it lists, Dee stayed from the first export (106 credits).
    ['part_N_<stamp>, re-exported as <stamp>_part_N', partThenStamp, stampThenPart],
    // The sample's layout. Before: no stamp found at all, the greater path won: Cy from the first export's part_2 (103 credits).
    ['part_N_<stamp> both times', partThenStamp, partThenStamp],
  ])('replaces the earlier export as a whole: %s', async (label, firstName, againName) => {
    // Prepare
    const athena = await engineOver(`parts-${label.replace(/[^a-z]+/gi, '-')}`, [
      userReport(ACCOUNT, 'us-east-1', firstName('202609160201', 1), first.part1),
      userReport(ACCOUNT, 'us-east-1', firstName('202609160201', 2), first.part2),
      userReport(ACCOUNT, 'us-east-1', againName('202609161437', 1), again.part1),
      userReport(ACCOUNT, 'us-east-1', againName('202609161437', 2), again.part2),
    ]);

    // Act
    const rows = await athena.run(`SELECT userid, credits_used, ${fileName} AS file FROM credits_daily ORDER BY userid`);

    // Assess: every row of the re-export (11 + 22 + 33 = 66 credits), none of the first export.
    expect(rows).toEqual([
      { userid: USERS.ada, credits_used: '11', file: againName('202609161437', 1) },
      { userid: USERS.bo, credits_used: '22', file: againName('202609161437', 2) },
      { userid: USERS.cy, credits_used: '33', file: againName('202609161437', 1) },
    ]);
  });

  it('replaces the earlier by_user_analytic export as a whole too', async () => {
    // Prepare: first export Ada 5 and Bo 6 messages in part 1, Cy 7 in part 2; the re-export Ada 8, Cy 9.
    const athena = await engineOver('analytic-parts', [
      analyticReport(ACCOUNT, 'us-east-1', `${ACCOUNT}_by_user_analytic_202609160205_report_part_1.csv`, [[USERS.ada, { Chat_MessagesSent: 5 }], [USERS.bo, { Chat_MessagesSent: 6 }]]),
      analyticReport(ACCOUNT, 'us-east-1', `${ACCOUNT}_by_user_analytic_202609160205_report_part_2.csv`, [[USERS.cy, { Chat_MessagesSent: 7 }]]),
      analyticReport(ACCOUNT, 'us-east-1', `${ACCOUNT}_by_user_analytic_part_1_202609161437_report.csv`, [[USERS.ada, { Chat_MessagesSent: 8 }]]),
      analyticReport(ACCOUNT, 'us-east-1', `${ACCOUNT}_by_user_analytic_part_2_202609161437_report.csv`, [[USERS.cy, { Chat_MessagesSent: 9 }]]),
    ]);

    // Act
    const rows = await athena.run('SELECT userid, chat_messagessent FROM activity_daily ORDER BY userid');

    // Assess: before, the first export (the only stamp found) won: Ada 5, Bo 6, Cy 7.
    expect(rows).toEqual([
      { userid: USERS.ada, chat_messagessent: '8' },
      { userid: USERS.cy, chat_messagessent: '9' },
    ]);
  });
});

describe('a key listed twice in one export', () => {
  it('keeps one row, the later line, in credits_daily and in activity_daily', async () => {
    // Prepare: Ada twice in one user_report file (10, then 12 credits) and twice in one
    // by_user_analytic file (5, then 6 messages); Bo once in each.
    const athena = await engineOver('twice-in-one-file', [
      userReport(ACCOUNT, 'us-east-1', `KIRO_IDE_${ACCOUNT}_user_report_202609160201.csv`, [
        { user: USERS.ada, credits: 10 },
        { user: USERS.bo, credits: 20 },
        { user: USERS.ada, credits: 12 },
      ]),
      analyticReport(ACCOUNT, 'us-east-1', `${ACCOUNT}_by_user_analytic_202609160205_report.csv`, [
        [USERS.ada, { Chat_MessagesSent: 5 }],
        [USERS.ada, { Chat_MessagesSent: 6 }],
        [USERS.bo, { Chat_MessagesSent: 7 }],
      ]),
    ]);

    // Act
    const credits = await athena.run('SELECT userid, credits_used FROM credits_daily ORDER BY userid');
    const activity = await athena.run('SELECT userid, chat_messagessent FROM activity_daily ORDER BY userid');

    // Assess: never both of Ada's rows (22 credits, 11 messages), always her later one.
    expect(credits).toEqual([
      { userid: USERS.ada, credits_used: '12' },
      { userid: USERS.bo, credits_used: '20' },
    ]);
    expect(activity).toEqual([
      { userid: USERS.ada, chat_messagessent: '6' },
      { userid: USERS.bo, chat_messagessent: '7' },
    ]);
  });
  it('keeps the later line of a person listed twice in model_messages_daily too', async () => {
    // Prepare: Ada twice in one file with a model column (3, then 4 auto messages).
    const [path, text] = userReport(ACCOUNT, 'us-east-1', `KIRO_IDE_${ACCOUNT}_user_report_202609160201.csv`, [
      { user: USERS.ada, credits: 10 },
      { user: USERS.ada, credits: 12 },
    ]);
    const [header, first, second] = text.split('\n');
    const athena = await engineOver('twice-with-models', [[path, [`${header},auto_messages`, `${first},3`, `${second},4`, ''].join('\n')]]);

    // Act
    const rows = await athena.run('SELECT userid, model, messages FROM model_messages_daily');

    // Assess: never 7, always her later line's 4.
    expect(rows).toEqual([{ userid: USERS.ada, model: 'auto', messages: '4' }]);
  });
});

describe('the de-dup key: day, user, client type, account, region, profile', () => {
  // Ada on one day in the IDE: profiles P1 (PRO, 10 credits) and P2 (PRO_PLUS, 5) in the account's
  // us-east-1, P3 (PRO, 7) in its us-west-2, P4 (PRO, 3) in a second account, exported later.
  let athena: LocalAthena;

  beforeAll(async () => {
    athena = await engineOver('dedup-key', [
      userReport(ACCOUNT, 'us-east-1', `KIRO_IDE_${ACCOUNT}_user_report_202609160201.csv`, [
        { user: USERS.ada, credits: 10, profile: 'P1' },
        { user: USERS.ada, credits: 5, profile: 'P2', tier: 'PRO_PLUS' },
      ]),
      userReport(ACCOUNT, 'us-west-2', `KIRO_IDE_${ACCOUNT}_user_report_202609160201.csv`, [{ user: USERS.ada, credits: 7, profile: 'P3' }]),
      userReport(OTHER_ACCOUNT, 'us-east-1', `KIRO_IDE_${OTHER_ACCOUNT}_user_report_202609160230.csv`, [{ user: USERS.ada, credits: 3, profile: 'P4' }]),
      // Activity: 12 AI code lines in the first account, 8 in the second.
      analyticReport(ACCOUNT, 'us-east-1', `${ACCOUNT}_by_user_analytic_202609160205_report.csv`, [[USERS.ada, { Chat_AICodeLines: 12 }]]),
      analyticReport(OTHER_ACCOUNT, 'us-east-1', `${OTHER_ACCOUNT}_by_user_analytic_202609160235_report.csv`, [[USERS.ada, { Chat_AICodeLines: 8 }]]),
    ]);
  });

  it('keeps the rows of another profile, region or account as separate usage', async () => {
    // Act
    const rows = await athena.run(
      "SELECT account_id, region, regexp_extract(profile_id, '[^/]+$') AS profile, credits_used FROM credits_daily ORDER BY account_id, region, profile",
    );

    // Assess: before, one row per (day, user, client) was kept, the latest file's: P4's 3 credits.
    expect(rows).toEqual([
      { account_id: ACCOUNT, region: 'us-east-1', profile: 'P1', credits_used: '10' },
      { account_id: ACCOUNT, region: 'us-east-1', profile: 'P2', credits_used: '5' },
      { account_id: ACCOUNT, region: 'us-west-2', profile: 'P3', credits_used: '7' },
      { account_id: OTHER_ACCOUNT, region: 'us-east-1', profile: 'P4', credits_used: '3' },
    ]);
  });

  it('adds them up per person: 10 + 5 + 7 + 3 = 25 credits, 12 + 8 = 20 AI code lines', async () => {
    // Act
    const activity = await athena.run('SELECT account_id, chat_aicodelines FROM activity_daily ORDER BY account_id');
    const day = await athena.run('SELECT userid, subscription_tier, credits_used, ai_code_lines FROM person_daily');

    // Assess: the day's dearer tier is P2's PRO_PLUS.
    expect(activity).toEqual([
      { account_id: ACCOUNT, chat_aicodelines: '12' },
      { account_id: OTHER_ACCOUNT, chat_aicodelines: '8' },
    ]);
    expect(day).toEqual([{ userid: USERS.ada, subscription_tier: 'PRO_PLUS', credits_used: '25', ai_code_lines: '20' }]);
  });

  it('charges a subscription per profile: $20 + $40 + $20 + $20 = $100 for four profiles', async () => {
    // Act
    const cost = await athena.run(
      'SELECT tier, profiles, credits_used, plan_credits, plan_utilization, subscription_usd, overage_usd, total_usd FROM user_monthly_cost',
    );
    const summary = await athena.run('SELECT cost_usd_total FROM user_summary');

    // Assess: included credits 1,000 + 2,000 + 1,000 + 1,000 = 5,000; 25 / 5,000 = 0.005.
    expect(cost).toEqual([
      { tier: 'PRO_PLUS', profiles: '4', credits_used: '25', plan_credits: '25', plan_utilization: '0.005', subscription_usd: '100', overage_usd: '0', total_usd: '100' },
    ]);
    expect(summary).toEqual([{ cost_usd_total: '100' }]);
  });
});

describe('the identity store prefix', () => {
  it('is cut in either case, so D-…, d-… and the bare id are one person; a <10 hex>-<uuid> id stays whole', async () => {
    // Prepare: Ada three times (IDE upper case prefix, CLI lower case, PLUGIN bare); an id that
    // merely starts with 10 hex digits and a dash.
    const whole = `90661af5ec-${USERS.bo}`;
    const athena = await engineOver('prefix-case', [
      userReport(ACCOUNT, 'us-east-1', `KIRO_IDE_${ACCOUNT}_user_report_202609160201.csv`, [
        { user: `D-ABCDEF0123.${USERS.ada}`, credits: 1 },
        { user: whole, credits: 8 },
      ]),
      userReport(ACCOUNT, 'us-east-1', `KIRO_CLI_${ACCOUNT}_user_report_202609160202.csv`, [{ user: `d-1234567890.${USERS.ada}`, credits: 2 }]),
      userReport(ACCOUNT, 'us-east-1', `PLUGIN_${ACCOUNT}_user_report_202609160203.csv`, [{ user: USERS.ada, credits: 4 }]),
    ]);

    // Act
    const rows = await athena.run('SELECT userid, credits_used FROM person_daily ORDER BY userid');

    // Assess: before, D-ABCDEF0123.<ada> was a person of its own with 1 credit.
    expect(rows).toEqual([
      { userid: USERS.ada, credits_used: '7' },
      { userid: whole, credits_used: '8' },
    ]);
  });
});

describe('tier_recommendation', () => {
  it('projects the month from unrounded credits and rounds only the result', async () => {
    // Prepare: one day, 2026-07-01, so the month is 1 day in of 31: Ada on PRO_PLUS used 40.0049 credits.
    const athena = await engineOver('projection', [
      userReport(ACCOUNT, 'us-east-1', `KIRO_IDE_${ACCOUNT}_user_report_202607020201.csv`, [
        { user: USERS.ada, credits: 40.0049, tier: 'PRO_PLUS', date: '2026-07-01' },
      ]),
    ]);

    // Act
    const rows = await athena.run('SELECT current_tier, projected_credits, recommended_tier, action, monthly_saving_usd FROM tier_recommendation');

    // Assess: 40.0049 × 31 = 1,240.1519 credits. PRO_PLUS (2,000 included) costs $40; PRO costs
    // $20 + 240.1519 × $0.04 = $29.606076; saving $10.393924 → $10.39. Before, the projection
    // started from the rounded 40.00: 1,240 credits, PRO $29.60, a saving of $10.40, a cent off.
    expect(rows).toEqual([
      { current_tier: 'PRO_PLUS', projected_credits: '1240.15', recommended_tier: 'PRO', action: 'DOWNGRADE', monthly_saving_usd: '10.39' },
    ]);
  });
});
