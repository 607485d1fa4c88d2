/**
 * model_messages_daily and data_quality_issues over hand-made user_report files read by the
 * normaliser (by header) into the canonical tables, then executed on DuckDB; answers by hand.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalObjects } from '../../handlers/normalise-reports/canonical-objects.js';
import { normaliseUserReport } from '../../handlers/normalise-reports/normalise.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { FolderObjectStore } from '../../local/aws/s3-folder-store.js';
import { settingsViews } from '../../handlers/render-views/settings-views.js';
import { testSettings } from '../unit/support/settings.js';
import { SQL_DIR } from './fixture-engine.js';

const ACCOUNT = '111122223333';
const HEX_ID = '90661af5ec-3f0c2a1e-1b2c-4d5e-8f90-123456789abc';
const FIXED = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages,New_User,User_Email,Usage_Limit';

function key(day: string, client: string, stamp: string): string {
  const [y, m, d] = day.split('-');
  return `kiro/AWSLogs/${ACCOUNT}/KiroLogs/user_report/us-east-1/${y}/${m}/${d}/00/${client}_${ACCOUNT}_user_report_${stamp}.csv`;
}

/** The files, by key: model columns that differ and move, another column order, a re-export, KIRO_WEB (a known client), an unknown client, bad cells. */
const FILES: Record<string, string> = {
  [key('2026-09-15', 'KIRO_IDE', '202609160200')]:
    `\uFEFF${FIXED},auto_messages,claude_sonnet_4.5_messages\n` +
    '2026-09-15,"d-1234567890.u1",KIRO_IDE,1,5,,0,false,p,PRO_PLUS,5,false,,,3,2\n' +
    '2026-09-15,"u2",KIRO_IDE,1,5,,0,false,p,ProPlus,5,false,,,0,5\n',
  // Another column order, the models moved (and one more), `email` instead of User_Email.
  [key('2026-09-15', 'KIRO_CLI', '202609160200')]:
    'UserId,Client_Type,claude_sonnet_4.5_messages,Date,Total_Messages,auto_messages,Subscription_Tier,email,claude_opus_4_messages,Overage_Enabled,Credits_Used,ProfileId,Overage_Credits_Used,Overage_Cap,Chat_Conversations\n' +
    '"u1",KIRO_CLI,1,2026-09-15,5,4,pro plus,u1@example.com,0,false,5,p,0,,1\n' +
    `"${HEX_ID}",KIRO_CLI,,2026-09-15,7,,POWER,,7,false,5,p,0,,1\n`,
  // The re-export of the first file: it replaces the older one as a whole (u2 and u1's sonnet are gone).
  [key('2026-09-15', 'KIRO_IDE', '202609170300')]: `${FIXED},claude_sonnet_4.5_messages,auto_messages\n2026-09-15,D-1234567890.u1,KIRO_IDE,1,5,,0,false,p,PRO_PLUS,10,false,,,0,10\n`,
  [key('2026-09-15', 'KIRO_WEB', '202609160200')]: `${FIXED},auto_messages\n2026-09-15,u3,KIRO_WEB,1,1,,0,false,p,Pro+,2,false,,,2\n`,
  // A client type nobody knows: kept, and counted.
  [key('2026-09-15', 'KIRO_GLASSES', '202609160200')]: `${FIXED},auto_messages\n2026-09-15,u3,KIRO_GLASSES,1,1,,0,false,p,PRO,2,false,,,0\n`,
  // A bad date and a non-numeric cell: counted, not dropped.
  [key('2026-09-14', 'KIRO_IDE', '202609150200')]:
    `${FIXED},auto_messages,claude_sonnet_4.5_messages\n` +
    '2026-09-14,u4,KIRO_IDE,1,1,,0,false,p,PRO,3,false,,,"1,234",2\n' +
    'not-a-date,u5,KIRO_IDE,1,1,,0,false,p,PRO,3,false,,,1,1\n',
};

