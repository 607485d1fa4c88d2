import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../handlers/shared/settings.js';
import { buildPipelineSettings } from '../../stacks/settings.js';
import { exampleConfig } from './stack-fixture.js';

describe('buildPipelineSettings', () => {
  it('combines the config with the resource names as the handlers expect them', () => {
    // Prepare
    const config = { ...exampleConfig(), quicksightDatasetIds: ['kiro-credits'] };
    const names = { athenaWorkGroup: 'wg', analyticsBucket: 'analytics-bucket', crawlerNames: ['c-user-report', 'c-by-user-analytic'] };

    // Act
    const settings = buildPipelineSettings(config, names);

    // Assess
    expect(settings).toEqual({
      glueDatabase: 'kiro_activity',
      athenaWorkGroup: 'wg',
      analyticsBucket: 'analytics-bucket',
      mappingPrefix: 'user-mapping/',
      workPrefix: 'work/',
      identityStoreId: 'd-1234567890',
      crawlerNames: ['c-user-report', 'c-by-user-analytic'],
      quicksightDatasetIds: ['kiro-credits'],
      staleAfterDays: 3,
      users: config.users,
      spikes: config.spikes,
      pricing: config.pricing,
      people: config.people,
    });
  });

  it('refreshes the datasets QuickSight deploys, then the extra configured ones', () => {
    // Prepare
    const base = exampleConfig();
    const config = { ...base, quicksightDatasetIds: ['kiro-legacy'], quicksight: { ...base.quicksight, enabled: true } };

    // Act
    const settings = buildPipelineSettings(config, { athenaWorkGroup: 'wg', analyticsBucket: 'b', crawlerNames: ['a', 'b'] });

    // Assess
    expect(settings.quicksightDatasetIds).toEqual([
      'kiro-activity-credits-by-person',
      'kiro-activity-activity-by-person',
      'kiro-activity-user-summary',
      'kiro-activity-user-monthly-cost',
      'kiro-activity-top-users-by-cost',
      'kiro-activity-top-users-by-usage',
      'kiro-activity-inactive-users',
      'kiro-activity-tier-recommendation',
      'kiro-legacy',
    ]);
  });

  it('round-trips through the PIPELINE_SETTINGS JSON the handlers parse', () => {
    // Prepare
    const settings = buildPipelineSettings(exampleConfig(), { athenaWorkGroup: 'wg', analyticsBucket: 'b', crawlerNames: ['a', 'b'] });

    // Act
    const parsed = parseSettings(JSON.stringify(settings));

    // Assess
    expect(parsed).toEqual(settings);
  });

  it('does not share arrays or objects with the config', () => {
    // Prepare
    const config = exampleConfig();
    const settings = buildPipelineSettings(config, { athenaWorkGroup: 'wg', analyticsBucket: 'b', crawlerNames: ['a', 'b'] });

    // Act
    settings.pricing.tiers['PRO']!.monthlyPriceUsd = 999;
    settings.users.resolveBatchSize = 1;

    // Assess
    expect(config.pricing.tiers['PRO']?.monthlyPriceUsd).toBe(20);
    expect(config.users.resolveBatchSize).toBe(500);
  });
});
