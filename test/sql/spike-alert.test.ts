/**
 * DetectSpikes over the people fixture through LocalAthena: the alert names the spiking person's
 * tier, cost so far this month and recommendation, as worked out in people-views.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSpikes } from '../../handlers/detect-spikes/detect-spikes.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { BILLED, billingSettings, createBillingAthena } from './billing-engine.js';
import { createPeopleAthena, PEOPLE, peopleSettings } from './people-engine.js';

const spikes = { minOverageCredits: 100, multipleOfTrailingAverage: 3, trailingDays: 14, teamDailyOverageUsd: 50 };
let athena: LocalAthena;

beforeAll(async () => {
  athena = await createPeopleAthena();
});

afterAll(() => athena.close());

describe('the overage spike alert with the people views', () => {
  it('adds tier, cost so far this month and the recommendation of each spiking person', async () => {
    // Act: on 07-20 Ben's overage is 200 (IDE, d- prefixed) + 100 (CLI) = 300, nothing in the 14 days before
    const report = await detectSpikes('2026-07-20', athena, { spikes, pricing: peopleSettings().pricing });

    // Assess: July: PRO_PLUS, $40 + 300 × $0.04 = $52; 3100 projected credits keep PRO_PLUS
    expect(report.spikingUsers).toEqual([
      {
        userid: PEOPLE.ben,
        overageCredits: 300,
        overageUsd: 12,
        trailingAverageCredits: 0,
        tier: 'PRO_PLUS',
        monthCostUsd: 52,
        recommendation: { action: 'KEEP', tier: 'PRO_PLUS', monthlySavingUsd: 0, effective: null },
      },
    ]);
    expect(report.message).toContain(
      '- Ben Example: 300.00 credits ($12.00), 14-day average 0.00 credits; PRO_PLUS, $52.00 so far this month; recommendation: KEEP PRO_PLUS',
    );
  });

  it('recommends an upgrade to a person whose overage outgrew their tier', async () => {
    // Act: on 07-18 Cara's overage is 1500
    const report = await detectSpikes('2026-07-18', athena, { spikes, pricing: peopleSettings().pricing });

    // Assess: PRO, $20 + 1500 × $0.04 = $80; 3875 projected credits cost $100 on PRO_MAX against $135 on PRO
    expect(report.message).toContain('; PRO, $80.00 so far this month; recommendation: UPGRADE to PRO_MAX now (saves $35.00 a month)');
  });
});

describe('the overage spike alert with pricing.overageCreditsUsed', () => {
  it('fires on a month-to-date total read as daily, and not once the setting says monthToDate', async () => {
    // Prepare: the billing fixture (billing-views.test.ts); Mo's July overage totals so far
    // 50, 200, 200, 500 up to 07-04, 800 on 07-05, and June's 100, 300, 300, 450, 600, 1000.
    const daily = await createBillingAthena('daily');
    const monthToDate = await createBillingAthena('monthToDate');

    // Act
    const asDaily = await detectSpikes('2026-07-05', daily, { spikes, pricing: billingSettings('daily').pricing });
    const asMonthToDate = await detectSpikes('2026-07-05', monthToDate, { spikes, pricing: billingSettings('monthToDate').pricing });
    daily.close();
    monthToDate.close();

    // Assess: read as daily, 800 credits against 06-21..07-04 = 100 + 300 + 300 + 450 + 600 +
    // 1000 + 50 + 200 + 200 + 500 = 3700: 800 × 14 = 11200 ≥ 3 × 3700 = 11100, a spike.
    // Month-to-date: the day is 800 − 500 = 300 against 100 + 200 + 0 + 150 + 150 + 400 + 50 +
    // 150 + 0 + 300 = 1500: 300 × 14 = 4200 < 4500, no spike.
    expect(asDaily.spikingUsers.map((user) => [user.userid, user.overageCredits, user.trailingAverageCredits])).toEqual([[BILLED.mo, 800, 264.29]]);
    expect(asMonthToDate.spikingUsers).toEqual([]);
    expect(asMonthToDate.teamOverageCredits).toBe(300);
  });
});
