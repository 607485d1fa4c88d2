/** Made-up pipeline settings for handler tests. */
import type { PipelineSettings } from '../../../handlers/shared/settings.js';

/** Settings with the documented defaults and made-up resource names. */
export function testSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  return {
    glueDatabase: 'kiro_activity',
    athenaWorkGroup: 'kiro-test-wg',
    analyticsBucket: 'example-analytics-bucket',
    mappingPrefix: 'user-mapping/',
    workPrefix: 'work/',
    identityStoreId: 'd-1234567890',
    crawlerNames: ['kiro-user-report', 'kiro-by-user-analytic'],
    quicksightDatasetIds: ['dataset-credits'],
    staleAfterDays: 3,
    users: { nameRefreshDays: 30, nameRefreshBatchSize: 200, resolveBatchSize: 500, describeConcurrency: 5 },
    spikes: { minOverageCredits: 100, multipleOfTrailingAverage: 3, trailingDays: 14, teamDailyOverageUsd: 50 },
    pricing: { overagePricePerCredit: 0.04, creditsUsedIncludesOverage: true, tiers: { PRO: { monthlyPriceUsd: 20, includedCredits: 1000, allowsOverage: true } } },
    people: {
      inactiveAfterDays: 14,
      trailingDays: 30,
      activityScore: { messageWeight: 1, conversationWeight: 10, codeLinesDivisor: 10 },
      usageCategories: { light: 100, moderate: 1000, heavy: 5000 },
    },
    ...overrides,
  };
}
