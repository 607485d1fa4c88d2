/**
 * `npm run local`'s code path end to end: the real ASL in aws-local-stepfunctions, the real
 * views on DuckDB, the real handlers with local ports, over generated and hand-written reports.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../handlers/shared/logger.js';
import { CANONICAL_TABLES } from '../../handlers/shared/report-format.js';
import { readConfigFile, type PipelineConfig } from '../../handlers/shared/config.js';
import { loadDirectoryFile, parseDirectory } from '../../local/directory-file.js';
import { runLocal, type LocalRunResult } from '../../local/run/run-local.js';
import { DEFAULT_SAMPLE_OPTIONS, generateSampleFiles } from '../../local/sample/generate.js';
import { writeSampleFiles } from '../../local/sample/write-files.js';
import { readCsvRows } from './support/csv-rows.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { outcomeOf } from './support/run-outcome.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const FIXTURE_BUCKET = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
/** The sample's first day (20 days up to yesterday). */
const sampleStart = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
// What the date adds (issue 13): last month's statement when the sample reaches into it, and the
// mid-month reminder (a forecast) from the 15th.
const statementDue = sampleStart.slice(0, 7) < yesterday.slice(0, 7);
const reminderDue = Number(yesterday.slice(8)) >= 15;
const MONTHLY_ALERTS = [...(statementDue ? ['monthly_statement'] : []), ...(reminderDue ? ['forecast'] : [])];

async function readJsonLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every mapping record written so far under `<out>/user-mapping/`. */
async function mappingRecords(outDir: string): Promise<Record<string, unknown>[]> {
  const root = join(outDir, 'user-mapping');
  const records: Record<string, unknown>[] = [];
  for (const partition of await readdir(root)) {
    for (const file of await readdir(join(root, partition))) records.push(...(await readJsonLines(join(root, partition, file))));
  }
  return records;
}

