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
