/**
 * Shared test setup: the fixture bucket, the made-up users in it, and an engine with the
 * fixtures crawled and the views created.
 */
import { fileURLToPath } from 'node:url';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { readConfigFile } from '../../handlers/shared/config.js';

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
  await athena.registerCrawledTables(bucketDir);
  await athena.registerUserMapping(mappingDir);
  await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: readConfigFile(EXAMPLE_CONFIG) })());
  return athena;
}