let config: PipelineConfig;
let workDir: string;

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  config = readConfigFile(EXAMPLE_CONFIG);
  workDir = await mkdtemp(join(tmpdir(), 'kiro-local-run-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('local run over generated sample reports', () => {
  const sample = { ...DEFAULT_SAMPLE_OPTIONS, users: 24, days: 20, seed: 7, endDate: yesterday };
  let reportsDir: string;
  let outDir: string;
  let first: LocalRunResult;
  let manifest: { planted: { deletedUserIds: string[]; lastDaySpikeUserIds: string[] } };
  const spiceProgress: string[] = [];

  beforeAll(async () => {
    reportsDir = join(workDir, 'sample');
    outDir = join(workDir, 'out-sample');
    await writeSampleFiles(reportsDir, generateSampleFiles(sample));
    manifest = JSON.parse(await readFile(join(reportsDir, 'sample.json'), 'utf8'));
    first = await runLocal({
      reportsDir,
      directory: await loadDirectoryFile(join(reportsDir, 'directory.json')),
      outDir,
      config,
      onProgress: (told) => {
        if (told.step === 'RefreshSpice') spiceProgress.push(`${told.done}/${told.total} ${told.unit}`);
      },
    });
  });

  it('tells, while RefreshSpice runs, the views its first import computes and then the datasets refreshed', () => {
    // Assess: views the earlier steps' queries did not read are computed once, before any dataset.
    const views = spiceProgress.filter((line) => line.endsWith('views computed'));
    const datasets = spiceProgress.filter((line) => line.endsWith('datasets'));
    expect(views.length).toBeGreaterThan(0);
    expect(views.at(-1)).toMatch(/^(\d+)\/\1 views computed$/);
    expect(spiceProgress.indexOf(views.at(-1) as string)).toBeLessThan(spiceProgress.indexOf(datasets[0] as string));
    expect(datasets.at(-1)).toBe(`${DASHBOARD.datasets.length}/${DASHBOARD.datasets.length} datasets`);
  });

  it('succeeds on the newest report day and summarises the run', async () => {
    // Assess
    expect(outcomeOf(first)).toEqual({ status: 'SUCCEEDED' });
    expect(first.input).toEqual({ reportDate: yesterday });
    expect(first.output).toMatchObject({
      status: 'SUCCEEDED',
      reportDate: yesterday,
      usersResolved: { new: 24, refreshed: 0, resolved: 23, deleted: 1 },
      // The sample's heavy users cross their allowance; the example's $300 budget is far below 24 seats.
      alertsSent: ['spike', 'allowance', 'forecast', ...MONTHLY_ALERTS],
    });
    expect((first.output as { rowsSeen: number }).rowsSeen).toBeGreaterThan(0);
    const execution = JSON.parse(await readFile(join(outDir, 'execution.json'), 'utf8'));
    expect(execution).toMatchObject({ status: 'SUCCEEDED', input: { reportDate: yesterday }, output: first.output, error: null });
    expect(execution.events.filter((event: { mapIndex?: number }) => event.mapIndex === undefined).map((e: { state: string }) => e.state)).toEqual(
      expect.arrayContaining(['Prepare', 'Crawl', 'CreateViews', 'CheckData', 'ResolveUsers', 'DetectSpikes', 'RefreshSpice', 'Summarise']),
    );
  });

  it('writes every view with a header row, names resolved from the directory', async () => {
    // Act
    const views = (await readdir(join(outDir, 'views'))).sort();
    const people = await readCsvRows(join(outDir, 'views', 'credits_by_person.csv'));
    const directory = await loadDirectoryFile(join(reportsDir, 'directory.json'));

    // Assess
    expect(views).toEqual(expect.arrayContaining(['activity_by_person.csv', 'activity_daily.csv', 'credits_by_person.csv', 'credits_daily.csv', 'user_directory.csv']));
    // The canonical tables are views over their files locally only: in Glue they are tables, not views.
    expect(views.filter((file) => (CANONICAL_TABLES as readonly string[]).includes(file.replace(/\.csv$/, '')))).toEqual([]);
    const deleted = manifest.planted.deletedUserIds[0] as string;
    for (const row of people) {
      const entry = directory.get(row.userid as string);
      expect(row.display_name).toBe(entry ? entry.displayName : row.userid);
    }
    expect(people.some((row) => row.userid === deleted && row.user_status === 'DELETED')).toBe(true);
    expect(people.some((row) => (row.userid as string).startsWith('d-'))).toBe(false);
  });

  it('writes one mapping partition with every id, the deleted user marked DELETED', async () => {
    // Act
    const records = await mappingRecords(outDir);

    // Assess
    expect(records).toHaveLength(24);
    expect(records.filter((record) => record.status === 'DELETED').map((record) => record.userid)).toEqual(manifest.planted.deletedUserIds);
  });

  it('publishes one spike alert naming the planted spikers', async () => {
    // Act
    const alerts = await readJsonLines(join(outDir, 'alerts.jsonl'));
    const directory = await loadDirectoryFile(join(reportsDir, 'directory.json'));

    // Assess: one message per kind; the allowance and forecast alerts are recorded under --out.
    expect(alerts.map((alert) => (alert as { attributes: { alert_kind: string } }).attributes.alert_kind)).toEqual(['spike', 'allowance', 'forecast', ...MONTHLY_ALERTS]);
    expect(await readFile(join(outDir, 'alerts-sent', `month=${yesterday.slice(0, 7)}`, 'sent.json'), 'utf8')).toContain('"kind": "allowance"');
    for (const id of manifest.planted.lastDaySpikeUserIds) {
      expect(alerts[0]?.message).toContain(directory.get(id)?.displayName);
    }
  });

  it('refreshes every dataset of the dashboard spec: its columns of its view, like SPICE imports them', async () => {
    // Act
    const files = (await readdir(join(outDir, 'datasets'))).sort();
    const rows = await readCsvRows(join(outDir, 'datasets', 'credits_by_person.csv'));
    const viewRows = await readCsvRows(join(outDir, 'views', 'credits_by_person.csv'));

    // Assess
    expect(files).toEqual(DASHBOARD.datasets.map((dataset) => `${dataset.key}.csv`).sort());
    expect((first.output as { ingestions: unknown[] }).ingestions).toHaveLength(DASHBOARD.datasets.length);
    const columns = DASHBOARD.datasets.find((dataset) => dataset.key === 'credits_by_person')?.columns.map((column) => column.name) ?? [];
    const project = (row: Record<string, string>) => columns.map((column) => row[column]).join('|');
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(columns);
    expect(rows.map(project).sort()).toEqual(viewRows.map(project).sort());
  });

  it('adds the sum columns of a dataset', async () => {
    // Act
    const rows = await readCsvRows(join(outDir, 'datasets', 'activity_by_person.csv'));

    // Assess: ai_code_lines = chat_aicodelines + inline_aicodelines on every row.
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Number(row.ai_code_lines)).toBe(Number(row.chat_aicodelines) + Number(row.inline_aicodelines));
    expect(rows.some((row) => Number(row.ai_code_lines) > 0)).toBe(true);
  });

  it('writes dashboard.html with the four sheets and the names from the directory', async () => {
    // Act
    const html = await readFile(join(outDir, 'dashboard.html'), 'utf8');
    const directory = await loadDirectoryFile(join(reportsDir, 'directory.json'));

    // Assess
    for (const sheet of DASHBOARD.sheets) expect(html).toContain(`>${sheet.title}</button>`);
    expect([...directory.values()].some((entry) => html.includes(entry.displayName))).toBe(true);
  });

  it('continues from the same --out: already resolved users are not looked up again', async () => {
    // Act
    const second = await runLocal({
      reportsDir,
      directory: await loadDirectoryFile(join(reportsDir, 'directory.json')),
      outDir,
      config,
    });

    // Assess
    expect(outcomeOf(second)).toEqual({ status: 'SUCCEEDED' });
    expect(first.directoryLookups).toBe(24);
    expect(second.directoryLookups).toBe(0);
    expect(second.output).toMatchObject({ usersResolved: { new: 0, resolved: 0, deleted: 0 } });
    // Told once: the same day again repeats neither the spike alert (once per report date) nor the allowance and forecast alerts (once a month).
    expect(second.alerts).toEqual([]);
    const record = await readFile(join(outDir, 'alerts-sent', `month=${yesterday.slice(0, 7)}`, 'sent.json'), 'utf8');
    // Every spike notice the first run sent: the planted spikers', and on days their overage
    // passes spikes.teamDailyOverageUsd, the team's.
    const spikeNotices = record.match(new RegExp(`"spike/${yesterday}/[^"]*"`, 'g')) ?? [];
    expect(spikeNotices.length).toBeGreaterThanOrEqual(manifest.planted.lastDaySpikeUserIds.length);
    expect(second.output).toMatchObject({
      alertsSent: [],
      alertsSuppressed: [
        { alertKind: 'spike', notices: spikeNotices.length },
        { alertKind: 'allowance' },
        { alertKind: 'forecast', notices: reminderDue ? 2 : 1 },
        ...(statementDue ? [{ alertKind: 'monthly_statement', notices: 1 }] : []),
      ],
    });
    for (const id of manifest.planted.lastDaySpikeUserIds) expect(record).toContain(`"spike/${yesterday}/person/${id}"`);
    expect(await mappingRecords(outDir)).toHaveLength(24);
  });
});

