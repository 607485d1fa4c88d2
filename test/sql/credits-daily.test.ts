import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createFixtureAthena, USERS } from './fixture-engine.js';

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

  it('leaves out the row whose date does not parse, instead of placing it on a wrong day', async () => {
    // Act
    const raw = await athena.run(`SELECT "date" FROM user_report WHERE userid = '${USERS.bo}' AND client_type = 'KIRO_IDE' ORDER BY 1`);
    const viewed = await athena.run(
      `SELECT CAST(report_date AS varchar) AS day FROM credits_daily WHERE userid = '${USERS.bo}' AND client_type = 'KIRO_IDE'`,
    );

    // Assess
    expect(raw).toEqual([{ date: '15/09/2026' }, { date: '2026-02-10' }]);
    expect(viewed).toEqual([{ day: '2026-02-10' }]);
  });
});
