/**
 * The local stand-in of the canonical Glue tables reads the normaliser's Parquet files with
 * DuckDB's own reader (not the writer's library): typed as the stack declares them, each row with
 * its day and path, empty objects passed over as Athena passes over empty files, and a file that
 * is no Parquet file left out and reported instead of failing the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalObjects } from '../../handlers/normalise-reports/canonical-objects.js';
import { normaliseUserReport } from '../../handlers/normalise-reports/normalise.js';
import { FIRST_REPORT_DAY } from '../../handlers/shared/report-format.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { FolderObjectStore } from '../../local/aws/s3-folder-store.js';

const KEY = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/09/15/00/KIRO_IDE_111122223333_user_report_202609160200.csv';
const HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages,New_User,User_Email,Usage_Limit';

let bucket: string;
let athena: LocalAthena;

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'canonical-parquet-'));
  athena = await createLocalAthena();
});

afterAll(async () => {
  athena?.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('canonical Parquet tables, locally', () => {
  it('reads every column typed (as Athena answers: text), NULLs as NULL, with the day of the folder and the path of the file', async () => {
    // Prepare
    const text = `${HEADER}\n2026-09-15,u1,KIRO_IDE,2,3.5,,0.25,TRUE,p-1,ProPlus,7,false,u1@example.com,1000\n2026-09-14,u2,KIRO_IDE,"1,234",1,,0,,,,1,,,\n`;
    const store = new FolderObjectStore(bucket);
    const objects = canonicalObjects(normaliseUserReport(text, { key: KEY, uri: `s3://reports/${KEY}` }), KEY);
    for (const object of objects) await store.putBytes(object.key, object.body);

    // Act
    await athena.registerCanonicalTables(bucket);
    const rows = await athena.run(
      'SELECT CAST(report_date AS varchar) AS day, userid, chat_conversations, credits_used, overage_cap, overage_credits_used, overage_enabled, subscription_tier, usage_limit, line, "$path" AS path FROM user_report_rows ORDER BY day',
    );

    // Assess
    expect(rows).toEqual([
      { day: '2026-09-14', userid: 'u2', chat_conversations: null, credits_used: '1', overage_cap: null, overage_credits_used: '0', overage_enabled: null, subscription_tier: null, usage_limit: null, line: '3', path: expect.stringContaining('/report_date=2026-09-14/') },
      { day: '2026-09-15', userid: 'u1', chat_conversations: '2', credits_used: '3.5', overage_cap: null, overage_credits_used: '0.25', overage_enabled: 'true', subscription_tier: 'PRO_PLUS', usage_limit: '1000', line: '2', path: expect.stringMatching(/\/report_date=2026-09-15\/[^/]+\.parquet$/) },
    ]);
    const [issues] = await athena.run("SELECT count(*) AS n FROM report_issue_counts WHERE issue = 'non_numeric'");
    expect(issues?.n).toBe('1');
    expect(athena.loadIssues()).toEqual([]);
  });

  it('passes over an emptied object and reports a file that is no Parquet file, reading the others', async () => {
    // Prepare
    const store = new FolderObjectStore(bucket);
    const day15 = 'canonical/user_report_rows/report_date=2026-09-15/';
    await store.putBytes(`${day15}KIRO_IDE_111122223333_user_report_202609160200-000000000000.parquet`, new Uint8Array(0));
    await store.putText(`${day15}damaged-000000000001.parquet`, 'not parquet at all');

    // Act
    await athena.registerCanonicalTables(bucket);

    // Assess
    const rows = await athena.run('SELECT userid FROM user_report_rows ORDER BY userid');
    expect(rows).toEqual([{ userid: 'u1' }, { userid: 'u2' }]);
    expect(athena.loadIssues()).toEqual([
      { table: 'user_report_rows', file: join(bucket, `${day15}damaged-000000000001.parquet`), line: null, reason: expect.stringMatching(/^not a Parquet file/) },
    ]);
  });

  it('reads the days the projection reads: a folder dated before FIRST_REPORT_DAY is in no partition', async () => {
    // Prepare: the same Parquet object in a 2023 folder and in the first projected day's folder
    const early = await mkdtemp(join(tmpdir(), 'canonical-early-'));
    const store = new FolderObjectStore(early);
    const [object] = canonicalObjects(normaliseUserReport(`${HEADER}\n2026-09-15,u1,KIRO_IDE,2,3.5,,0,false,p-1,PRO,7,false,,\n`, { key: KEY, uri: `s3://reports/${KEY}` }), KEY);
    for (const day of ['2023-12-31', FIRST_REPORT_DAY]) await store.putBytes(object!.key.replace('report_date=2026-09-15', `report_date=${day}`), object!.body);

    try {
      // Act
      await athena.registerCanonicalTables(early);
      const rows = await athena.run('SELECT CAST(report_date AS varchar) AS day FROM user_report_rows');

      // Assess
      expect(rows).toEqual([{ day: '2024-01-01' }]);
    } finally {
      await rm(early, { recursive: true, force: true });
    }
  });
});
