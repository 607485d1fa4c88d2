/** Pipeline settings for handler tests: the config schema's defaults and made-up resource names. */
import { buildPipelineSettings } from '../../../handlers/shared/build-settings.js';
import { validateConfig, type PipelineConfig } from '../../../handlers/shared/config.js';
import type { PipelineSettings } from '../../../handlers/shared/settings.js';

/** A config giving only the fields without a default (made up), plus one extra dataset to refresh. */
export function testConfig(): PipelineConfig {
  return validateConfig(
    {
      report: { bucket: 'example-kiro-reports', prefix: 'kiro' },
      identityStoreId: 'd-1234567890',
      alertEmails: ['kiro-admins@example.com'],
      quicksightDatasetIds: ['dataset-credits'],
    },
    'test settings',
  );
}

/** Settings built as the stack builds them, from {@link testConfig} and made-up resource names. */
export function testSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  const names = { athenaWorkGroup: 'kiro-test-wg', analyticsBucket: 'example-analytics-bucket', crawlerNames: ['kiro-user-report', 'kiro-by-user-analytic'] };
  return { ...buildPipelineSettings(testConfig(), names), ...overrides };
}
