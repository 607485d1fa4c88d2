/**
 * data_quality_issues' unknown_tier: a user_report row whose tier is not in the configured price
 * table (tier_prices, from pricing.tiers), counted over the canonical rows the normaliser wrote
 * from hand-made files, then executed on DuckDB; every count worked out by hand beside the files.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalObjects } from '../../handlers/normalise-reports/canonical-objects.js';
import { normaliseUserReport } from '../../handlers/normalise-reports/normalise.js';
import { settingsViews } from '../../handlers/render-views/settings-views.js';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { FolderObjectStore } from '../../local/aws/s3-folder-store.js';
import { testSettings } from '../unit/support/settings.js';
import { SQL_DIR } from './fixture-engine.js';

const ACCOUNT = '111122223333';
const HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages';

function key(day: string, client: string, stamp: string): string {
  const [y, m, d] = day.split('-');
  return `kiro/AWSLogs/${ACCOUNT}/KiroLogs/user_report/us-east-1/${y}/${m}/${d}/00/${client}_${ACCOUNT}_user_report_${stamp}.csv`;
}

const IDE = key('2026-09-14', 'KIRO_IDE', '202609150200');
const CLI = key('2026-09-15', 'KIRO_CLI', '202609160200');

/**
 * With FREE, PRO and PRO_PLUS priced (PRO_MAX and POWER not):
 * IDE 09-14: u1 PRO priced; u2 PRO_MAX known but unpriced (1); u3 "Ultra" no known tier, kept as
 * ULTRA, unpriced (2; the normaliser counted it too: once only); u4 without a tier (no issue);
 * u5 "pro max" → PRO_MAX, unpriced (3); a bad date with PRO_MAX is not a row of the day (bad_date 1,
 * no tier counted). unknown_tier 3.
 * CLI 09-15: u1 "Pro+" → PRO_PLUS priced; u2 POWER unpriced (1) with a non-numeric credit cell
 * (non_numeric 1). unknown_tier 1.
 * With every tier priced (the defaults): only ULTRA is unpriced: IDE unknown_tier 1, CLI none.
 */
const FILES: Record<string, string> = {
  [IDE]:
    `${HEADER}\n` +
    '2026-09-14,u1,KIRO_IDE,1,5,,0,false,p,PRO,5\n' +
    '2026-09-14,u2,KIRO_IDE,1,5,,0,false,p,PRO_MAX,5\n' +
    '2026-09-14,u3,KIRO_IDE,1,5,,0,false,p,Ultra,5\n' +
    '2026-09-14,u4,KIRO_IDE,1,5,,0,false,p,,5\n' +
    '2026-09-14,u5,KIRO_IDE,1,5,,0,false,p,pro max,5\n' +
    'not-a-date,u6,KIRO_IDE,1,5,,0,false,p,PRO_MAX,5\n',
  [CLI]: `${HEADER}\n2026-09-15,u1,KIRO_CLI,1,5,,0,false,p,Pro+,5\n2026-09-15,u2,KIRO_CLI,1,"1,234",,0,false,p,POWER,5\n`,
};

let bucket: string;
const engines: LocalAthena[] = [];

/** DuckDB over the files' canonical rows, with tier_prices from `tiers` (all the defaults when omitted). */
async function engine(tiers?: readonly string[]): Promise<LocalAthena> {
  const athena = await createLocalAthena();
  engines.push(athena);
  await athena.registerCanonicalTables(bucket);
  const settings = testSettings();
  const pricing: PipelineSettings['pricing'] =
    tiers === undefined ? settings.pricing : { ...settings.pricing, tiers: Object.fromEntries(tiers.map((tier) => [tier, settings.pricing.tiers[tier]!])) };
  for (const statement of settingsViews({ ...settings, pricing })) await athena.createView(statement.sql);
  await athena.createView(await readFile(join(SQL_DIR, '16_data_quality_issues.sql'), 'utf8'));
  return athena;
}

const ISSUES = `SELECT CAST(report_date AS varchar) AS report_date, report, regexp_extract(source_file, '[^/]+$') AS file, issue, "rows", typeof("rows") AS rows_type
FROM data_quality_issues ORDER BY ALL`;

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'canonical-tiers-'));
  const store = new FolderObjectStore(bucket);
  for (const [fileKey, text] of Object.entries(FILES)) {
    for (const object of canonicalObjects(normaliseUserReport(text, { key: fileKey, uri: `s3://reports/${fileKey}` }), fileKey)) {
      await store.putBytes(object.key, object.body);
    }
  }
});

afterAll(async () => {
  for (const athena of engines) athena.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('data_quality_issues unknown_tier', () => {
  it('counts each row whose tier the price table lacks once, per day, report and file, beside the other issues', async () => {
    // Prepare
    const athena = await engine(['FREE', 'PRO', 'PRO_PLUS']);

    // Act
    const rows = await athena.run(ISSUES);

    // Assess
    const ide = `KIRO_IDE_${ACCOUNT}_user_report_202609150200.csv`;
    const cli = `KIRO_CLI_${ACCOUNT}_user_report_202609160200.csv`;
    expect(rows).toEqual([
      { report_date: '2026-09-14', report: 'user_report', file: ide, issue: 'bad_date', rows: '1', rows_type: 'BIGINT' },
      { report_date: '2026-09-14', report: 'user_report', file: ide, issue: 'unknown_tier', rows: '3', rows_type: 'BIGINT' },
      { report_date: '2026-09-15', report: 'user_report', file: cli, issue: 'non_numeric', rows: '1', rows_type: 'BIGINT' },
      { report_date: '2026-09-15', report: 'user_report', file: cli, issue: 'unknown_tier', rows: '1', rows_type: 'BIGINT' },
    ]);
  });

  it('counts only the spelling no rule maps when the price table has every known tier', async () => {
    // Prepare
    const athena = await engine();

    // Act
    const rows = await athena.run(`SELECT regexp_extract(source_file, '[^/]+$') AS file, "rows" FROM data_quality_issues WHERE issue = 'unknown_tier'`);

    // Assess
    expect(rows).toEqual([{ file: `KIRO_IDE_${ACCOUNT}_user_report_202609150200.csv`, rows: '1' }]);
  });
});