describe('local run over the hand-written fixture bucket', () => {
  const directoryCsv = [
    'id,user_name,display_name,email',
    '11111111-1111-4111-8111-111111111111,ada.example,Ada Example,',
    '22222222-2222-4222-8222-222222222222,bo.example,"Example, Bo",',
    '33333333-3333-4333-8333-333333333333,cy.example,Cy Example,',
    '44444444-4444-4444-8444-444444444444,dee.example,Dee Example,',
  ].join('\n');
  let outDir: string;
  let result: LocalRunResult;

  beforeAll(async () => {
    outDir = join(workDir, 'out-fixtures');
    result = await runLocal({ reportsDir: FIXTURE_BUCKET, directory: parseDirectory(directoryCsv, 'test.csv'), outDir, config });
  });

  it('resolves four people from the CSV directory and records the fifth as deleted', async () => {
    // Assess: the outcome first, so a failed run shows its cause rather than a missing file.
    expect(outcomeOf(result)).toEqual({ status: 'SUCCEEDED' });
    const records = await mappingRecords(outDir);
    expect(records.map((record) => `${record.userid}:${record.status}`).sort()).toEqual([
      '11111111-1111-4111-8111-111111111111:ACTIVE',
      '22222222-2222-4222-8222-222222222222:ACTIVE',
      '33333333-3333-4333-8333-333333333333:ACTIVE',
      '44444444-4444-4444-8444-444444444444:ACTIVE',
      '55555555-5555-4555-8555-555555555555:DELETED',
    ]);
    const directory = await readCsvRows(join(outDir, 'views', 'user_directory.csv'));
    expect(directory.find((row) => row.userid === '22222222-2222-4222-8222-222222222222')?.display_name).toBe('Example, Bo');
  });

  it('sends the stale-data alert for reports older than staleAfterDays and still succeeds', async () => {
    // Assess: the fixtures end in 2026, long before the run date.
    expect(result.alerts.map((alert) => alert.attributes.alert_kind)).toContain('stale_data');
    expect(result.output).toMatchObject({ alertsSent: expect.arrayContaining(['stale_data']) });
  });

  it('tells the stale-data alert once: a second run of the day on the same --out repeats none of its alerts', async () => {
    // Act
    const again = await runLocal({ reportsDir: FIXTURE_BUCKET, directory: parseDirectory(directoryCsv, 'test.csv'), outDir, config });

    // Assess
    const reportDate = (result.input as { reportDate: string }).reportDate;
    expect(outcomeOf(again)).toEqual({ status: 'SUCCEEDED' });
    expect(again.alerts).toEqual([]);
    expect(again.output).toMatchObject({ alertsSent: [], alertsSuppressed: expect.arrayContaining([{ alertKind: 'stale_data', notices: 1 }]) });
    expect(await readFile(join(outDir, 'alerts-sent', `month=${reportDate.slice(0, 7)}`, 'sent.json'), 'utf8')).toContain(`"stale_data/${reportDate}/stale"`);
  });

  it('runs without a directory: ids stay unresolved and nothing is looked up', async () => {
    // Act
    const bare = await runLocal({ reportsDir: FIXTURE_BUCKET, outDir: join(workDir, 'out-bare'), config });

    // Assess: the outcome first, so a failed run shows its cause rather than a missing file.
    expect(outcomeOf(bare)).toEqual({ status: 'SUCCEEDED' });
    const people = await readCsvRows(join(workDir, 'out-bare', 'views', 'credits_by_person.csv'));
    expect(bare.output).toMatchObject({ usersResolved: { new: 5, resolved: 0 } });
    expect(people.every((row) => row.display_name === row.userid)).toBe(true);
  });
});