let athena: LocalAthena;
let bucket: string;

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'canonical-'));
  const store = new FolderObjectStore(bucket);
  for (const [fileKey, text] of Object.entries(FILES)) {
    for (const object of canonicalObjects(normaliseUserReport(text, { key: fileKey, uri: `s3://reports/${fileKey}` }), fileKey)) {
      await store.putBytes(object.key, object.body);
    }
  }
  athena = await createLocalAthena();
  await athena.registerCanonicalTables(bucket);
  // data_quality_issues reads tier_prices (a tier the config does not price is unknown_tier).
  for (const statement of settingsViews(testSettings())) await athena.createView(statement.sql);
  for (const file of ['15_model_messages_daily.sql', '16_data_quality_issues.sql']) {
    await athena.createView(await readFile(join(SQL_DIR, file), 'utf8'));
  }
});

afterAll(async () => {
  athena?.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('model_messages_daily', () => {
  it('has one row per (day, user, client, model): by header, latest export, ids merged, zeros omitted', async () => {
    const rows = await athena.run(
      'SELECT CAST(report_date AS varchar) AS report_date, userid, client_type, model, messages FROM model_messages_daily ORDER BY ALL',
    );
    expect(rows).toEqual([
      { report_date: '2026-09-14', userid: 'u4', client_type: 'KIRO_IDE', model: 'claude_sonnet_4.5', messages: '2' },
      { report_date: '2026-09-15', userid: HEX_ID, client_type: 'KIRO_CLI', model: 'claude_opus_4', messages: '7' },
      { report_date: '2026-09-15', userid: 'u1', client_type: 'KIRO_CLI', model: 'auto', messages: '4' },
      { report_date: '2026-09-15', userid: 'u1', client_type: 'KIRO_CLI', model: 'claude_sonnet_4.5', messages: '1' },
      { report_date: '2026-09-15', userid: 'u1', client_type: 'KIRO_IDE', model: 'auto', messages: '10' },
      { report_date: '2026-09-15', userid: 'u3', client_type: 'KIRO_WEB', model: 'auto', messages: '2' },
    ]);
  });

  it('types its columns as the contract says', async () => {
    const types = await athena.run(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'model_messages_daily' ORDER BY ordinal_position",
    );
    expect(types.map((row) => [row.column_name, row.data_type])).toEqual([
      ['report_date', 'DATE'],
      ['userid', 'VARCHAR'],
      ['client_type', 'VARCHAR'],
      ['model', 'VARCHAR'],
      ['messages', 'BIGINT'],
    ]);
  });
});

describe('data_quality_issues', () => {
  it('counts every row left out or not typed, per day, report, file and issue', async () => {
    const rows = await athena.run(
      `SELECT CAST(report_date AS varchar) AS report_date, report, regexp_extract(source_file, '[^/]+$') AS file, issue, "rows" FROM data_quality_issues ORDER BY ALL`,
    );
    expect(rows).toEqual([
      { report_date: '2026-09-14', report: 'user_report', file: `KIRO_IDE_${ACCOUNT}_user_report_202609150200.csv`, issue: 'bad_date', rows: '1' },
      { report_date: '2026-09-14', report: 'user_report', file: `KIRO_IDE_${ACCOUNT}_user_report_202609150200.csv`, issue: 'non_numeric', rows: '1' },
      { report_date: '2026-09-15', report: 'user_report', file: `KIRO_GLASSES_${ACCOUNT}_user_report_202609160200.csv`, issue: 'unknown_client', rows: '1' },
    ]);
  });

  it('normalises every tier spelling, so none is unknown', async () => {
    const tiers = await athena.run('SELECT DISTINCT subscription_tier FROM user_report_rows ORDER BY 1');
    expect(tiers.map((row) => row.subscription_tier)).toEqual(['POWER', 'PRO', 'PRO_PLUS']);
  });
});
