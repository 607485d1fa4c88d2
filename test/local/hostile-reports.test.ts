/**
 * The hostile report and mapping corpus (test/fixtures/hostile/reports, …/user-mapping) end to
 * end through the local run: nothing lost, nothing silently wrong. The expected numbers are
 * worked out from the files (see test/fixtures/hostile/README.md):
 *
 * 2026-11-18, KIRO_IDE, account 111122223333, us-east-1: the first export (`<stamp>_part_N`)
 * has Ada 10, Bo 20 | Cy 30, Dee 40; the re-export (`part_N_<stamp>`) Ada 11, Cy 33 | Bo 22, so
 * Ada 11, Bo 22, Cy 33 and no Dee. KIRO_CLI: Ada as `D-ABCDEF0123.<id>` 5 (profile P1) and bare
 * 2 (P2, PRO_PLUS). PLUGIN: Bo 3, Cy 4, and three lines that cannot be read. us-west-2: Ada 7
 * (P3); account 444455556666: Ada 3 (P4). So Ada 11 + 5 + 2 + 7 + 3 = 28 credits under four
 * profiles: $20 + $40 + $20 + $20 = $100. 2026-11-17: Dee 9 in a file with an unnamed header
 * column, plus a BOM-only and a header-only file. 2030-01-01: Ada 1, a future row.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../handlers/shared/config.js';
import { logger } from '../../handlers/shared/logger.js';
import { viewRowsIn } from './support/csv-rows.js';
import { parseDirectory } from '../../local/directory-file.js';
import { runLocal, type LocalRunResult } from '../../local/run/run-local.js';
import { outcomeOf } from './support/run-outcome.js';

const HOSTILE = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const ADA = '11111111-1111-4111-8111-111111111111';
const BO = '22222222-2222-4222-8222-222222222222';
const CY = '33333333-3333-4333-8333-333333333333';
const DEE = '44444444-4444-4444-8444-444444444444';
const DIRECTORY = [
  'id,user_name,display_name,email',
  `${ADA},ada.example,Ada Example,`,
  `${BO},bo.example,Bo Example,`,
  `${CY},cy.example,Cy Example,`,
  `${DEE},dee.example,Dee Example,`,
].join('\n');

interface DataQualityFile {
  table: string;
  file: string;
  count: number;
  lines: number[];
  reason: string;
}

let workDir: string;
let outDir: string;
let first: LocalRunResult;
let run: LocalRunResult;

const viewRows = (view: string): Promise<Record<string, string>[]> => viewRowsIn(outDir, view);

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  workDir = await mkdtemp(join(tmpdir(), 'kiro-hostile-'));
  outDir = join(workDir, 'out');
  const config = readConfigFile(EXAMPLE_CONFIG);
  const reportsDir = join(HOSTILE, 'reports');
  // A first run without a directory makes --out an earlier run's folder (and resolves no one);
  // then the damaged mapping files land in it, as if an earlier run or a hand had left them.
  first = await runLocal({ reportsDir, outDir, config });
  expect(outcomeOf(first)).toEqual({ status: 'SUCCEEDED' });
  await cp(join(HOSTILE, 'user-mapping'), join(outDir, 'user-mapping'), { recursive: true });
  run = await runLocal({ reportsDir, directory: parseDirectory(DIRECTORY, 'directory.csv'), outDir, config });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the hostile corpus through the local run', () => {
  it('succeeds on the newest day up to today, not the future row, with a data_quality and a stale_data alert', () => {
    // Assess
    expect(outcomeOf(run)).toEqual({ status: 'SUCCEEDED' });
    expect(run.input).toEqual({ reportDate: '2026-11-18' });
    // The stale-data alert is told once per report date: by the first run of the day, not again by this one.
    expect(first.output).toMatchObject({ alertsSent: expect.arrayContaining(['stale_data']) });
    expect(run.output).toMatchObject({
      status: 'SUCCEEDED',
      alertsSent: ['data_quality'],
      alertsSuppressed: expect.arrayContaining([{ alertKind: 'stale_data', notices: 1 }]),
    });
  });

  it('names each odd file with line and reason in the summary, and leaves the empty ones alone', () => {
    // Act
    const { dataQuality } = run.output as { dataQuality: { futureRows: number; issueFiles: number; files: DataQualityFile[] } };
    const named = dataQuality.files.map((file) => [file.table, file.file.slice(HOSTILE.length), file.lines, file.reason]);

    // Assess: 0 bytes (KIRO_WEB), only a BOM, only a header: no issue.
    expect(dataQuality.futureRows).toBe(1);
    expect(dataQuality.issueFiles).toBe(5);
    const plugin = 'reports/kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/11/18/00/PLUGIN_111122223333_user_report_202611190203.csv';
    expect(named).toEqual([
      ['user_mapping', join(outDir, 'user-mapping/resolved_date=2026-10-01/notes.txt').slice(HOSTILE.length), [1], expect.stringMatching(/^not JSON \(.*\): the line is not read, so its id is looked up again$/)],
      ['user_mapping', join(outDir, 'user-mapping/resolved_date=2026-10-01/run-old-0002.json').slice(HOSTILE.length), [1], expect.stringMatching(/^not JSON \(.*\): the line is not read, so its id is looked up again$/)],
      ['user_mapping', join(outDir, 'user-mapping/resolved_date=2026-13-45/run-x.json').slice(HOSTILE.length), [], 'resolved_date=2026-13-45 is not a resolved_date=YYYY-MM-DD partition of the mapping: the file is not read'],
      ['user_report', 'reports/kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/11/17/00/KIRO_IDE_111122223333_user_report_202611180201.csv', [1], 'header column 4 has no name: it names no column; its cells are read by position'],
      ['user_report', plugin, [3], 'Expected Number of Columns: 11 Found: 12: the line is not read'],
      ['user_report', plugin, [4], 'Expected Number of Columns: 11 Found: 1: the line is not read'],
      ['user_report', plugin, [5], expect.stringContaining('This file is not utf-8 encoded.')],
    ]);
    const alert = run.alerts.find((published) => published.attributes.alert_kind === 'data_quality');
    expect(alert?.subject).toBe('Kiro data quality: 5 file(s) with unreadable lines, 1 row(s) dated after ' + new Date().toISOString().slice(0, 10) + ', 2 row issue(s)');
    // The normaliser's count of the day (data_quality_issues): two PLUGIN records it cannot read either.
    expect(alert?.message).toContain('- Rows of the report files of 2026-11-18 with an issue (view data_quality_issues lists them per file): unreadable_row 2.');
    expect(alert?.message).toContain(`${plugin.split('/').at(-1)}: line 3: Expected Number of Columns: 11 Found: 12: the line is not read`);
  });

  it('takes the re-export in parts whole, keeps accounts, regions and profiles apart, and merges the D- prefix', async () => {
    // Act
    const rows = (await viewRows('credits_daily'))
      .filter((row) => row.report_date === '2026-11-18')
      .map((row) => [row.userid.slice(0, 2), row.client_type, row.account_id, row.region, row.profile_id.split('/').at(-1), Number(row.credits_used)])
      .sort();

    // Assess
    expect(rows).toEqual(
      [
        ['11', 'KIRO_CLI', '111122223333', 'us-east-1', 'P1', 5],
        ['11', 'KIRO_CLI', '111122223333', 'us-east-1', 'P2', 2],
        ['11', 'KIRO_IDE', '111122223333', 'us-east-1', 'P1', 11],
        ['11', 'KIRO_IDE', '111122223333', 'us-west-2', 'P3', 7],
        ['11', 'KIRO_IDE', '444455556666', 'us-east-1', 'P4', 3],
        ['22', 'KIRO_IDE', '111122223333', 'us-east-1', 'P1', 22],
        ['22', 'PLUGIN', '111122223333', 'us-east-1', 'P1', 3],
        ['33', 'KIRO_IDE', '111122223333', 'us-east-1', 'P1', 33],
        ['33', 'PLUGIN', '111122223333', 'us-east-1', 'P1', 4],
      ].sort(),
    );
  });

  it('adds a person up over every account, region and profile, and bills each profile', async () => {
    // Act
    const day = (await viewRows('person_daily')).filter((row) => row.report_date === '2026-11-18').map((row) => [row.userid, Number(row.credits_used)]);
    const cost = (await viewRows('user_monthly_cost')).find((row) => row.userid === ADA && row.month === '2026-11-01');
    const activity = (await viewRows('activity_daily')).map((row) => [row.userid, row.chat_messagessent]);

    // Assess: Bo 22 + 3, Cy 33 + 4; Dee only on 11-17 (9), her first-export row is gone.
    expect(day.sort()).toEqual([[ADA, 28], [BO, 25], [CY, 37]]);
    expect(cost).toMatchObject({ tier: 'PRO_PLUS', profiles: '4', subscription_usd: '100.0', total_usd: '100.0' });
    // The people views measure from the newest day up to today, not from the 2030 row.
    expect((await viewRows('report_as_of')).map((row) => row.as_of)).toEqual(['2026-11-18']);
    expect(activity).toEqual([[ADA, '8']]);
  });

  it('looks up again the ids of the damaged mapping lines and the id found DELETED long ago', async () => {
    // Act
    const directory = (await viewRows('user_directory')).map((row) => [row.userid, row.status]).sort();

    // Assess: Ada (new), Bo (his line sits in a misnamed folder), Cy (damaged line); Dee refreshed.
    expect(run.output).toMatchObject({ usersResolved: { new: 3, refreshed: 1, resolved: 4, deleted: 0 } });
    expect(directory).toEqual([[ADA, 'ACTIVE'], [BO, 'ACTIVE'], [CY, 'ACTIVE'], [DEE, 'ACTIVE']]);
  });
});
