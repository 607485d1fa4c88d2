/**
 * The billing meanings and rules over a small hand-written fixture (test/fixtures/billing). Every
 * expected number is worked out below from the fixture rows, not by running the SQL. Prices: the
 * public list prices without POWER (FREE $0/50, PRO $20/1,000, PRO_PLUS $40/2,000, PRO_MAX
 * $100/5,000 credits); overage $0.04 a credit; Credits_Used includes the overage.
 *
 * The fixture (KIRO_IDE, one profile; Credits_Used / Overage_Credits_Used per row):
 * - Mo, PRO, the overage written as a month-to-date total:
 *   06-24 1000/0, 06-25 100/100, 06-26 200/300, 06-27 0/300, 06-28 150/450, 06-29 150/600,
 *   06-30 400/1000; 07-01 1050/50, 07-02 150/200, 07-03 0/200, 07-04 300/500, 07-05 300/800,
 *   07-06 0/800. So June's overage is 1,000 credits and July's so far 800.
 * - Uma: 07-02 PRO 300/0, 07-04 PRO_MAX 500/0 (upgrade mid-month).
 * - Dov: 07-01 PRO_PLUS 400/0, 07-05 PRO 100/0 (downgrade mid-month).
 * - Tia: 07-03 POWER 100/0, 07-06 POWER 250/150 (a tier the price table lacks).
 * as_of = 2026-07-06: 6 days elapsed of 31. Nobody has a name (no user mapping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { BILLED, createBillingAthena } from './billing-engine.js';

const COST_COLUMNS = 'month, userid, tier, credits_used, overage_credits_used, plan_credits, plan_utilization, subscription_usd, overage_usd, total_usd';

let daily: LocalAthena;
let monthToDate: LocalAthena;

beforeAll(async () => {
  daily = await createBillingAthena('daily');
  monthToDate = await createBillingAthena('monthToDate');
});

afterAll(() => {
  daily.close();
  monthToDate.close();
});

describe('billing_semantics', () => {
  it('finds the overage month-to-date and says the credits evidence is too thin, beside the config', async () => {
    // Act
    const rows = await daily.run('SELECT * FROM billing_semantics');

    // Assess: Mo's steps from a value above 0 within a month: June 06-25→26, 26→27, 27→28, 28→29,
    // 29→30 (5), July 07-01→02, 02→03, 03→04, 04→05, 05→06 (5): 10 steps, none falls (>= 10
    // steps, 0 falls). Into a later month from above 0: 06-30 1000 → 07-01 50, a restart.
    // Tia's 0 → 150 starts from 0: no step. Credits: Mo's June (2000 > 1000) and July (1800 >
    // 1000) have overage on one priced tier; Tia's POWER is unpriced; Uma and Dov have no overage:
    // 2 months, fewer than 3, so no verdict.
    expect(rows).toEqual([
      {
        overage_looks_month_to_date: 'true',
        overage_steps: '10',
        overage_falls: '0',
        overage_month_changes: '1',
        overage_month_restarts: '1',
        credits_used_looks_inclusive: null,
        credits_evidence_months: '2',
        credits_above_allowance_months: '2',
        configured_overage_credits_used: 'daily',
        configured_credits_used_includes_overage: 'true',
      },
    ]);
  });

  it('shows the configured values as they are set', async () => {
    // Act
    const rows = await monthToDate.run('SELECT overage_looks_month_to_date, configured_overage_credits_used FROM billing_semantics');

    // Assess: the evidence does not depend on the setting
    expect(rows).toEqual([{ overage_looks_month_to_date: 'true', configured_overage_credits_used: 'monthToDate' }]);
  });
});

describe('person_daily with pricing.overageCreditsUsed', () => {
  it('turns a month-to-date total into each day overage, the first day of a month keeping its value', async () => {
    // Act
    const rows = await monthToDate.run(
      `SELECT report_date, overage_credits_used FROM person_daily WHERE userid = '${BILLED.mo}' AND report_date >= DATE '2026-06-29' ORDER BY report_date`,
    );

    // Assess: 06-29 600 − 450, 06-30 1000 − 600; 07-01 50 (new month); 200 − 50, 200 − 200, 500 − 200, 800 − 500, 800 − 800.
    expect(rows.map((row) => [row.report_date, row.overage_credits_used])).toEqual([
      ['2026-06-29', '150'],
      ['2026-06-30', '400'],
      ['2026-07-01', '50'],
      ['2026-07-02', '150'],
      ['2026-07-03', '0'],
      ['2026-07-04', '300'],
      ['2026-07-05', '300'],
      ['2026-07-06', '0'],
    ]);
  });

  it('keeps each row value as the day overage when the setting is daily', async () => {
    // Act
    const rows = await daily.run(
      `SELECT report_date, overage_credits_used FROM person_daily WHERE userid = '${BILLED.mo}' AND report_date >= DATE '2026-07-04' ORDER BY report_date`,
    );

    // Assess
    expect(rows.map((row) => [row.report_date, row.overage_credits_used])).toEqual([
      ['2026-07-04', '500'],
      ['2026-07-05', '800'],
      ['2026-07-06', '800'],
    ]);
  });
});

describe('user_monthly_cost', () => {
  it('bills the month-to-date overage once per month with the setting switched', async () => {
    // Act
    const rows = await monthToDate.run(`SELECT ${COST_COLUMNS} FROM user_monthly_cost WHERE userid = '${BILLED.mo}' ORDER BY month`);

    // Assess: June 1000 overage × $0.04 = $40 + PRO $20 = $60; plan 2000 − 1000 = 1000 of 1000.
    // July 800 × $0.04 = $32 + $20 = $52; plan 1800 − 800 = 1000 of 1000.
    expect(rows).toEqual([
      {
        month: '2026-06-01', userid: BILLED.mo, tier: 'PRO', credits_used: '2000', overage_credits_used: '1000',
        plan_credits: '1000', plan_utilization: '1', subscription_usd: '20', overage_usd: '40', total_usd: '60',
      },
      {
        month: '2026-07-01', userid: BILLED.mo, tier: 'PRO', credits_used: '1800', overage_credits_used: '800',
        plan_credits: '1000', plan_utilization: '1', subscription_usd: '20', overage_usd: '32', total_usd: '52',
      },
    ]);
  });

  it('multiplies the overage when a month-to-date report is read as daily (what billing_semantics flags)', async () => {
    // Act
    const rows = await daily.run(`SELECT month, overage_credits_used, plan_credits, total_usd FROM user_monthly_cost WHERE userid = '${BILLED.mo}' ORDER BY month`);

    // Assess: June 0 + 100 + 300 + 300 + 450 + 600 + 1000 = 2750 ($110 + $20); plan 2000 − 2750 < 0.
    // July 50 + 200 + 200 + 500 + 800 + 800 = 2550 ($102 + $20).
    expect(rows).toEqual([
      { month: '2026-06-01', overage_credits_used: '2750', plan_credits: '-750', total_usd: '130' },
      { month: '2026-07-01', overage_credits_used: '2550', plan_credits: '-750', total_usd: '122' },
    ]);
  });

  it('bills the most expensive tier held in the month: the new one after an upgrade, the old one after a downgrade', async () => {
    // Act
    const rows = await monthToDate.run(
      `SELECT ${COST_COLUMNS} FROM user_monthly_cost WHERE userid IN ('${BILLED.uma}', '${BILLED.dov}') ORDER BY userid`,
    );

    // Assess: Uma PRO then PRO_MAX → $100, 800 / 5000 = 0.16. Dov PRO_PLUS then PRO → $40 this
    // month (the downgrade applies from the next), 500 / 2000 = 0.25; tier is his latest, PRO.
    expect(rows).toEqual([
      {
        month: '2026-07-01', userid: BILLED.uma, tier: 'PRO_MAX', credits_used: '800', overage_credits_used: '0',
        plan_credits: '800', plan_utilization: '0.16', subscription_usd: '100', overage_usd: '0', total_usd: '100',
      },
      {
        month: '2026-07-01', userid: BILLED.dov, tier: 'PRO', credits_used: '500', overage_credits_used: '0',
        plan_credits: '500', plan_utilization: '0.25', subscription_usd: '40', overage_usd: '0', total_usd: '40',
      },
    ]);
  });

  it('keeps the overage dollars of a tier missing from the price table in the total', async () => {
    // Act
    const rows = await monthToDate.run(`SELECT ${COST_COLUMNS} FROM user_monthly_cost WHERE userid = '${BILLED.tia}'`);

    // Assess: POWER has no price: subscription and utilisation unknown; 150 × $0.04 = $6 counted.
    expect(rows).toEqual([
      {
        month: '2026-07-01', userid: BILLED.tia, tier: 'POWER', credits_used: '350', overage_credits_used: '150',
        plan_credits: '200', plan_utilization: null, subscription_usd: null, overage_usd: '6', total_usd: '6',
      },
    ]);
  });
});

describe('user_summary and tier_recommendation', () => {
  it('total the month-to-date overage once per month', async () => {
    // Act
    const rows = await monthToDate.run(
      `SELECT userid, credits_total, overage_credits_total, overage_credits_30d, cost_usd_total FROM user_summary ORDER BY userid`,
    );

    // Assess: Mo 2000 + 1800 credits, 1000 + 800 overage (all in the 30 days to 07-06), $60 + $52;
    // Tia $6 although POWER is unpriced.
    expect(rows).toEqual([
      { userid: BILLED.mo, credits_total: '3800', overage_credits_total: '1800', overage_credits_30d: '1800', cost_usd_total: '112' },
      { userid: BILLED.uma, credits_total: '800', overage_credits_total: '0', overage_credits_30d: '0', cost_usd_total: '100' },
      { userid: BILLED.dov, credits_total: '500', overage_credits_total: '0', overage_credits_30d: '0', cost_usd_total: '40' },
      { userid: BILLED.tia, credits_total: '350', overage_credits_total: '150', overage_credits_30d: '150', cost_usd_total: '6' },
    ]);
  });

  it('project the month from the credits drawn, the overage counted once', async () => {
    // Act
    const rows = await monthToDate.run(
      `SELECT userid, current_tier, projected_credits, recommended_tier, action, monthly_saving_usd FROM tier_recommendation WHERE userid = '${BILLED.mo}'`,
    );

    // Assess: 1800 credits (they include July's 800 overage) / 6 × 31 = 9300. PRO $20 + 8300 × 0.04
    // = $352; PRO_PLUS $40 + 7300 × 0.04 = $332; PRO_MAX $100 + 4300 × 0.04 = $272 → saves $80.
    expect(rows).toEqual([
      { userid: BILLED.mo, current_tier: 'PRO', projected_credits: '9300', recommended_tier: 'PRO_MAX', action: 'UPGRADE', monthly_saving_usd: '80' },
    ]);
  });
});
