/**
 * The hand-worked billing fixture (test/fixtures/billing) through LocalAthena: its reports read
 * as the pipeline reads them, then the views created from the settings, as RenderViews plans them.
 */
import { fileURLToPath } from 'node:url';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import type { OverageCreditsUsed } from '../../handlers/shared/settings.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { testConfig } from '../unit/support/settings.js';
import { registerReports, SQL_DIR } from './fixture-engine.js';

/** Folder holding `kiro/AWSLogs/111122223333/KiroLogs/user_report/...` of the billing fixture. */
export const BILLING_BUCKET_DIR = fileURLToPath(new URL('../fixtures/billing/bucket', import.meta.url));
/** The billing fixture has no user mapping: every person shows under their id. */
const NO_MAPPING_DIR = fileURLToPath(new URL('../fixtures/billing/user-mapping', import.meta.url));

/** Made-up Identity Center user ids of the billing fixture. */
export const BILLED = {
  /** Overage_Credits_Used written as a month-to-date total, PRO all along. */
  mo: 'a1a1a1a1-a1a1-4a1a-8a1a-a1a1a1a1a1a1',
  /** PRO on 07-02, PRO_MAX on 07-04: an upgrade mid-month. */
  uma: 'b2b2b2b2-b2b2-4b2b-8b2b-b2b2b2b2b2b2',
  /** PRO_PLUS on 07-01, PRO on 07-05: a downgrade mid-month. */
  dov: 'c3c3c3c3-c3c3-4c3c-8c3c-c3c3c3c3c3c3',
  /** POWER, a tier the fixture's price table leaves out, with 150 overage credits on 07-06. */
  tia: 'd4d4d4d4-d4d4-4d4d-8d4d-d4d4d4d4d4d4',
} as const;

/**
 * The config defaults (list prices, $0.04 a credit, Credits_Used including the overage) without
 * POWER in the price table, and `overageCreditsUsed` as given.
 */
export function billingSettings(overageCreditsUsed: OverageCreditsUsed) {
  const config = testConfig();
  const { POWER: _unpriced, ...tiers } = config.pricing.tiers;
  return { ...config, pricing: { ...config.pricing, tiers, overageCreditsUsed } };
}

/** An engine over the billing fixture with every view created; close it in afterAll. */
export async function createBillingAthena(overageCreditsUsed: OverageCreditsUsed): Promise<LocalAthena> {
  const athena = await createLocalAthena();
  await registerReports(athena, BILLING_BUCKET_DIR);
  await athena.registerUserMapping(NO_MAPPING_DIR);
  await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: billingSettings(overageCreditsUsed) })());
  return athena;
}
