import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  EXAMPLE_CONFIG_FILE,
  LOCAL_CONFIG_FILE,
  chooseConfigFile,
  loadConfig,
  readConfigFile,
  validateConfig,
} from '../../handlers/shared/config.js';
import { PROJECT_ROOT } from '../../stacks/constructs/pipeline-function.js';

const EXAMPLE_PATH = join(PROJECT_ROOT, EXAMPLE_CONFIG_FILE);

/** Only the fields without a default. */
function minimalConfig(): Record<string, unknown> {
  return {
    report: { bucket: 'acme-kiro-reports', prefix: 'kiro', logsFolder: 'KiroLogs' },
    identityStoreId: 'd-1234567890',
    alertEmails: ['ops@example.com'],
  };
}

/** The problems `validateConfig` reports for `raw`, or [] when it is valid. */
function problemsOf(raw: unknown): readonly string[] {
  try {
    validateConfig(raw, 'test.json');
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('validateConfig', () => {
  it('accepts the committed example with the values it states', () => {
    // Act
    const config = readConfigFile(EXAMPLE_PATH);

    // Assess
    expect(config.report).toEqual({
      bucket: 'example-kiro-reports',
      prefix: 'kiro',
      accountId: '111122223333',
      logsFolder: 'KiroLogs',
      analyticLogsFolder: 'KiroLogs',
    });
    expect(config.identityStoreId).toBe('d-1234567890');
    expect(config.pricing.tiers['PRO_PLUS']).toEqual({ monthlyPriceUsd: 40, includedCredits: 2000, allowsOverage: true });
    expect(config.pricing.tiers['FREE']?.allowsOverage).toBe(false);
    expect(config.quicksightDatasetIds).toEqual([]);
    expect(config.quicksight).toEqual({
      enabled: false,
      principalArns: ['arn:aws:quicksight:us-east-1:111122223333:user/default/kiro-admin'],
      datasetIdPrefix: 'kiro-activity',
      refreshLookbackDays: 7,
    });
    expect(config.lakeFormation).toEqual({ enabled: false, adminRoleArn: 'arn:aws:iam::111122223333:role/DataLakeAdmin' });
  });

  it('fills every optional field with the documented default', () => {
    // Act
    const config = validateConfig(minimalConfig(), 'minimal.json');

    // Assess
    expect(config.report.accountId).toBeUndefined();
    expect(config.report.analyticLogsFolder).toBe('KiroLogs');
    expect(config.scheduleUtc).toBe('03:00');
    expect(config.glueDatabase).toBe('kiro_activity');
    expect(config.pricing.overagePricePerCredit).toBe(0.04);
    expect(Object.keys(config.pricing.tiers)).toEqual(['FREE', 'PRO', 'PRO_PLUS', 'PRO_MAX', 'POWER']);
    expect(config.spikes).toEqual({ minOverageCredits: 100, multipleOfTrailingAverage: 3, trailingDays: 14, teamDailyOverageUsd: 50 });
    expect(config.staleAfterDays).toBe(3);
    expect(config.users).toEqual({ nameRefreshDays: 30, nameRefreshBatchSize: 200, resolveBatchSize: 500, describeConcurrency: 5 });
    expect(config.pricing.creditsUsedIncludesOverage).toBe(true);
    expect(config.people).toEqual({
      inactiveAfterDays: 14,
      trailingDays: 30,
      activityScore: { messageWeight: 1, conversationWeight: 10, codeLinesDivisor: 10 },
      usageCategories: { light: 100, moderate: 1000, heavy: 5000 },
    });
    expect(config.logRetentionDays).toBe(90);
    expect(config.athenaResultsExpiryDays).toBe(30);
    expect(config.quicksight).toEqual({ enabled: false, principalArns: [], datasetIdPrefix: 'kiro-activity', refreshLookbackDays: 7 });
    expect(config.lakeFormation).toEqual({ enabled: false });
  });

  it('reads QuickSight users and groups and the Lake Formation admin role', () => {
    // Prepare
    const principalArns = [
      'arn:aws:quicksight:us-east-1:123456789012:user/default/ana.example',
      'arn:aws:quicksight:us-east-1:123456789012:user/default/AdminRole/ana@example.com',
      'arn:aws:quicksight:eu-west-1:123456789012:group/default/kiro-admins',
    ];
    const raw = { ...minimalConfig(), quicksight: { enabled: true, principalArns }, lakeFormation: { enabled: true } };

    // Act
    const config = validateConfig(raw, 'quicksight.json');

    // Assess
    expect(config.quicksight).toEqual({ enabled: true, principalArns, datasetIdPrefix: 'kiro-activity', refreshLookbackDays: 7 });
    expect(config.lakeFormation).toEqual({ enabled: true });
  });

  it('reads the people section, each field defaulting separately', () => {
    // Prepare
    const raw = {
      ...minimalConfig(),
      pricing: { creditsUsedIncludesOverage: false },
      people: { inactiveAfterDays: 7, activityScore: { conversationWeight: 5 }, usageCategories: { light: 50, moderate: 500, heavy: 2000 } },
    };

    // Act
    const config = validateConfig(raw, 'people.json');

    // Assess
    expect(config.pricing.creditsUsedIncludesOverage).toBe(false);
    expect(config.pricing.tiers['PRO']).toEqual({ monthlyPriceUsd: 20, includedCredits: 1000, allowsOverage: true });
    expect(config.people).toEqual({
      inactiveAfterDays: 7,
      trailingDays: 30,
      activityScore: { messageWeight: 1, conversationWeight: 5, codeLinesDivisor: 10 },
      usageCategories: { light: 50, moderate: 500, heavy: 2000 },
    });
  });

  it('accepts an empty prefix and strips slashes around a prefix', () => {
    // Prepare
    const atRoot = { ...minimalConfig(), report: { bucket: 'acme-kiro-reports', prefix: '' } };
    const slashed = { ...minimalConfig(), report: { bucket: 'acme-kiro-reports', prefix: '/kiro/reports/' } };

    // Act
    const rootConfig = validateConfig(atRoot, 'root.json');
    const slashedConfig = validateConfig(slashed, 'slashed.json');

    // Assess
    expect(rootConfig.report.prefix).toBe('');
    expect(slashedConfig.report.prefix).toBe('kiro/reports');
  });

  it.each([
    ['report.bucket', (c: any) => (c.report.bucket = 'Not_A_Bucket'), 'report.bucket: expected an S3 bucket name'],
    ['report.bucket (missing)', (c: any) => delete c.report.bucket, 'report.bucket: expected an S3 bucket name'],
    ['report.prefix (missing)', (c: any) => delete c.report.prefix, 'report.prefix: expected the S3 key prefix'],
    ['report.accountId', (c: any) => (c.report.accountId = '1234'), 'report.accountId: expected a 12-digit AWS account id'],
    ['report.logsFolder', (c: any) => (c.report.logsFolder = 'Logs'), 'report.logsFolder: expected KiroLogs or QDeveloperLogs'],
    ['report.analyticLogsFolder', (c: any) => (c.report.analyticLogsFolder = 'x'), 'report.analyticLogsFolder: expected KiroLogs or QDeveloperLogs'],
    ['report', (c: any) => (c.report = 'bucket'), 'report: expected an object'],
    ['identityStoreId', (c: any) => (c.identityStoreId = 'store-1'), 'identityStoreId: expected d-xxxxxxxxxx'],
    ['alertEmails (empty)', (c: any) => (c.alertEmails = []), 'alertEmails: expected a non-empty list of e-mail addresses'],
    ['alertEmails[1]', (c: any) => (c.alertEmails = ['ops@example.com', 'not-an-email']), 'alertEmails[1]: expected an e-mail address'],
    ['scheduleUtc', (c: any) => (c.scheduleUtc = '3am'), 'scheduleUtc: expected HH:MM'],
    ['scheduleUtc (24:00)', (c: any) => (c.scheduleUtc = '24:00'), 'scheduleUtc: expected HH:MM'],
    ['glueDatabase', (c: any) => (c.glueDatabase = 'Kiro-Activity'), 'glueDatabase: expected a Glue database name'],
    ['pricing.overagePricePerCredit', (c: any) => (c.pricing = { overagePricePerCredit: -1 }), 'pricing.overagePricePerCredit: expected a number >= 0'],
    [
      'pricing.tiers.PRO.monthlyPriceUsd',
      (c: any) => (c.pricing = { tiers: { PRO: { monthlyPriceUsd: -20, includedCredits: 1000 } } }),
      'pricing.tiers.PRO.monthlyPriceUsd: expected a number >= 0',
    ],
    [
      'pricing.tiers.PRO.includedCredits',
      (c: any) => (c.pricing = { tiers: { PRO: { monthlyPriceUsd: 20 } } }),
      'pricing.tiers.PRO.includedCredits: expected a number >= 0',
    ],
    [
      'pricing.tiers.FREE.allowsOverage',
      (c: any) => (c.pricing = { tiers: { FREE: { monthlyPriceUsd: 0, includedCredits: 50, allowsOverage: 'no' } } }),
      'pricing.tiers.FREE.allowsOverage: expected true or false',
    ],
    ['spikes.trailingDays', (c: any) => (c.spikes = { trailingDays: 1.5 }), 'spikes.trailingDays: expected an integer >= 1'],
    ['spikes.multipleOfTrailingAverage', (c: any) => (c.spikes = { multipleOfTrailingAverage: 0.5 }), 'spikes.multipleOfTrailingAverage: expected a number >= 1'],
    ['pricing.creditsUsedIncludesOverage', (c: any) => (c.pricing = { creditsUsedIncludesOverage: 'yes' }), 'pricing.creditsUsedIncludesOverage: expected true or false'],
    ['pricing.tiers (empty)', (c: any) => (c.pricing = { tiers: {} }), 'pricing.tiers: expected at least one tier'],
    ['people', (c: any) => (c.people = 14), 'people: expected an object'],
    ['people.inactiveAfterDays', (c: any) => (c.people = { inactiveAfterDays: 0 }), 'people.inactiveAfterDays: expected an integer >= 1'],
    ['people.trailingDays', (c: any) => (c.people = { trailingDays: 7.5 }), 'people.trailingDays: expected an integer >= 1'],
    ['people.activityScore.codeLinesDivisor', (c: any) => (c.people = { activityScore: { codeLinesDivisor: 0 } }), 'people.activityScore.codeLinesDivisor: expected a number >= 1'],
    ['people.activityScore.messageWeight', (c: any) => (c.people = { activityScore: { messageWeight: -1 } }), 'people.activityScore.messageWeight: expected a number >= 0'],
    ['people.usageCategories.heavy', (c: any) => (c.people = { usageCategories: { heavy: '5000' } }), 'people.usageCategories.heavy: expected an integer >= 1'],
    [
      'people.usageCategories (order)',
      (c: any) => (c.people = { usageCategories: { light: 100, moderate: 50, heavy: 5000 } }),
      'people.usageCategories: expected light < moderate < heavy, got 100, 50, 5000',
    ],
    ['people (unknown field)', (c: any) => (c.people = { inactiveDays: 7 }), 'people.inactiveDays: unknown field'],
    ['staleAfterDays', (c: any) => (c.staleAfterDays = 0), 'staleAfterDays: expected an integer >= 1'],
    ['users.resolveBatchSize', (c: any) => (c.users = { resolveBatchSize: '500' }), 'users.resolveBatchSize: expected an integer >= 1'],
    ['quicksightDatasetIds[0]', (c: any) => (c.quicksightDatasetIds = ['bad id!']), 'quicksightDatasetIds[0]: expected a QuickSight dataset id'],
    [
      'quicksight.principalArns (empty when enabled)',
      (c: any) => (c.quicksight = { enabled: true, principalArns: [] }),
      'quicksight.principalArns: expected at least one QuickSight user or group ARN',
    ],
    [
      'quicksight.principalArns (missing when enabled)',
      (c: any) => (c.quicksight = { enabled: true }),
      'quicksight.principalArns: expected at least one QuickSight user or group ARN (arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<name>',
    ],
    [
      'quicksight.principalArns[1]',
      (c: any) => (c.quicksight = { enabled: true, principalArns: ['arn:aws:quicksight:us-east-1:123456789012:user/default/ana', 'arn:aws:iam::123456789012:user/ana'] }),
      'quicksight.principalArns[1]: expected a QuickSight user or group ARN',
    ],
    [
      'quicksight.principalArns[0] (even when off)',
      (c: any) => (c.quicksight = { enabled: false, principalArns: ['kiro-admin'] }),
      'quicksight.principalArns[0]: expected a QuickSight user or group ARN',
    ],
    ['quicksight.principalArns (not a list)', (c: any) => (c.quicksight = { enabled: false, principalArns: 'ana' }), 'quicksight.principalArns: expected a list of QuickSight'],
    ['quicksight.enabled', (c: any) => (c.quicksight = { principalArns: [] }), 'quicksight.enabled: expected true or false'],
    ['quicksight.datasetIdPrefix', (c: any) => (c.quicksight = { enabled: false, datasetIdPrefix: 'kiro activity' }), 'quicksight.datasetIdPrefix: expected 1-64 letters'],
    ['quicksight.refreshLookbackDays', (c: any) => (c.quicksight = { enabled: false, refreshLookbackDays: 0 }), 'quicksight.refreshLookbackDays: expected an integer >= 1'],
    ['quicksight (unknown field)', (c: any) => (c.quicksight = { enabled: false, principals: [] }), 'quicksight.principals: unknown field'],
    ['lakeFormation.enabled', (c: any) => (c.lakeFormation = { enabled: 'yes' }), 'lakeFormation.enabled: expected true or false'],
    ['lakeFormation.adminRoleArn', (c: any) => (c.lakeFormation = { enabled: true, adminRoleArn: 'DataLakeAdmin' }), 'lakeFormation.adminRoleArn: expected an IAM role ARN'],
    ['lakeFormation', (c: any) => (c.lakeFormation = true), 'lakeFormation: expected an object'],
    ['logRetentionDays', (c: any) => (c.logRetentionDays = 42), 'logRetentionDays: expected one of the CloudWatch Logs retention periods'],
    ['athenaResultsExpiryDays', (c: any) => (c.athenaResultsExpiryDays = 0), 'athenaResultsExpiryDays: expected an integer >= 1'],
    ['unknown field', (c: any) => (c.scheduleUTC = '03:00'), 'scheduleUTC: unknown field'],
  ])('names %s when it is invalid', (_field, breakIt, expected) => {
    // Prepare
    const raw = minimalConfig();
    breakIt(raw);

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('reports every problem at once, each prefixed with config: in the message', () => {
    // Prepare
    const raw = { ...minimalConfig(), identityStoreId: 'x', scheduleUtc: '25:00', alertEmails: ['a@b.c', 'nope'] };

    // Act
    const act = (): unknown => validateConfig(raw, 'several.json');

    // Assess
    expect(act).toThrowError(ConfigError);
    expect(act).toThrowError(/several\.json/);
    expect(problemsOf(raw)).toEqual([
      expect.stringContaining('identityStoreId:'),
      expect.stringContaining('alertEmails[1]:'),
      expect.stringContaining('scheduleUtc:'),
    ]);
    expect(act).toThrowError(/config: identityStoreId: expected/);
  });

  it('names the unknown keys of an object before the problems inside it', () => {
    // Prepare
    const raw = { ...minimalConfig(), spikes: { trailingDays: 0, floor: 1 }, scheduleUTC: '03:00', identityStoreId: 'x' };

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^scheduleUTC: unknown field \(expected one of report, identityStoreId, /),
      expect.stringMatching(/^identityStoreId: expected/),
      'spikes.floor: unknown field (expected one of minOverageCredits, multipleOfTrailingAverage, trailingDays, teamDailyOverageUsd)',
      'spikes.trailingDays: expected an integer >= 1',
    ]);
  });
});

describe('choosing and reading the config file', () => {
  function projectWith(files: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'kiro-config-'));
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return dir;
  }

  it('uses the example, and warns, when there is no local config', () => {
    // Prepare
    const dir = projectWith({ [EXAMPLE_CONFIG_FILE]: minimalConfig() });
    const warnings: string[] = [];

    // Act
    const config = loadConfig(dir, undefined, (message) => warnings.push(message));

    // Assess
    expect(config.report.bucket).toBe('acme-kiro-reports');
    expect(warnings).toEqual([expect.stringContaining(`using the example ${EXAMPLE_CONFIG_FILE}`)]);
  });

  it('prefers pipeline.config.json over the example, without a warning', () => {
    // Prepare
    const local = { ...minimalConfig(), report: { bucket: 'local-bucket', prefix: 'p' } };
    const dir = projectWith({ [EXAMPLE_CONFIG_FILE]: minimalConfig(), [LOCAL_CONFIG_FILE]: local });
    const warnings: string[] = [];

    // Act
    const config = loadConfig(dir, undefined, (message) => warnings.push(message));

    // Assess
    expect(config.report.bucket).toBe('local-bucket');
    expect(warnings).toEqual([]);
  });

  it('lets the config context path win over pipeline.config.json', () => {
    // Prepare
    const other = { ...minimalConfig(), report: { bucket: 'context-bucket', prefix: 'p' } };
    const dir = projectWith({ [LOCAL_CONFIG_FILE]: minimalConfig(), 'other.json': other });

    // Act
    const source = chooseConfigFile(dir, 'other.json');
    const config = loadConfig(dir, 'other.json', () => undefined);

    // Assess
    expect(source).toEqual({ path: join(dir, 'other.json'), isExample: false });
    expect(config.report.bucket).toBe('context-bucket');
  });

  it('says clearly when the named file is missing', () => {
    // Prepare
    const dir = projectWith({});

    // Act
    const act = (): unknown => loadConfig(dir, 'missing.json', () => undefined);

    // Assess
    expect(act).toThrowError(ConfigError);
    expect(act).toThrowError(/missing\.json[\s\S]*file not found: create pipeline\.config\.json/);
  });

  it('says clearly when the file is not JSON', () => {
    // Prepare
    const dir = projectWith({ [LOCAL_CONFIG_FILE]: '{ "report": ' });

    // Act
    const act = (): unknown => loadConfig(dir, undefined, () => undefined);

    // Assess
    expect(act).toThrowError(/config: not valid JSON/);
  });
});
