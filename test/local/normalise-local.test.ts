/**
 * The normalise steps with the local ports (the --reports folder as the report bucket, a folder
 * as the analytics bucket) over the generated sample: the same handlers the Lambdas run, then the
 * local engine's canonical tables and views 01, 02, 15 and 16. The sample shows a model mix, usage
 * and activity, and no issue.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createBatchHandler } from '../../handlers/normalise-reports/handler.js';
import { createHandler as createPlanHandler } from '../../handlers/plan-normalise/handler.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { ReportFolderStore } from '../../local/aws/report-folder-store.js';
import { FolderObjectStore } from '../../local/aws/s3-folder-store.js';
import { DEFAULT_SAMPLE_OPTIONS, generateSampleFiles } from '../../local/sample/generate.js';
import { writeSampleFiles } from '../../local/sample/write-files.js';
import { settingsViews } from '../../handlers/render-views/settings-views.js';
import { testSettings } from '../unit/support/settings.js';

const SQL_DIR = new URL('../../sql/', import.meta.url);
let root: string;
let athena: LocalAthena;

async function runNormalise(reportsDir: string, outDir: string, executionName: string) {
  const ports = { settings: testSettings(), reports: new ReportFolderStore(reportsDir), store: new FolderObjectStore(outDir) };
  const plan = await createPlanHandler(ports)({ reportDate: DEFAULT_SAMPLE_OPTIONS.endDate, executionName });
  const batches = [];
  for (const batch of plan.batches) batches.push(await createBatchHandler(ports)({ key: batch.key, reportDate: DEFAULT_SAMPLE_OPTIONS.endDate }));
  return { plan, batches };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'normalise-local-'));
  await writeSampleFiles(join(root, 'reports'), generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS }));
  athena = await createLocalAthena();
});

afterAll(async () => {
  athena?.close();
  await rm(root, { recursive: true, force: true });
});

describe('normalise steps over the sample, locally', () => {
  it('read every user_report and by_user_analytic file once, and nothing again on the next run', async () => {
    const first = await runNormalise(join(root, 'reports'), join(root, 'out'), 'local-1');
    expect(first.plan.files).toBeGreaterThan(0);
    expect(first.plan.changed).toBe(first.plan.files);
    expect(first.batches.reduce((sum, batch) => sum + batch.files, 0)).toBe(first.plan.files);
    const second = await runNormalise(join(root, 'reports'), join(root, 'out'), 'local-2');
    expect(second.plan).toMatchObject({ changed: 0, batches: [] });
  });

  it('show a model mix and no false data-quality issue', async () => {
    await athena.registerCanonicalTables(join(root, 'out'));
    // data_quality_issues reads tier_prices (a tier the config does not price is unknown_tier).
    for (const statement of settingsViews(testSettings())) await athena.createView(statement.sql);
    for (const file of ['01_credits_daily.sql', '02_activity_daily.sql', '15_model_messages_daily.sql', '16_data_quality_issues.sql']) {
      await athena.createView(await readFile(new URL(file, SQL_DIR), 'utf8'));
    }
    const models = await athena.run('SELECT model, sum(messages) AS messages FROM model_messages_daily GROUP BY model ORDER BY model');
    expect(models.length).toBeGreaterThan(2);
    expect(models.every((row) => Number(row.messages) > 0)).toBe(true);
    expect(await athena.run('SELECT * FROM data_quality_issues')).toEqual([]);
    const [credits] = await athena.run('SELECT count(*) AS n, count(credits_used) AS priced FROM credits_daily');
    const [activity] = await athena.run('SELECT count(*) AS n, count(DISTINCT source_file) AS files FROM activity_daily');
    expect(Number(credits?.n)).toBeGreaterThan(0);
    expect(credits?.priced).toBe(credits?.n);
    expect(Number(activity?.n)).toBeGreaterThan(0);
    expect(Number(activity?.files)).toBeGreaterThan(0);
    expect(athena.loadIssues()).toEqual([]);
  });
});
