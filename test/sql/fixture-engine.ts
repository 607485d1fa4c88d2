/**
 * Shared test setup: the fixture bucket, the made-up users in it, and an engine with the
 * fixtures crawled, read by the normalise steps into the canonical tables (as the pipeline does
 * before it creates the views) and the views created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandler as createBatchHandler } from '../../handlers/normalise-reports/handler.js';
import { createHandler as createPlanHandler } from '../../handlers/plan-normalise/handler.js';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { ReportFolderStore } from '../../local/aws/report-folder-store.js';
import { FolderObjectStore } from '../../local/aws/s3-folder-store.js';
import { readConfigFile } from '../../handlers/shared/config.js';
import { testSettings } from '../unit/support/settings.js';

/** Folder holding `kiro/AWSLogs/111122223333/...`, laid out like the customer's bucket. */
export const BUCKET_DIR = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));
/** Folder holding the `resolved_date=YYYY-MM-DD` partitions of the user mapping. */
export const MAPPING_DIR = fileURLToPath(new URL('../fixtures/user-mapping', import.meta.url));
/** The project's view files. */
export const SQL_DIR = fileURLToPath(new URL('../../sql', import.meta.url));

/** Made-up Identity Center user ids used in the fixtures (some rows carry `d-1234567890.`). */
export const USERS = {
  ada: '11111111-1111-4111-8111-111111111111',
  bo: '22222222-2222-4222-8222-222222222222',
  cy: '33333333-3333-4333-8333-333333333333',
  dee: '44444444-4444-4444-8444-444444444444',
  eli: '55555555-5555-4555-8555-555555555555',
} as const;

/** The committed example config: the prices and thresholds of the generated settings views. */
export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));

/**
 * An engine over the fixtures with all views created, the ones RenderViews generates from the
 * (example) config first, as in the pipeline; close it in afterAll.
 */
export async function createFixtureAthena(): Promise<LocalAthena> {
  return createAthenaOver(BUCKET_DIR, MAPPING_DIR);
}

/**
 * An engine over any folder laid out like the bucket (and a mapping folder, which may be
 * missing) with all views created from the example config; close it in afterAll.
 */
export async function createAthenaOver(bucketDir: string, mappingDir: string): Promise<LocalAthena> {
  const athena = await createLocalAthena();
  await registerReports(athena, bucketDir);
  await athena.registerUserMapping(mappingDir);
  await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: readConfigFile(EXAMPLE_CONFIG) })());
  return athena;
}

/**
 * What the pipeline does with a report bucket before it creates the views: the crawled tables,
 * then PlanNormalise and each NormaliseReportBatch (the Lambdas' handlers, with the local ports)
 * into an analytics folder of their own, which the canonical tables are loaded from. The folder
 * is removed when the engine is closed.
 */
export async function registerReports(athena: LocalAthena, bucketDir: string, reportDate = '2026-09-15'): Promise<void> {
  await athena.registerCrawledTables(bucketDir);
  const analytics = mkdtempSync(join(tmpdir(), 'fixture-canonical-'));
  const close = athena.close.bind(athena);
  athena.close = () => {
    close();
    rmSync(analytics, { recursive: true, force: true });
  };
  const ports = { settings: testSettings(), reports: new ReportFolderStore(bucketDir), store: new FolderObjectStore(analytics) };
  const plan = await createPlanHandler(ports)({ reportDate, executionName: 'fixture' });
  for (const batch of plan.batches) await createBatchHandler(ports)({ key: batch.key, reportDate });
  await athena.registerCanonicalTables(analytics);
}
