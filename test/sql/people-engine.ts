/**
 * The hand-worked people fixture through LocalAthena: its bucket and user mapping crawled, the
 * views generated from the settings created first (as RenderViews plans them), then sql/.
 */
import { fileURLToPath } from 'node:url';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import type { ViewSettings } from '../../handlers/render-views/settings-views.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { registerReports, SQL_DIR } from './fixture-engine.js';
import { testConfig } from '../unit/support/settings.js';

/** Folder holding `kiro/AWSLogs/111122223333/KiroLogs/...` of the people fixture. */
export const PEOPLE_BUCKET_DIR = fileURLToPath(new URL('../fixtures/people/bucket', import.meta.url));
/** The people fixture's `resolved_date=YYYY-MM-DD` mapping partitions. */
export const PEOPLE_MAPPING_DIR = fileURLToPath(new URL('../fixtures/people/user-mapping', import.meta.url));

/** Made-up Identity Center user ids of the people fixture. */
export const PEOPLE = {
  ana: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  ben: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  cara: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
  dan: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd',
  eve: 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee',
} as const;

/** The config defaults of pricing (the public list prices), people, budget (none) and engagement, which the fixture was worked out with. */
export function peopleSettings(): ViewSettings {
  const { pricing, people, budget, engagement } = testConfig();
  return { pricing, people, budget, engagement };
}

/** An engine over the people fixture (or a copy of it at `bucketDir`) with every view created; close it in afterAll. */
export async function createPeopleAthena(settings = peopleSettings(), bucketDir = PEOPLE_BUCKET_DIR): Promise<LocalAthena> {
  const athena = await createLocalAthena();
  await registerReports(athena, bucketDir);
  await athena.registerUserMapping(PEOPLE_MAPPING_DIR);
  await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: settings })());
  return athena;
}
