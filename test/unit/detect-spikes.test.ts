import { describe, expect, it } from 'vitest';
import { detectSpikes } from '../../handlers/detect-spikes/detect-spikes.js';
import { evaluateSpikes, type UserOverage } from '../../handlers/detect-spikes/evaluate-spikes.js';
import { ScriptedQueries } from './support/scripted-queries.js';
import { testSettings } from './support/settings.js';

const { spikes, pricing } = testSettings(); // floor 100, 3x, 14 days, team $50, $0.04 per credit
const DAY = '2026-11-20';

/** A user whose trailing window sums to `trailingAverage` × 14. */
function user(userid: string, dayOverageCredits: number, trailingAverage = 0, displayName = `Name ${userid}`): UserOverage {
  return { userid, displayName, dayOverageCredits, trailingOverageCredits: trailingAverage * spikes.trailingDays, ...UNKNOWN_MONTH };
}

/** No tier, cost or recommendation known for the month. */
const UNKNOWN_MONTH = { tier: null, monthCostUsd: null, recommendation: null };

describe('evaluateSpikes: the per-person rule', () => {
  it('spikes exactly at the floor with no history (zero trailing average)', () => {
    // Act
    const report = evaluateSpikes(DAY, [user('u-1', 100)], spikes, pricing);

    // Assess
    expect(report.alert).toBe(true);
    expect(report.spikingUsers).toEqual([{ userid: 'u-1', overageCredits: 100, overageUsd: 4, trailingAverageCredits: 0, ...UNKNOWN_MONTH }]);
  });

  it('does not spike just below the floor, however high the multiple', () => {
    // Act
    const report = evaluateSpikes(DAY, [user('u-1', 99.99)], spikes, pricing);

    // Assess
    expect(report.spikingUsers).toEqual([]);
    expect(report.alert).toBe(false);
  });

  it('spikes at exactly 3x the trailing average', () => {
    // Act
    const report = evaluateSpikes(DAY, [user('u-1', 300, 100)], spikes, pricing);

    // Assess
    expect(report.spikingUsers.map((spike) => spike.userid)).toEqual(['u-1']);
  });

  it('spikes at exactly 3x an average that is not a round number', () => {
    // Prepare: 7 credits over 14 days = 0.5 a day; 3x = 1.5, floor lowered to test the multiple alone
    const overage = { userid: 'u-1', displayName: 'Name', dayOverageCredits: 1.5, trailingOverageCredits: 7, ...UNKNOWN_MONTH };

    // Act
    const report = evaluateSpikes(DAY, [overage], { ...spikes, minOverageCredits: 1 }, pricing);

    // Assess
    expect(report.spikingUsers).toHaveLength(1);
  });

  it('does not spike just under 3x the trailing average', () => {
    // Act
    const report = evaluateSpikes(DAY, [user('u-1', 299.99, 100)], spikes, pricing);

    // Assess
    expect(report.spikingUsers).toEqual([]);
  });
});

describe('evaluateSpikes: the team rule', () => {
  it('does not alert at exactly the team threshold, alerts just above it', () => {
    // Prepare: 1250 credits × $0.04 = $50.00; spread over people below the floor
    const atThreshold = Array.from({ length: 25 }, (_, index) => user(`u-${index}`, 50, 50));
    const above = [...atThreshold, user('u-extra', 0.25, 1)];

    // Act
    const quiet = evaluateSpikes(DAY, atThreshold, spikes, pricing);
    const loud = evaluateSpikes(DAY, above, spikes, pricing);

    // Assess
    expect([quiet.teamOverageCredits, quiet.teamOverageUsd, quiet.teamAlert, quiet.alert]).toEqual([1250, 50, false, false]);
    expect([loud.teamOverageUsd, loud.teamAlert, loud.alert]).toEqual([50.01, true, true]);
    expect(loud.spikingUsers).toEqual([]);
    expect(loud.subject).toBe('Kiro team overage 2026-11-20: team $50.01 over the daily threshold');
    expect(loud.message).toContain('Nobody spiked.');
    expect(loud.message).toContain('Team overage that day: 1250.25 credits ($50.01); team alert above $50.00 a day - EXCEEDED.');
  });
});

