/** `npm run people -- utilization | forecast | movers` and the recommendations' effective month, over hand-made view rows. */
import { describe, expect, it } from 'vitest';
import { parsePeopleArgs } from '../../local/people/args.js';
import { rankedAnswer, type ViewRows } from '../../local/people/reports.js';

const views: ViewRows = {
  plan_utilization: [
    // August is an earlier month: not this month's question.
    { month: '2026-08-01', userid: 'u-amy', display_name: 'Amy Example', tier: 'PRO', included_credits: '1000', plan_credits_used: '990', utilization: '0.99', days_elapsed: '31', days_in_month: '31', projected_credits: '990', projected_utilization: '0.99', overage_credits_used: '0' },
    { month: '2026-09-01', userid: 'u-amy', display_name: 'Amy Example', tier: 'PRO', included_credits: '1000', plan_credits_used: '800', utilization: '0.8', days_elapsed: '20', days_in_month: '30', projected_credits: '1200', projected_utilization: '1.2', overage_credits_used: '0' },
    { month: '2026-09-01', userid: 'u-dan', display_name: 'Dan Example', tier: 'PRO', included_credits: '1000', plan_credits_used: '1000', utilization: '1', days_elapsed: '20', days_in_month: '30', projected_credits: '1650', projected_utilization: '1.65', overage_credits_used: '100' },
  ],
  month_forecast: [
    { month: '2026-08-01', days_elapsed: '31', days_in_month: '31', people: '1', plan_credits_used: '600', overage_credits_used: '0', subscription_usd: '20', overage_usd: '0', projected_overage_usd: '0', projected_total_usd: '20', budget_usd: '300', over_budget: 'false' },
    { month: '2026-09-01', days_elapsed: '20', days_in_month: '30', people: '4', plan_credits_used: '3200', overage_credits_used: '100', subscription_usd: '280', overage_usd: '4', projected_overage_usd: '34', projected_total_usd: '314', budget_usd: '300', over_budget: 'true' },
  ],
  weekly_movers: [
    { userid: 'u-drp', display_name: 'Drew Example', messages_this_week: '20', messages_last_week: '40', credits_this_week: '22', credits_last_week: '40', change_pct: '-50', at_risk: 'false' },
    { userid: 'u-fal', display_name: 'Fay Example', messages_this_week: '19', messages_last_week: '40', credits_this_week: '19', credits_last_week: '40', change_pct: '-52.5', at_risk: 'true' },
    { userid: 'u-mid', display_name: 'Mia Example', messages_this_week: '7', messages_last_week: '1', credits_this_week: '7', credits_last_week: '1', change_pct: '600', at_risk: 'false' },
  ],
  tier_recommendation: [
    { userid: 'u-ben', display_name: 'Ben Example', current_tier: 'POWER', projected_credits: '1350', recommended_tier: 'PRO', action: 'DOWNGRADE', monthly_saving_usd: '166', effective: 'next_month', annual_saving_usd: '1992' },
  ],
};

describe('people questions of issue 12', () => {
  it('parses utilization, forecast and movers', () => {
    // Act + Assess
    expect(['utilization', 'forecast', 'movers'].map((question) => parsePeopleArgs([question]).command)).toEqual(['utilization', 'forecast', 'movers']);
  });

  it('utilization shows this month only, most used first, with the projection', () => {
    // Act
    const answer = rankedAnswer('utilization', views, 10);

    // Assess
    expect(answer.rows).toEqual([expect.objectContaining({ userid: 'u-dan', month: '2026-09-01' }), expect.objectContaining({ userid: 'u-amy', month: '2026-09-01' })]);
    expect(answer.text).toContain('Day 20 of 30; 2 projected past their allowance at this pace.');
  });

  it('forecast shows the newest month first and says it against the budget', () => {
    // Act
    const answer = rankedAnswer('forecast', views, 10);

    // Assess
    expect((answer.rows as { month: string }[]).map((row) => row.month)).toEqual(['2026-09-01', '2026-08-01']);
    expect(answer.text).toContain('2026-09-01: $314.00 projected at the pace so far, against the budget of $300.00.');
  });

  it('movers lists who is at risk first, then the largest drops', () => {
    // Act
    const answer = rankedAnswer('movers', views, 10);

    // Assess
    expect((answer.rows as { userid: string }[]).map((row) => row.userid)).toEqual(['u-fal', 'u-drp', 'u-mid']);
    expect(answer.text).toContain('1 at risk.');
  });

  it('recommendations say when the change takes effect', () => {
    // Act
    const answer = rankedAnswer('recommendations', views, 10);

    // Assess
    expect(answer.text).toContain('next_month');
    expect(answer.text).toContain('$1,992.00');
  });
});
