import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, settingsViews } from '../../handlers/render-views/settings-views.js';
import { createLocalAthena } from '../../local/aws/athena/local-athena.js';
import { trinoSyntaxErrors } from '../unit/support/trino.js';
import { peopleSettings } from './people-engine.js';

describe('settingsViews', () => {
  it('renders pipeline_settings and tier_prices as valid Trino, before the SQL files', () => {
    // Act
    const statements = settingsViews(peopleSettings());

    // Assess
    expect(statements.map(({ view, file }) => ({ view, file }))).toEqual([
      { view: 'pipeline_settings', file: GENERATED_FILE },
      { view: 'tier_prices', file: GENERATED_FILE },
    ]);
    for (const statement of statements) {
      expect(trinoSyntaxErrors(statement.sql)).toEqual([]);
    }
  });

  it('gives DuckDB the configured values with their types', async () => {
    // Prepare
    const base = peopleSettings();
    const settings = {
      ...base,
      budget: { monthlyUsd: 300, forecastStepShare: 0.1, reminderDay: 15 },
      engagement: { segments: { power: 15, active: 5, light: 2 }, atRisk: { dropShare: 0.25, minMessagesLastWeek: 10 } },
      pricing: { ...base.pricing, overagePricePerCredit: 0.045, creditsUsedIncludesOverage: false, overageCreditsUsed: 'monthToDate' as const, tiers: { PRO: { monthlyPriceUsd: 19.5, includedCredits: 1e21, allowsOverage: true } } },
      people: { ...base.people, inactiveAfterDays: 7, activityScore: { messageWeight: 0.5, conversationWeight: 10, codeLinesDivisor: 2.5 } },
    };
    const athena = await createLocalAthena();

    // Act
    for (const statement of settingsViews(settings)) {
      await athena.run(statement.sql);
    }
    const row = await athena.run('SELECT * FROM pipeline_settings');
    const tiers = await athena.run('SELECT tier, monthly_price_usd, included_credits, typeof(included_credits) AS credits_type FROM tier_prices');
    athena.close();

    // Assess
    expect(row).toEqual([
      {
        overage_price_per_credit: '0.045',
        credits_used_includes_overage: 'false',
        overage_credits_used: 'monthToDate',
        inactive_after_days: '7',
        trailing_days: '30',
        message_weight: '0.5',
        conversation_weight: '10',
        code_lines_divisor: '2.5',
        light_below_messages: '100',
        moderate_below_messages: '1000',
        heavy_below_messages: '5000',
        monthly_budget_usd: '300',
        power_min_active_days: '15',
        active_min_active_days: '5',
        light_min_active_days: '2',
        at_risk_drop_share: '0.25',
        at_risk_min_messages_last_week: '10',
      },
    ]);
    expect(tiers).toEqual([{ tier: 'PRO', monthly_price_usd: '19.5', included_credits: '1e+21', credits_type: 'DOUBLE' }]);
    expect(trinoSyntaxErrors(settingsViews(settings)[1]?.sql ?? '')).toEqual([]);
  });

  it.each([
    ['a price that is not finite', { overagePricePerCredit: Number.POSITIVE_INFINITY }, 'render-views: pricing.overagePricePerCredit: expected a finite number, got Infinity'],
    ['a tier name that is not upper snake case', { tiers: { "PRO'; DROP": { monthlyPriceUsd: 20, includedCredits: 1000, allowsOverage: true } } }, 'render-views: pricing.tiers: tier name "PRO\'; DROP" must be upper snake case'],
    ['no tiers', { tiers: {} }, 'render-views: pricing.tiers: expected at least one tier'],
    ['an overage meaning the schema does not know', { overageCreditsUsed: "daily' OR '1" as 'daily' }, "render-views: pricing.overageCreditsUsed: expected daily or monthToDate, got \"daily' OR '1\""],
  ])('refuses %s', (_label, pricing, message) => {
    // Prepare
    const settings = peopleSettings();

    // Act + Assess
    expect(() => settingsViews({ ...settings, pricing: { ...settings.pricing, ...pricing } })).toThrow(message);
  });

  it('refuses a day count that is not a whole number', () => {
    // Prepare
    const settings = peopleSettings();

    // Act + Assess
    expect(() => settingsViews({ ...settings, people: { ...settings.people, trailingDays: 2.5 } })).toThrow(
      'render-views: people.trailingDays: expected a non-negative integer, got 2.5',
    );
  });

  it('gives a NULL budget of type DOUBLE when the config sets none', async () => {
    // Prepare
    const settings = peopleSettings();
    const athena = await createLocalAthena();

    // Act
    for (const statement of settingsViews(settings)) {
      await athena.run(statement.sql);
    }
    const row = await athena.run('SELECT monthly_budget_usd, typeof(monthly_budget_usd) AS budget_type FROM pipeline_settings');
    athena.close();

    // Assess
    expect(settings.budget.monthlyUsd).toBeUndefined();
    expect(row).toEqual([{ monthly_budget_usd: null, budget_type: 'DOUBLE' }]);
  });
});
