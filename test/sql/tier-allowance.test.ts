/**
 * tier_recommendation at a FREE allowance: a projection that is the allowance to the cent keeps
 * FREE, however the engine happened to add the days' doubles up. The view runs over small
 * stand-in views of what it reads (person_daily, report_as_of, user_monthly_cost and the
 * settings), so the days' order of addition is the rows' order.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { SQL_DIR } from './fixture-engine.js';

const PERSON = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
let athena: LocalAthena;

beforeAll(async () => {
  athena = await createLocalAthena();
  // Three days of November: 49.7 + 0.2 + 0.1 added in this order is 50.00000000000001 as doubles.
  await athena.createView(`CREATE OR REPLACE VIEW person_daily AS
    SELECT * FROM (VALUES
      (DATE '2026-11-01', '${PERSON}', CAST(49.7 AS double), CAST(0 AS double), true),
      (DATE '2026-11-02', '${PERSON}', CAST(0.2 AS double), CAST(0 AS double), true),
      (DATE '2026-11-03', '${PERSON}', CAST(0.1 AS double), CAST(0 AS double), true)
    ) AS t(report_date, userid, credits_used, overage_credits_used, has_credits_row)`);
  await athena.createView(`CREATE OR REPLACE VIEW report_as_of AS
    SELECT DATE '2026-11-30' AS as_of, DATE '2026-11-01' AS as_of_month, 30 AS days_elapsed, 30 AS days_in_month`);
  await athena.createView(`CREATE OR REPLACE VIEW user_monthly_cost AS
    SELECT DATE '2026-11-01' AS month, '${PERSON}' AS userid, 'Fay Example' AS display_name, 'FREE' AS tier`);
  await athena.createView(`CREATE OR REPLACE VIEW pipeline_settings AS
    SELECT true AS credits_used_includes_overage, CAST(0.04 AS double) AS overage_price_per_credit`);
  await athena.createView(`CREATE OR REPLACE VIEW tier_prices AS
    SELECT * FROM (VALUES ('FREE', 0.0, 50.0, false), ('PRO', 20.0, 1000.0, true)) AS t(tier, monthly_price_usd, included_credits, allows_overage)`);
  await athena.createView(await readFile(join(SQL_DIR, '14_tier_recommendation.sql'), 'utf8'));
});

afterAll(() => athena.close());

describe('tier_recommendation at the FREE allowance', () => {
  it('keeps FREE when the projection is the allowance to the cent', async () => {
    // Act
    const rows = await athena.run('SELECT projected_credits, recommended_tier, action, monthly_saving_usd FROM tier_recommendation');

    // Assess: 50.00 projected of 50 included: FREE covers it, so nothing changes.
    expect(rows).toEqual([{ projected_credits: '50', recommended_tier: 'FREE', action: 'KEEP', monthly_saving_usd: '0' }]);
  });
});