describe('local run over a broken file keeps every other file', () => {
  it('a broken CSV no longer fails the run: the rest loads, and a data_quality alert and the summary name its line and reason', async () => {
    // Prepare: a good run, then the same bucket with one malformed file.
    const reportsDir = join(workDir, 'broken-bucket');
    const outDir = join(workDir, 'out-broken');
    await cp(FIXTURE_BUCKET, reportsDir, { recursive: true });
    const good = await runLocal({ reportsDir, outDir, config });
    const viewsBefore = await readFile(join(outDir, 'views', 'credits_daily.csv'), 'utf8');
    const day = join(reportsDir, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/07/11/00');
    await writeFile(join(day, 'PLUGIN_111122223333_user_report_202607120203.csv'), 'Date,UserId,Client_Type\n2026-07-11,"unterminated,PLUGIN\n');

    // Act
    const broken = await runLocal({ reportsDir, outDir, config });

    // Assess: before, the run failed at Crawl and nothing was published.
    expect(outcomeOf(good)).toEqual({ status: 'SUCCEEDED' });
    expect(outcomeOf(broken)).toEqual({ status: 'SUCCEEDED' });
    expect(await readFile(join(outDir, 'views', 'credits_daily.csv'), 'utf8')).toBe(viewsBefore);
    const alert = broken.alerts.find((published) => published.attributes.alert_kind === 'data_quality');
    expect(alert?.message).toMatch(/PLUGIN_111122223333_user_report_202607120203\.csv: line 2: Value with unterminated quote found\./);
    expect(broken.output).toMatchObject({
      alertsSent: expect.arrayContaining(['data_quality']),
      dataQuality: {
        files: expect.arrayContaining([
          expect.objectContaining({ file: join(day, 'PLUGIN_111122223333_user_report_202607120203.csv'), lines: [2], reason: 'Value with unterminated quote found.: the line is not read' }),
        ]),
      },
    });
  });

  it('a row dated in the future does not fail a default run: the newest day up to today is reported on, the row is counted', async () => {
    // Prepare: the fixture bucket (newest day 2026-09-15) and one file whose only row is dated 2099-01-01.
    const reportsDir = join(workDir, 'future-bucket');
    await cp(FIXTURE_BUCKET, reportsDir, { recursive: true });
    const day = join(reportsDir, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2099/01/01/00');
    await mkdir(day, { recursive: true });
    await writeFile(
      join(day, 'KIRO_IDE_111122223333_user_report_209901020200.csv'),
      'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages\n' +
        '2099-01-01,"11111111-1111-4111-8111-111111111111",KIRO_IDE,1,1.0,0.0,0.0,false,"p",PRO,1\n',
    );

    // Act
    const run = await runLocal({ reportsDir, outDir: join(workDir, 'out-future'), config });

    // Assess: before, the default date was 2099-01-01 and Prepare failed the run with InvalidInput.
    expect(outcomeOf(run)).toEqual({ status: 'SUCCEEDED' });
    expect(run.input).toEqual({ reportDate: '2026-09-15' });
    expect(run.output).toMatchObject({ alertsSent: expect.arrayContaining(['data_quality']), dataQuality: { futureRows: 1 } });
    expect(run.alerts.find((alert) => alert.attributes.alert_kind === 'data_quality')?.message).toContain('1 row(s) of credits_daily and activity_daily are dated after the run day');
  });

  it('a NO_DATA run (a --date without rows) keeps the last good views, datasets and dashboard, as AWS keeps SPICE', async () => {
    // Prepare
    const outDir = join(workDir, 'out-no-data');
    const good = await runLocal({ reportsDir: FIXTURE_BUCKET, outDir, config });
    const snapshot = async (): Promise<Record<string, string>> => {
      const files: Record<string, string> = { 'dashboard.html': await readFile(join(outDir, 'dashboard.html'), 'utf8') };
      for (const folder of ['views', 'datasets']) {
        for (const name of await readdir(join(outDir, folder))) files[`${folder}/${name}`] = await readFile(join(outDir, folder, name), 'utf8');
      }
      return files;
    };
    const before = await snapshot();

    // Act
    const noData = await runLocal({ reportsDir: FIXTURE_BUCKET, outDir, config, reportDate: '2026-03-01' });

    // Assess
    expect(good.published).toBe(true);
    expect(noData).toMatchObject({ status: 'SUCCEEDED', output: { status: 'NO_DATA', ingestions: [] }, published: false });
    expect(Object.keys(before).filter((name) => name.startsWith('datasets/'))).toHaveLength(DASHBOARD.datasets.length);
    expect(await snapshot()).toEqual(before);
    expect(JSON.parse(await readFile(join(outDir, 'execution.json'), 'utf8'))).toMatchObject({ status: 'SUCCEEDED', input: { reportDate: '2026-03-01' }, output: { status: 'NO_DATA' } });
    expect(await readdir(join(outDir, '.runs'))).toHaveLength(2);
  });

  it('a missing reports folder is an input error before anything is written', async () => {
    // Prepare
    const outDir = join(workDir, 'out-missing');

    // Act + Assess
    await expect(runLocal({ reportsDir: join(workDir, 'nope'), outDir, config })).rejects.toThrow(/--reports .*nope: no such folder/);
    await expect(readdir(outDir)).rejects.toThrow(/ENOENT/);
  });
});
