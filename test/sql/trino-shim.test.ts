/**
 * The local engine casts text to numbers as Athena (Trino) does: `'12.7'` is no BIGINT (NULL with
 * TRY_CAST, an error with CAST), where plain DuckDB reads 13. Planted in a report cell, read
 * through the local engine's run and views.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { trinoCasts } from '../../local/aws/athena/trino-shim.js';

const FILE = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/09/15/00/KIRO_IDE_111122223333_user_report_202609160200.csv';
const HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages';

let athena: LocalAthena;
let bucket: string;

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'trino-shim-'));
  await mkdir(dirname(join(bucket, FILE)), { recursive: true });
  await writeFile(
    join(bucket, FILE),
    `${HEADER}\n2026-09-15,u1,KIRO_IDE,1,2.5,,0,false,p,PRO,12.7\n2026-09-15,u2,KIRO_IDE,1,1_0,,0,false,p,PRO, 12 \n2026-09-15,u3,KIRO_IDE,1,0x10,,0,false,p,PRO,1e3\n`,
  );
  athena = await createLocalAthena();
  await athena.registerCrawledTables(bucket);
});

afterAll(async () => {
  athena?.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('casts from text, as Trino casts', () => {
  it('plain DuckDB reads 12.7 as the BIGINT 13: the difference the shim removes', async () => {
    // Prepare
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();

    // Act
    const rows = (await connection.runAndReadAll("SELECT TRY_CAST('12.7' AS BIGINT) AS v")).getRowObjects();
    connection.closeSync();
    instance.closeSync();

    // Assess
    expect(rows).toEqual([{ v: 13n }]);
  });

  it('TRY_CAST of a planted 12.7 (and 1e3, 0x10) to BIGINT is NULL, of a blank-padded 12 is 12', async () => {
    // Act
    const rows = await athena.run('SELECT userid, try_cast(total_messages AS bigint) AS messages FROM user_report ORDER BY userid');

    // Assess
    expect(rows).toEqual([
      { userid: 'u1', messages: null },
      { userid: 'u2', messages: '12' },
      { userid: 'u3', messages: null },
    ]);
  });

  it('CAST of a planted 12.7 to BIGINT fails, as the Athena query would', async () => {
    // Act
    const running = athena.run("SELECT CAST(total_messages AS bigint) AS messages FROM user_report WHERE userid = 'u1'");

    // Assess
    await expect(running).rejects.toThrow("Cannot cast '12.7' to BIGINT");
  });

  it('TRY_CAST to DOUBLE refuses what Java refuses (1_0, 0x10) and keeps plain decimals', async () => {
    // Act
    const rows = await athena.run('SELECT userid, try_cast(credits_used AS double) AS credits FROM user_report ORDER BY userid');

    // Assess
    expect(rows.map((row) => row.credits)).toEqual(['2.5', null, null]);
  });

  it('holds in a view too, and keeps the type the cast names', async () => {
    // Act
    await athena.createView('CREATE OR REPLACE VIEW planted AS SELECT userid, try_cast(total_messages AS bigint) AS messages FROM user_report');
    const rows = await athena.run("SELECT messages FROM planted WHERE userid = 'u1'");
    const types = await athena.run("SELECT data_type FROM information_schema.columns WHERE table_name = 'planted' AND column_name = 'messages'");

    // Assess
    expect(rows).toEqual([{ messages: null }]);
    expect(types).toEqual([{ data_type: 'BIGINT' }]);
  });
});

describe('count_if, as Trino counts', () => {
  it('is 0 over no rows, where plain DuckDB gives NULL', async () => {
    // Act
    const rows = await athena.run("SELECT count_if(userid = 'nobody') AS n, count_if(userid = 'u1') AS u1 FROM user_report WHERE userid <> 'u3'");
    const none = await athena.run("SELECT count_if(userid = 'u1') AS n FROM user_report WHERE false");

    // Assess
    expect(rows).toEqual([{ n: '0', u1: '1' }]);
    expect(none).toEqual([{ n: '0' }]);
  });
});

describe('trinoCasts', () => {
  it('rewrites numeric casts, nested ones too, and leaves other casts, literals and comments alone', () => {
    // Act
    const sql = trinoCasts("SELECT CAST(try_cast(a AS double) / 2 AS bigint), cast(b as varchar), 'CAST(c AS bigint)' -- CAST(d AS int)\nFROM t");

    // Assess
    expect(sql).toBe("SELECT trino_cast_bigint(trino_try_cast_double(a) / 2), cast(b as varchar), 'CAST(c AS bigint)' -- CAST(d AS int)\nFROM t");
  });
});