describe('evaluateSpikes: the message', () => {
  it('lists every spiking person by name, largest first, with credits, dollars and average', () => {
    // Prepare
    const overages = [
      user('u-ada', 150.5, 10, 'Ada Example'),
      user('u-bo', 420, 20.125, 'Bo Example'),
      user('u-cy', 90, 0, 'Cy Example'),
      user('u-dee', 500, 400, 'Dee Example'),
    ];

    // Act
    const report = evaluateSpikes(DAY, overages, spikes, pricing);

    // Assess
    expect(report.spikingUsers.map((spike) => spike.userid)).toEqual(['u-bo', 'u-ada']);
    expect(report.message).toBe(
      [
        'Kiro overage on 2026-11-20',
        '',
        'People whose overage spiked (at least 100.00 credits and 3x their 14-day average):',
        '- Bo Example: 420.00 credits ($16.80), 14-day average 20.13 credits',
        '- Ada Example: 150.50 credits ($6.02), 14-day average 10.00 credits',
        '',
        'Team overage that day: 1160.50 credits ($46.42); team alert above $50.00 a day.',
      ].join('\n'),
    );
    expect(report.subject).toBe('Kiro overage spike 2026-11-20: 2 people, team $46.42');
    expect(report.teamAlert).toBe(false);
    expect(report.alert).toBe(true);
  });

  it('adds the tier, cost so far this month and tier recommendation of each spiking person', () => {
    // Prepare
    const overages: UserOverage[] = [
      { ...user('u-ben', 300, 0, 'Ben Example'), tier: 'PRO_PLUS', monthCostUsd: 52, recommendation: { action: 'KEEP', tier: 'PRO_PLUS', monthlySavingUsd: 0, effective: null } },
      { ...user('u-cara', 1500, 0, 'Cara Example'), tier: 'PRO', monthCostUsd: 80.004, recommendation: { action: 'UPGRADE', tier: 'PRO_MAX', monthlySavingUsd: 35, effective: 'now' } },
      { ...user('u-dan', 200, 0, 'Dan Example'), tier: 'NEW_TIER', monthCostUsd: null, recommendation: null },
    ];

    // Act
    const report = evaluateSpikes(DAY, overages, spikes, pricing);

    // Assess
    expect(report.message.split('\n').slice(3, 6)).toEqual([
      '- Cara Example: 1500.00 credits ($60.00), 14-day average 0.00 credits; PRO, $80.00 so far this month; recommendation: UPGRADE to PRO_MAX now (saves $35.00 a month)',
      '- Ben Example: 300.00 credits ($12.00), 14-day average 0.00 credits; PRO_PLUS, $52.00 so far this month; recommendation: KEEP PRO_PLUS',
      '- Dan Example: 200.00 credits ($8.00), 14-day average 0.00 credits; NEW_TIER, cost unknown',
    ]);
    expect(report.spikingUsers[0]).toEqual({
      userid: 'u-cara',
      overageCredits: 1500,
      overageUsd: 60,
      trailingAverageCredits: 0,
      tier: 'PRO',
      monthCostUsd: 80,
      recommendation: { action: 'UPGRADE', tier: 'PRO_MAX', monthlySavingUsd: 35, effective: 'now' },
    });
  });

  it('keeps the subject a valid SNS subject whatever the numbers', () => {
    // Prepare
    const many = Array.from({ length: 1234 }, (_, index) => user(`u-${index}`, 1e9, 0, `Person\r\n${index}`));

    // Act
    const report = evaluateSpikes(DAY, many, spikes, pricing);

    // Assess
    expect(report.subject.length).toBeLessThan(100);
    expect(report.subject).toMatch(/^[\x20-\x7E]+$/);
    expect(report.subject).toContain('1234 people');
  });

  it('says there is no spike when all is quiet', () => {
    // Act
    const report = evaluateSpikes(DAY, [user('u-1', 10, 10)], spikes, pricing);

    // Assess
    expect(report).toMatchObject({ alert: false, teamAlert: false, spikingUsers: [], subject: 'Kiro overage 2026-11-20: no spike, team $0.40' });
  });

  it('rejects a trailing window of zero days instead of dividing by zero', () => {
    // Act + Assess
    expect(() => evaluateSpikes(DAY, [], { ...spikes, trailingDays: 0 }, pricing)).toThrow(
      'detect-spikes: spikes.trailingDays must be a positive integer, got 0',
    );
  });
});

describe('detectSpikes', () => {
  it('queries the report date with the trailing window and evaluates the rows', async () => {
    // Prepare
    const queries = new ScriptedQueries([
      [
        {
          userid: 'u-ada', display_name: 'Ada Example', day_overage_credits: '450.0', trailing_overage_credits: '140.0',
          tier: 'PRO', month_cost_usd: '38.0', recommended_tier: 'PRO_PLUS', recommended_action: 'UPGRADE', monthly_saving_usd: '12.5', recommended_effective: 'now',
        },
        {
          userid: 'u-bo', display_name: 'u-bo', day_overage_credits: '0.0', trailing_overage_credits: '0.0',
          tier: null, month_cost_usd: null, recommended_tier: null, recommended_action: null, monthly_saving_usd: null, recommended_effective: null,
        },
      ],
    ]);

    // Act
    const report = await detectSpikes(DAY, queries, { spikes, pricing });

    // Assess
    expect(queries.sql[0]).toContain("report_date >= DATE '2026-11-20' - INTERVAL '14' DAY");
    expect(report.spikingUsers).toEqual([
      {
        userid: 'u-ada',
        overageCredits: 450,
        overageUsd: 18,
        trailingAverageCredits: 10,
        tier: 'PRO',
        monthCostUsd: 38,
        recommendation: { action: 'UPGRADE', tier: 'PRO_PLUS', monthlySavingUsd: 12.5, effective: 'now' },
      },
    ]);
    expect(report.message).toContain(
      '- Ada Example: 450.00 credits ($18.00), 14-day average 10.00 credits; PRO, $38.00 so far this month; recommendation: UPGRADE to PRO_PLUS now (saves $12.50 a month)',
    );
  });

  it('names a non-numeric overage value', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ userid: 'u-1', display_name: 'x', day_overage_credits: 'lots', trailing_overage_credits: '0' }]]);

    // Act + Assess
    await expect(detectSpikes(DAY, queries, { spikes, pricing })).rejects.toThrow(
      'query result column "day_overage_credits": expected a number, got "lots"',
    );
  });

  it('names an action the views do not produce', async () => {
    // Prepare
    const queries = new ScriptedQueries([
      [
        {
          userid: 'u-1', display_name: 'x', day_overage_credits: '1', trailing_overage_credits: '0',
          tier: 'PRO', month_cost_usd: '20', recommended_tier: 'PRO', recommended_action: 'MAYBE', monthly_saving_usd: '0', recommended_effective: null,
        },
      ],
    ]);

    // Act + Assess
    await expect(detectSpikes(DAY, queries, { spikes, pricing })).rejects.toThrow(
      'query result column "recommended_action": expected UPGRADE, DOWNGRADE or KEEP, got "MAYBE"',
    );
  });
});
