import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createAthenaOver, createFixtureAthena, USERS } from './fixture-engine.js';

let athena: LocalAthena;

beforeAll(async () => {
  athena = await createFixtureAthena();
});

afterAll(() => athena.close());

/** The credits_daily row of one key (fails the test when it is not exactly one row). */
async function creditsRow(date: string, userid: string, clientType: string) {
  const rows = await athena.run(
    `SELECT * FROM credits_daily WHERE report_date = DATE '${date}' AND userid = '${userid}' AND client_type = '${clientType}'`,
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('credits_daily', () => {
  it('has one row per (report_date, userid, client_type) here, one account, region and profile: 13 raw rows become 10', async () => {
    // Act
    const raw = await athena.run('SELECT count(*) AS n FROM user_report');
    const perDay = await athena.run(
      'SELECT CAST(report_date AS varchar) AS day, count(*) AS n, count(DISTINCT userid || client_type) AS keys ' +
        'FROM credits_daily GROUP BY report_date ORDER BY report_date',
    );

    // Assess: the re-export's two rows replace the earlier export's two, the unparseable date leaves one out.
    expect(raw).toEqual([{ n: '13' }]);
    expect(perDay).toEqual([
      { day: '2026-02-10', n: '3', keys: '3' },
      { day: '2026-07-10', n: '3', keys: '3' },
      { day: '2026-09-15', n: '4', keys: '4' },
    ]);
  });

  it('keeps a row of every day user_report_rows holds, re-exported days too: report_as_of reads the days from the table', async () => {
    // Act
    const days = async (relation: string) =>
      (await athena.run(`SELECT DISTINCT CAST(CAST(report_date AS date) AS varchar) AS day FROM ${relation} ORDER BY day`)).map((row) => row.day);

    // Assess
    expect(await days('credits_daily')).toEqual(await days('user_report_rows'));
    expect(await days('credits_daily')).toEqual(['2026-02-10', '2026-07-10', '2026-09-15']);
  });

  it('has the contract columns in order', async () => {
    // Act
    const columns = await athena.run('DESCRIBE credits_daily');

    // Assess
    expect(columns.map((column) => `${column.column_name} ${column.column_type}`)).toEqual([
      'report_date DATE',
      'userid VARCHAR',
      'client_type VARCHAR',
      'chat_conversations BIGINT',
      'credits_used DOUBLE',
      'overage_cap DOUBLE',
      'overage_credits_used DOUBLE',
      'overage_enabled BOOLEAN',
      'profile_id VARCHAR',
      'subscription_tier VARCHAR',
      'total_messages BIGINT',
      'new_user BOOLEAN',
      'usage_limit BIGINT',
      'account_id VARCHAR',
      'region VARCHAR',
      'source_file VARCHAR',
    ]);
  });

  it('keeps the row of the later re-export, whose userid carries the d- prefix', async () => {
    // Act
    const row = await creditsRow('2026-07-10', USERS.ada, 'KIRO_IDE');

    // Assess
    expect(row).toMatchObject({
      chat_conversations: '4',
      credits_used: '1040.5',
      overage_credits_used: '40.5',
      overage_enabled: 'true',
      total_messages: '60',
    });
    expect(row.source_file).toMatch(/KIRO_IDE_111122223333_user_report_202607111530\.csv$/);
  });

  it('takes the whole day of a client from the re-export: no row of the earlier export is left', async () => {
    // Act
    const row = await creditsRow('2026-07-10', USERS.cy, 'KIRO_IDE');
    const files = await athena.run(
      "SELECT DISTINCT regexp_extract(source_file, '[^/]+$') AS file FROM credits_daily WHERE report_date = DATE '2026-07-10' AND client_type = 'KIRO_IDE'",
    );

    // Assess: Cy is listed again by the re-export, with the same numbers.
    expect(row).toMatchObject({ credits_used: '2.5', new_user: 'true' });
    expect(files).toEqual([{ file: 'KIRO_IDE_111122223333_user_report_202607111530.csv' }]);
  });

  it('takes the account and the region from the file\'s folders', async () => {
    // Act
    const rows = await athena.run('SELECT DISTINCT account_id, region FROM credits_daily');

    // Assess
    expect(rows).toEqual([{ account_id: '111122223333', region: 'us-east-1' }]);
  });

  it('strips the identity store prefix so prefixed and bare ids are the same user', async () => {
    // Act
    const prefixed = await athena.run("SELECT count(*) AS n FROM credits_daily WHERE userid LIKE 'd-%' OR userid LIKE '%\"%'");
    const ada = await athena.run(`SELECT count(*) AS n FROM credits_daily WHERE userid = '${USERS.ada}'`);

    // Assess: Feb IDE + CLI, Jul IDE, Sep IDE (prefixed in the file) + CLI.
    expect(prefixed).toEqual([{ n: '0' }]);
    expect(ada).toEqual([{ n: '5' }]);
  });

  it('keeps a user active in IDE and CLI on the same day as two rows', async () => {
    // Act
    const rows = await athena.run(
      `SELECT client_type, credits_used FROM credits_daily WHERE report_date = DATE '2026-02-10' AND userid = '${USERS.ada}' ORDER BY client_type`,
    );

    // Assess: the CLI file starts with a UTF-8 BOM and uses CRLF line ends.
    expect(rows).toEqual([
      { client_type: 'KIRO_CLI', credits_used: '5.25' },
      { client_type: 'KIRO_IDE', credits_used: '114.45787414391377' },
    ]);
  });

  it('turns empty count and credit cells into 0 and an empty cap into NULL', async () => {
    // Act
    const row = await creditsRow('2026-02-10', USERS.bo, 'KIRO_IDE');

    // Assess
    expect(row).toMatchObject({
      chat_conversations: '0',
      credits_used: '12.5',
      overage_cap: null,
      overage_credits_used: '0',
      total_messages: '0',
    });
  });

  it('reads overage_enabled case-insensitively (TRUE, True, true, false)', async () => {
    // Act
    const flags = await Promise.all([
      creditsRow('2026-02-10', USERS.bo, 'KIRO_IDE'),
      creditsRow('2026-02-10', USERS.ada, 'KIRO_CLI'),
      creditsRow('2026-09-15', USERS.ada, 'KIRO_IDE'),
      creditsRow('2026-02-10', USERS.ada, 'KIRO_IDE'),
    ]);

    // Assess
    expect(flags.map((row) => row.overage_enabled)).toEqual(['true', 'true', 'true', 'false']);
  });

  it('leaves the later columns NULL for files of the first header version', async () => {
    // Act
    const row = await creditsRow('2026-02-10', USERS.ada, 'KIRO_IDE');

    // Assess
    expect(row).toMatchObject({ new_user: null, usage_limit: null, subscription_tier: 'PRO' });
  });

  it('reads the fixed columns of September files whose model columns differ', async () => {
    // Act
    const rows = await athena.run(
      "SELECT userid, client_type, credits_used, usage_limit, subscription_tier FROM credits_daily WHERE report_date = DATE '2026-09-15' ORDER BY userid, client_type",
    );

    // Assess: part_1 and part_2 of the split day and the CLI file all contribute.
    expect(rows).toEqual([
      { userid: USERS.ada, client_type: 'KIRO_CLI', credits_used: '7.75', usage_limit: '8', subscription_tier: 'POWER' },
      { userid: USERS.ada, client_type: 'KIRO_IDE', credits_used: '120.25', usage_limit: '8', subscription_tier: 'POWER' },
      { userid: USERS.dee, client_type: 'KIRO_IDE', credits_used: '3', usage_limit: null, subscription_tier: 'FREE' },
      { userid: USERS.eli, client_type: 'KIRO_IDE', credits_used: '9.5', usage_limit: '8', subscription_tier: 'PRO' },
    ]);
  });

  it('leaves out the row whose date does not parse, instead of placing it on a wrong day, and counts it on its folder\'s day', async () => {
    // Act
    const raw = await athena.run(`SELECT "date" FROM user_report WHERE userid = '${USERS.bo}' AND client_type = 'KIRO_IDE' ORDER BY 1`);
    const viewed = await athena.run(
      `SELECT CAST(report_date AS varchar) AS day FROM credits_daily WHERE userid = '${USERS.bo}' AND client_type = 'KIRO_IDE'`,
    );
    const counted = await athena.run(
      "SELECT CAST(report_date AS varchar) AS day, regexp_extract(source_file, '[^/]+$') AS file, \"rows\" FROM data_quality_issues WHERE issue = 'bad_date'",
    );

    // Assess: the row sits in the 2026/09/16 folder.
    expect(raw).toEqual([{ date: '15/09/2026' }, { date: '2026-02-10' }]);
    expect(viewed).toEqual([{ day: '2026-02-10' }]);
    expect(counted).toEqual([{ day: '2026-09-16', file: 'KIRO_IDE_111122223333_user_report_202609160200_part_2.csv', rows: '1' }]);
  });
});

/**
 * Hand-made user_report files of 2026-10-05, read by header by the normalise steps, with the
 * answers worked out by hand:
 * - KIRO_IDE: Ada as `d-1234567890.<id>` (PRO_PLUS, 10 credits), Bo (`ProPlus`, 5), a
 *   `<10 hex>-<uuid>` id (`Pro Max`, 7); model columns auto, claude_sonnet_4.5.
 * - KIRO_CLI, first export: another column order, `email` instead of User_Email, the models
 *   moved; Ada bare (`pro plus`, 3), the hex id (8). Its re-export, in yet another order: Ada
 *   (`PRO_PLUS`, 4) only, so the hex id's CLI row is gone with the older export.
 * - KIRO_WEB: Cy (`Pro+`, 2): a known client, no issue.
 * - KIRO_XR: Cy (1): an unknown client, kept and counted.
 * - PLUGIN: a bad date (counted on the folder's day), Dee with credits `1,234` (NULL, counted)
 *   and Eli with 12.7 messages (NULL: a count is whole; counted), one row with a cell too many.
 */
const DAY = '2026-10-05';
const FIXED =
  'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages,New_User,User_Email,Usage_Limit';
const HEX_ID = '90661af5ec-3f0c2a1e-1b2c-4d5e-8f90-123456789abc';
const folder = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/10/05/00';
const file = (client: string, stamp: string): string => `${folder}/${client}_111122223333_user_report_${stamp}.csv`;
const HAND_MADE: Record<string, string> = {
  [file('KIRO_IDE', '202610060201')]:
    `${FIXED},auto_messages,claude_sonnet_4.5_messages\n` +
    `${DAY},"d-1234567890.${USERS.ada}",KIRO_IDE,2,10,,0,false,P1,PRO_PLUS,20,false,,8,15,5\n` +
    `${DAY},"${USERS.bo}",KIRO_IDE,1,5,,0,false,P1,ProPlus,6,false,,8,6,0\n` +
    `${DAY},"${HEX_ID}",KIRO_IDE,1,7,,0,false,P1,Pro Max,9,false,,8,0,9\n`,
  [file('KIRO_CLI', '202610060202')]:
    'Subscription_Tier,claude_sonnet_4.5_messages,UserId,Credits_Used,Date,email,Client_Type,Total_Messages,ProfileId,auto_messages\n' +
    `pro plus,1,"${USERS.ada}",3,${DAY},ada@example.com,KIRO_CLI,3,P1,2\n` +
    `PRO_MAX,0,"${HEX_ID}",8,${DAY},,KIRO_CLI,4,P1,4\n`,
  [file('KIRO_CLI', '202610061502')]:
    'UserId,Date,Client_Type,Credits_Used,Total_Messages,ProfileId,Subscription_Tier,User_Email\n' + `"${USERS.ada}",${DAY},KIRO_CLI,4,5,P1,PRO_PLUS,\n`,
  [file('KIRO_WEB', '202610060204')]: `${FIXED}\n${DAY},"${USERS.cy}",KIRO_WEB,1,2,,0,false,P1,Pro+,2,false,,8\n`,
  [file('KIRO_XR', '202610060206')]: `${FIXED}\n${DAY},"${USERS.cy}",KIRO_XR,1,1,,0,false,P1,PRO_PLUS,1,false,,8\n`,
  [file('PLUGIN', '202610060203')]:
    `${FIXED}\n` +
    `10/05/2026,"${USERS.dee}",PLUGIN,1,1,,0,false,P1,PRO,1,false,,8\n` +
    `${DAY},"${USERS.dee}",PLUGIN,1,"1,234",,0,false,P1,PRO,1,false,,8\n` +
    `${DAY},"${USERS.eli}",PLUGIN,1,1.5,,0,false,P1,PRO,12.7,false,,8\n` +
    `${DAY},"${USERS.eli}",PLUGIN,1,1.5,,0,false,P1,PRO,2,false,,8,surplus\n`,
};

describe('credits_daily over hand-made files read by header', () => {
  let engine: LocalAthena;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'credits-by-header-'));
    for (const [path, text] of Object.entries(HAND_MADE)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    engine = await createAthenaOver(root, join(root, 'no-user-mapping'));
  });

  afterAll(async () => {
    engine?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reads every column by its name, whatever its position, merges the d- id and keeps the hex id whole', async () => {
    // Act
    const rows = await engine.run(
      `SELECT userid, client_type, credits_used, total_messages, subscription_tier, regexp_extract(source_file, '[^/]+$') AS file
       FROM credits_daily WHERE report_date = DATE '${DAY}' ORDER BY userid, client_type`,
    );

    // Assess
    expect(rows).toEqual([
      { userid: USERS.ada, client_type: 'KIRO_CLI', credits_used: '4', total_messages: '5', subscription_tier: 'PRO_PLUS', file: 'KIRO_CLI_111122223333_user_report_202610061502.csv' },
      { userid: USERS.ada, client_type: 'KIRO_IDE', credits_used: '10', total_messages: '20', subscription_tier: 'PRO_PLUS', file: 'KIRO_IDE_111122223333_user_report_202610060201.csv' },
      { userid: USERS.bo, client_type: 'KIRO_IDE', credits_used: '5', total_messages: '6', subscription_tier: 'PRO_PLUS', file: 'KIRO_IDE_111122223333_user_report_202610060201.csv' },
      { userid: USERS.cy, client_type: 'KIRO_WEB', credits_used: '2', total_messages: '2', subscription_tier: 'PRO_PLUS', file: 'KIRO_WEB_111122223333_user_report_202610060204.csv' },
      { userid: USERS.cy, client_type: 'KIRO_XR', credits_used: '1', total_messages: '1', subscription_tier: 'PRO_PLUS', file: 'KIRO_XR_111122223333_user_report_202610060206.csv' },
      { userid: USERS.dee, client_type: 'PLUGIN', credits_used: null, total_messages: '1', subscription_tier: 'PRO', file: 'PLUGIN_111122223333_user_report_202610060203.csv' },
      { userid: USERS.eli, client_type: 'PLUGIN', credits_used: '1.5', total_messages: null, subscription_tier: 'PRO', file: 'PLUGIN_111122223333_user_report_202610060203.csv' },
      { userid: HEX_ID, client_type: 'KIRO_IDE', credits_used: '7', total_messages: '9', subscription_tier: 'PRO_MAX', file: 'KIRO_IDE_111122223333_user_report_202610060201.csv' },
    ]);
  });

  it('sums the day without the cells that are no numbers: they are NULL, never 0, NaN or Infinity', async () => {
    // Act
    const [day] = await engine.run(
      `SELECT sum(credits_used) AS credits, count(credits_used) AS priced, count(*) AS rows_ FROM credits_daily WHERE report_date = DATE '${DAY}'`,
    );

    // Assess: 4 + 10 + 5 + 2 + 1 + 1.5 + 7; Dee's row is there, her credits are not a number.
    expect(day).toEqual({ credits: '30.5', priced: '7', rows_: '8' });
  });

  it('counts what it leaves out or cannot type, per file and issue, on the report day', async () => {
    // Act
    const issues = await engine.run(
      `SELECT CAST(report_date AS varchar) AS day, report, regexp_extract(source_file, '[^/]+$') AS file, issue, "rows" FROM data_quality_issues ORDER BY ALL`,
    );

    // Assess
    // The CLI exports lack Chat_Conversations and the overage columns: each of their rows counts
    expect(issues).toEqual([
      { day: DAY, report: 'user_report', file: 'KIRO_CLI_111122223333_user_report_202610060202.csv', issue: 'missing_column', rows: '2' },
      { day: DAY, report: 'user_report', file: 'KIRO_CLI_111122223333_user_report_202610061502.csv', issue: 'missing_column', rows: '1' },
      { day: DAY, report: 'user_report', file: 'KIRO_XR_111122223333_user_report_202610060206.csv', issue: 'unknown_client', rows: '1' },
      { day: DAY, report: 'user_report', file: 'PLUGIN_111122223333_user_report_202610060203.csv', issue: 'bad_date', rows: '1' },
      { day: DAY, report: 'user_report', file: 'PLUGIN_111122223333_user_report_202610060203.csv', issue: 'non_numeric', rows: '2' },
      { day: DAY, report: 'user_report', file: 'PLUGIN_111122223333_user_report_202610060203.csv', issue: 'unreadable_row', rows: '1' },
    ]);
  });

  it('takes the per-model counts by header too, the re-export replacing the older one', async () => {
    // Act
    const models = await engine.run(
      `SELECT userid, client_type, model, messages FROM model_messages_daily WHERE report_date = DATE '${DAY}' ORDER BY ALL`,
    );

    // Assess: the CLI re-export has no model columns, so the first export's CLI counts are gone.
    expect(models).toEqual([
      { userid: USERS.ada, client_type: 'KIRO_IDE', model: 'auto', messages: '15' },
      { userid: USERS.ada, client_type: 'KIRO_IDE', model: 'claude_sonnet_4.5', messages: '5' },
      { userid: USERS.bo, client_type: 'KIRO_IDE', model: 'auto', messages: '6' },
      { userid: HEX_ID, client_type: 'KIRO_IDE', model: 'claude_sonnet_4.5', messages: '9' },
    ]);
  });
});
