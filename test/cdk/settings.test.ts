import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildPipelineSettings, type PipelineResourceNames } from '../../handlers/shared/build-settings.js';
import { parseSettings, type PipelineSettings } from '../../handlers/shared/settings.js';
import { DASHBOARD, dashboardDatasetId } from '../../sql/dashboard-spec.js';
import { buildStack, exampleConfig } from './stack-fixture.js';

/** Plain template JSON. */
type Json = any;

const NAMES: PipelineResourceNames = { athenaWorkGroup: 'wg', analyticsBucket: 'analytics-bucket', crawlerNames: ['c-user-report', 'c-by-user-analytic'] };

/** The example config's settings, as JSON the way the stack writes them (`Stack.toJsonString`). */
function exampleSettingsJson(): string {
  const stack = new Stack();
  return stack.resolve(stack.toJsonString(buildPipelineSettings(exampleConfig(), NAMES))) as string;
}

/** A CloudFormation value with each `Ref` and `Fn::GetAtt` replaced by a made-up resolved name. */
function resolveIntrinsics(value: Json): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'] as [string, Json[]];
    return parts.map(resolveIntrinsics).join(separator);
  }
  if (value.Ref) {
    return `resolved-${String(value.Ref).toLowerCase()}`;
  }
  if (value['Fn::GetAtt']) {
    return `resolved-${(value['Fn::GetAtt'] as string[]).join('-').toLowerCase()}`;
  }
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

/** `parseSettings` of `json`, or the message it threw. */
function parseError(json: string | undefined): string {
  try {
    parseSettings(json);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parseSettings accepted it');
}

describe('buildPipelineSettings', () => {
  it('combines the config with the resource names as the handlers expect them', () => {
    // Prepare
    const config = { ...exampleConfig(), quicksightDatasetIds: ['kiro-credits'] };

    // Act
    const settings = buildPipelineSettings(config, NAMES);

    // Assess
    expect(settings).toEqual({
      glueDatabase: 'kiro_activity',
      athenaWorkGroup: 'wg',
      analyticsBucket: 'analytics-bucket',
      mappingPrefix: 'user-mapping/',
      workPrefix: 'work/',
      reportBucket: 'example-kiro-reports',
      userReportPrefix: 'kiro/AWSLogs/111122223333/KiroLogs/user_report/',
      analyticReportPrefix: 'kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/',
      identityStoreId: 'd-1234567890',
      crawlerNames: ['c-user-report', 'c-by-user-analytic'],
      quicksightDatasetIds: ['kiro-credits'],
      staleAfterDays: 3,
      users: config.users,
      spikes: config.spikes,
      pricing: config.pricing,
      people: config.people,
      budget: config.budget,
      allowance: config.allowance,
      engagement: config.engagement,
      licensedGroups: [],
    });
  });

  it('refreshes the datasets QuickSight deploys, then the extra configured ones, each once', () => {
    // Prepare
    const base = exampleConfig();
    const deployed = DASHBOARD.datasets.map((dataset) => dashboardDatasetId('kiro-activity', dataset));
    const config = {
      ...base,
      quicksightDatasetIds: ['kiro-legacy', deployed[0] ?? ''],
      quicksight: { ...base.quicksight, enabled: true, datasetIdPrefix: 'kiro-activity' },
    };

    // Act
    const settings = buildPipelineSettings(config, { athenaWorkGroup: 'wg', analyticsBucket: 'b', crawlerNames: ['a', 'b'] });

    // Assess: the spec owns the dataset list; the ids are `<prefix>-<key with - for _>` in its order.
    expect(deployed).toContain('kiro-activity-credits-by-person');
    expect(deployed).toContain('kiro-activity-tier-recommendation');
    expect(settings.quicksightDatasetIds).toEqual([...deployed, 'kiro-legacy']);
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

describe('parseSettings', () => {
  it('accepts the settings built from the example config, serialised as the stack does', () => {
    // Act
    const parsed = parseSettings(exampleSettingsJson());

    // Assess
    expect(parsed).toEqual(buildPipelineSettings(exampleConfig(), NAMES));
  });

  it('accepts the PIPELINE_SETTINGS of every Lambda of the synthesised stack', () => {
    // Prepare
    const { template } = buildStack(exampleConfig());
    const variables = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((fn: Json) => fn.Properties.Environment?.Variables?.PIPELINE_SETTINGS)
      .filter((value) => value !== undefined);

    // Act
    const parsed = variables.map((value) => parseSettings(resolveIntrinsics(value)));

    // Assess
    expect(parsed.length).toBeGreaterThan(0);
    for (const settings of parsed) {
      expect(settings.people).toEqual(exampleConfig().people);
      expect(settings.analyticsBucket).toMatch(/^resolved-/);
    }
  });

  it.each([
    ['a missing field', (s: Json) => delete s.people.usageCategories.heavy, ['people.usageCategories.heavy: expected an integer >= 1']],
    ['a missing section', (s: Json) => delete s.spikes, ['spikes: expected an object']],
    ['a wrong type', (s: Json) => (s.users.resolveBatchSize = '500'), ['users.resolveBatchSize: expected an integer >= 1']],
    ['an unknown field', (s: Json) => (s.staleAfter = 3), ['staleAfter: unknown field (expected one of glueDatabase,']],
    ['a prefix without its slash', (s: Json) => (s.workPrefix = 'work'), ['workPrefix: expected a key prefix ending in /']],
    ['bounds out of order', (s: Json) => (s.people.usageCategories.light = 2000), ['people.usageCategories: expected light < moderate < heavy, got 2000, 1000, 5000']],
    [
      'several fields',
      (s: Json) => {
        s.crawlerNames = 'c-user-report';
        s.pricing.tiers = {};
        s.quicksightDatasetIds = ['bad id'];
      },
      ['crawlerNames: expected a list of Glue crawler names', 'quicksightDatasetIds[0]: expected a QuickSight dataset id', 'pricing.tiers: expected at least one tier'],
    ],
  ])('rejects %s, naming PIPELINE_SETTINGS and each field', (_case, breakIt, expected) => {
    // Prepare
    const settings = JSON.parse(exampleSettingsJson()) as PipelineSettings;
    breakIt(settings);

    // Act
    const message = parseError(JSON.stringify(settings));

    // Assess
    const [first, ...problems] = message.split('\n');
    expect(first).toBe('PIPELINE_SETTINGS is invalid:');
    expect(problems).toEqual(expected.map((line) => expect.stringContaining(`  ${line}`)));
  });

  it.each([
    ['not set', undefined, 'PIPELINE_SETTINGS is not set'],
    ['empty', '  ', 'PIPELINE_SETTINGS is not set'],
    ['not JSON', '{"glueDatabase": ', 'PIPELINE_SETTINGS is not valid JSON'],
    ['not an object', '["kiro_activity"]', 'PIPELINE_SETTINGS is invalid:\n  (root): expected an object'],
  ])('rejects a variable that is %s', (_case, raw, expected) => {
    // Act
    const message = parseError(raw);

    // Assess
    expect(message).toContain(expected);
  });
});
