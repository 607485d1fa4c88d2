/**
 * The pipeline configuration: read once at synth time, validated by hand so that `cdk synth`
 * stops with one message naming every invalid field instead of deploying a broken pipeline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOGS_FOLDERS, type LogsFolder } from '../handlers/shared/report-format.js';
import type { PeopleSettings, PricingSettings, SpikeSettings, UserResolutionSettings } from '../handlers/shared/settings.js';

/** Where Kiro writes the reports: the customer's bucket, read only. */
export interface ReportLocation {
  bucket: string;
  /** Prefix set in Kiro's settings, without leading or trailing `/` ("" for the bucket root). */
  prefix: string;
  /** Account in the `AWSLogs/<account>/` path; undefined means the deploying account. */
  accountId?: string;
  /** Folder of `user_report`: `KiroLogs` or `QDeveloperLogs`. */
  logsFolder: LogsFolder;
  /** Folder of `by_user_analytic`. */
  analyticLogsFolder: LogsFolder;
}


/** The validated configuration with every default applied. */
export interface PipelineConfig {
  report: ReportLocation;
  identityStoreId: string;
  alertEmails: string[];
  /** Daily start time, `HH:MM` UTC. */
  scheduleUtc: string;
  glueDatabase: string;
  pricing: PricingSettings;
  spikes: SpikeSettings;
  staleAfterDays: number;
  users: UserResolutionSettings;
  people: PeopleSettings;
  /** Extra SPICE datasets the daily run refreshes, beside those of {@link QuickSightConfig}. */
  quicksightDatasetIds: string[];
  quicksight: QuickSightConfig;
  lakeFormation: LakeFormationConfig;
  logRetentionDays: number;
  athenaResultsExpiryDays: number;
}

/** QuickSight deployed with the stack: data source, SPICE datasets, analysis and dashboard. */
export interface QuickSightConfig {
  /** Off (the default) deploys no QuickSight resource at all. */
  enabled: boolean;
  /** QuickSight users and groups that own every deployed asset (required when enabled). */
  principalArns: string[];
  /** Start of every asset id: `<prefix>-<dataset>`, `<prefix>-analysis`, `<prefix>-dashboard`. */
  datasetIdPrefix: string;
}

/** Lake Formation grants on the pipeline's database, for accounts where Lake Formation governs the catalog. */
export interface LakeFormationConfig {
  /** Off (the default) deploys no grant; on, every role that reads or writes the database gets one. */
  enabled: boolean;
  /** A role (e.g. the data lake admins' or analysts') given every permission on the database and its tables. */
  adminRoleArn?: string;
}

/** File read when present; git-ignored because it names the customer's resources. */
export const LOCAL_CONFIG_FILE = 'pipeline.config.json';
/** Committed example, used (with a warning) when nothing else is configured. */
export const EXAMPLE_CONFIG_FILE = 'pipeline.config.example.json';
/** CDK context key naming another config file (`-c config=path`). */
export const CONFIG_CONTEXT_KEY = 'config';

/** Thrown when the config is missing, unreadable or invalid; the message lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid pipeline config (${source}):\n${problems.map((problem) => `  config: ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Public list prices (docs/report-format.md); the config may override each tier. */
const DEFAULT_PRICING: PricingSettings = {
  overagePricePerCredit: 0.04,
  // What the sample generator simulates; the vendor has not said.
  creditsUsedIncludesOverage: true,
  tiers: {
    FREE: { monthlyPriceUsd: 0, includedCredits: 50, allowsOverage: false },
    PRO: { monthlyPriceUsd: 20, includedCredits: 1000, allowsOverage: true },
    PRO_PLUS: { monthlyPriceUsd: 40, includedCredits: 2000, allowsOverage: true },
    PRO_MAX: { monthlyPriceUsd: 100, includedCredits: 5000, allowsOverage: true },
    POWER: { monthlyPriceUsd: 200, includedCredits: 10000, allowsOverage: true },
  },
};
const DEFAULT_SPIKES: SpikeSettings = { minOverageCredits: 100, multipleOfTrailingAverage: 3, trailingDays: 14, teamDailyOverageUsd: 50 };
const DEFAULT_USERS: UserResolutionSettings = { nameRefreshDays: 30, nameRefreshBatchSize: 200, resolveBatchSize: 500, describeConcurrency: 5 };
const DEFAULT_PEOPLE: PeopleSettings = {
  inactiveAfterDays: 14,
  trailingDays: 30,
  activityScore: { messageWeight: 1, conversationWeight: 10, codeLinesDivisor: 10 },
  usageCategories: { light: 100, moderate: 1000, heavy: 5000 },
};

// CloudWatch Logs accepts only these retention periods.
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9!_.*'()/-]*$/;
const ACCOUNT_ID = /^\d{12}$/;
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
const DATASET_ID = /^[\w-]{1,128}$/;
const ASSET_ID_PREFIX = /^[\w-]{1,64}$/;
const QUICKSIGHT_PRINCIPAL = /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/[\w.-]+\/\S+$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const TIER_NAME = /^[A-Z][A-Z0-9_]*$/;

type Json = Record<string, unknown>;

/** Collects problems while reading one raw value at a time, so all of them are reported at once. */
class Reader {
  readonly problems: string[] = [];

  fail(field: string, expected: string): undefined {
    this.problems.push(`${field}: expected ${expected}`);
    return undefined;
  }

  object(value: unknown, field: string): Json | undefined {
    return isObject(value) ? value : this.fail(field, 'an object');
  }

  string(value: unknown, field: string, pattern: RegExp, expected: string): string | undefined {
    return typeof value === 'string' && pattern.test(value) ? value : this.fail(field, expected);
  }

  boolean(value: unknown, field: string): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(field, 'true or false');
  }

  number(value: unknown, field: string, min: number, integer: boolean): number | undefined {
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value));
    return ok ? value : this.fail(field, `${integer ? 'an integer' : 'a number'} >= ${min}`);
  }

  /** Flags keys the schema does not know: a typo must not silently fall back to a default. */
  noUnknownKeys(value: Json, field: string, known: readonly string[]): void {
    for (const key of Object.keys(value).filter((name) => !known.includes(name))) {
      this.problems.push(`${field ? `${field}.` : ''}${key}: unknown field (expected one of ${known.join(', ')})`);
    }
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional object of numbers, each defaulting separately. */
function readNumbers<T extends { [K in keyof T]: number }>(
  reader: Reader,
  raw: unknown,
  field: string,
  defaults: T,
  rules: Record<keyof T, { min: number; integer: boolean }>,
): T {
  if (raw === undefined) {
    return { ...defaults };
  }
  const value = reader.object(raw, field);
  if (!value) {
    return { ...defaults };
  }
  reader.noUnknownKeys(value, field, Object.keys(defaults));
  const result = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    if (value[key] !== undefined) {
      const rule = rules[key];
      result[key] = (reader.number(value[key], `${field}.${key}`, rule.min, rule.integer) ?? defaults[key]) as T[typeof key];
    }
  }
  return result;
}

function readLogsFolder(reader: Reader, raw: unknown, field: string, fallback: LogsFolder): LogsFolder {
  if (raw === undefined) {
    return fallback;
  }
  return LOGS_FOLDERS.includes(raw as LogsFolder) ? (raw as LogsFolder) : (reader.fail(field, LOGS_FOLDERS.join(' or ')) ?? fallback);
}

function readReport(reader: Reader, raw: unknown): ReportLocation {
  const value = reader.object(raw, 'report');
  if (!value) {
    // One problem for the whole section, not one per missing field inside it.
    return { bucket: '', prefix: '', logsFolder: 'KiroLogs', analyticLogsFolder: 'KiroLogs' };
  }
  reader.noUnknownKeys(value, 'report', ['bucket', 'prefix', 'accountId', 'logsFolder', 'analyticLogsFolder']);
  const bucket = reader.string(value['bucket'], 'report.bucket', BUCKET_NAME, 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)') ?? '';
  const prefix = reader.string(value['prefix'], 'report.prefix', PREFIX, 'the S3 key prefix set in Kiro ("" for none; letters, digits, / and !_.*\'()-)') ?? '';
  const accountId =
    value['accountId'] === undefined ? undefined : reader.string(value['accountId'], 'report.accountId', ACCOUNT_ID, 'a 12-digit AWS account id');
  const logsFolder = readLogsFolder(reader, value['logsFolder'], 'report.logsFolder', 'KiroLogs');
  const analyticLogsFolder = readLogsFolder(reader, value['analyticLogsFolder'], 'report.analyticLogsFolder', logsFolder);
  // Kiro's setting may be written with slashes around it; the S3 paths are built without them.
  const location: ReportLocation = { bucket, prefix: prefix.replace(/^\/+|\/+$/g, ''), logsFolder, analyticLogsFolder };
  return accountId === undefined ? location : { ...location, accountId };
}

function readEmails(reader: Reader, raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    return reader.fail('alertEmails', 'a non-empty list of e-mail addresses') ?? [];
  }
  return raw.flatMap((email, index) => reader.string(email, `alertEmails[${index}]`, EMAIL, 'an e-mail address') ?? []);
}

function readDatasetIds(reader: Reader, raw: unknown): string[] {
  if (raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    return reader.fail('quicksightDatasetIds', 'a list of QuickSight dataset ids') ?? [];
  }
  return raw.flatMap(
    (id, index) => reader.string(id, `quicksightDatasetIds[${index}]`, DATASET_ID, 'a QuickSight dataset id (letters, digits, _ and -)') ?? [],
  );
}

const QUICKSIGHT_DEFAULTS: QuickSightConfig = { enabled: false, principalArns: [], datasetIdPrefix: 'kiro-activity' };
const PRINCIPAL_ARN = 'QuickSight user or group ARN';
const PRINCIPAL_FORM = '(arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<name>, or group/…)';

function readQuickSight(reader: Reader, raw: unknown): QuickSightConfig {
  if (raw === undefined) {
    return { ...QUICKSIGHT_DEFAULTS, principalArns: [] };
  }
  const value = reader.object(raw, 'quicksight') ?? { enabled: false };
  reader.noUnknownKeys(value, 'quicksight', Object.keys(QUICKSIGHT_DEFAULTS));
  const enabled = reader.boolean(value['enabled'], 'quicksight.enabled') ?? false;
  const rawArns = value['principalArns'] ?? [];
  const principalArns = Array.isArray(rawArns)
    ? rawArns.flatMap((arn, index) => reader.string(arn, `quicksight.principalArns[${index}]`, QUICKSIGHT_PRINCIPAL, `a ${PRINCIPAL_ARN} ${PRINCIPAL_FORM}`) ?? [])
    : (reader.fail('quicksight.principalArns', `a list of ${PRINCIPAL_ARN}s ${PRINCIPAL_FORM}`) ?? []);
  if (enabled && Array.isArray(rawArns) && rawArns.length === 0) {
    // Assets nobody may open would be deployed in vain: at least one owner is needed.
    reader.fail('quicksight.principalArns', `at least one ${PRINCIPAL_ARN} ${PRINCIPAL_FORM} when quicksight.enabled is true`);
  }
  const datasetIdPrefix =
    value['datasetIdPrefix'] === undefined
      ? QUICKSIGHT_DEFAULTS.datasetIdPrefix
      : (reader.string(value['datasetIdPrefix'], 'quicksight.datasetIdPrefix', ASSET_ID_PREFIX, '1-64 letters, digits, _ and -') ??
        QUICKSIGHT_DEFAULTS.datasetIdPrefix);
  return { enabled, principalArns, datasetIdPrefix };
}

function readLakeFormation(reader: Reader, raw: unknown): LakeFormationConfig {
  if (raw === undefined) {
    return { enabled: false };
  }
  const value = reader.object(raw, 'lakeFormation') ?? { enabled: false };
  reader.noUnknownKeys(value, 'lakeFormation', ['enabled', 'adminRoleArn']);
  const enabled = reader.boolean(value['enabled'], 'lakeFormation.enabled') ?? false;
  if (value['adminRoleArn'] === undefined) {
    return { enabled };
  }
  const adminRoleArn = reader.string(value['adminRoleArn'], 'lakeFormation.adminRoleArn', IAM_ROLE_ARN, 'an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
  return adminRoleArn === undefined ? { enabled } : { enabled, adminRoleArn };
}

function readPricing(reader: Reader, raw: unknown): PricingSettings {
  if (raw === undefined) {
    return structuredClone(DEFAULT_PRICING);
  }
  const value = reader.object(raw, 'pricing') ?? {};
  reader.noUnknownKeys(value, 'pricing', ['overagePricePerCredit', 'creditsUsedIncludesOverage', 'tiers']);
  const overagePricePerCredit =
    value['overagePricePerCredit'] === undefined
      ? DEFAULT_PRICING.overagePricePerCredit
      : (reader.number(value['overagePricePerCredit'], 'pricing.overagePricePerCredit', 0, false) ?? 0);
  const creditsUsedIncludesOverage =
    value['creditsUsedIncludesOverage'] === undefined
      ? DEFAULT_PRICING.creditsUsedIncludesOverage
      : (reader.boolean(value['creditsUsedIncludesOverage'], 'pricing.creditsUsedIncludesOverage') ?? DEFAULT_PRICING.creditsUsedIncludesOverage);
  if (value['tiers'] === undefined) {
    return { overagePricePerCredit, creditsUsedIncludesOverage, tiers: structuredClone(DEFAULT_PRICING.tiers) };
  }
  const tiers: PricingSettings['tiers'] = {};
  const rawTiers = reader.object(value['tiers'], 'pricing.tiers');
  if (rawTiers && Object.keys(rawTiers).length === 0) {
    // The views price every person by tier; an empty list would leave nothing to price with.
    reader.fail('pricing.tiers', 'at least one tier');
  }
  for (const [name, tier] of Object.entries(rawTiers ?? {})) {
    const field = `pricing.tiers.${name}`;
    if (!TIER_NAME.test(name)) {
      reader.fail(field, 'a tier name in upper snake case, as in the report (e.g. PRO_PLUS)');
    }
    const price = reader.object(tier, field) ?? {};
    reader.noUnknownKeys(price, field, ['monthlyPriceUsd', 'includedCredits', 'allowsOverage']);
    tiers[name] = {
      monthlyPriceUsd: reader.number(price['monthlyPriceUsd'], `${field}.monthlyPriceUsd`, 0, false) ?? 0,
      includedCredits: reader.number(price['includedCredits'], `${field}.includedCredits`, 0, false) ?? 0,
      // Only a tier that says so stops at its allowance (FREE); paid tiers can buy overage.
      allowsOverage: price['allowsOverage'] === undefined ? true : (reader.boolean(price['allowsOverage'], `${field}.allowsOverage`) ?? true),
    };
  }
  return { overagePricePerCredit, creditsUsedIncludesOverage, tiers };
}

function readPeople(reader: Reader, raw: unknown): PeopleSettings {
  if (raw === undefined) {
    return structuredClone(DEFAULT_PEOPLE);
  }
  const value = reader.object(raw, 'people') ?? {};
  reader.noUnknownKeys(value, 'people', Object.keys(DEFAULT_PEOPLE));
  const { activityScore: defaultScore, usageCategories: defaultCategories, ...defaultDays } = DEFAULT_PEOPLE;
  const days = readNumbers(reader, { inactiveAfterDays: value['inactiveAfterDays'], trailingDays: value['trailingDays'] }, 'people', defaultDays, {
    inactiveAfterDays: { min: 1, integer: true },
    trailingDays: { min: 1, integer: true },
  });
  const activityScore = readNumbers(reader, value['activityScore'], 'people.activityScore', defaultScore, {
    messageWeight: { min: 0, integer: false },
    conversationWeight: { min: 0, integer: false },
    codeLinesDivisor: { min: 1, integer: false },
  });
  const usageCategories = readNumbers(reader, value['usageCategories'], 'people.usageCategories', defaultCategories, {
    light: { min: 1, integer: true },
    moderate: { min: 1, integer: true },
    heavy: { min: 1, integer: true },
  });
  if (!(usageCategories.light < usageCategories.moderate && usageCategories.moderate < usageCategories.heavy)) {
    reader.fail('people.usageCategories', `light < moderate < heavy, got ${usageCategories.light}, ${usageCategories.moderate}, ${usageCategories.heavy}`);
  }
  return { ...days, activityScore, usageCategories };
}

function readRetention(reader: Reader, raw: unknown): number {
  if (raw === undefined) {
    return 90;
  }
  return LOG_RETENTION_DAYS.includes(raw as number)
    ? (raw as number)
    : (reader.fail('logRetentionDays', `one of the CloudWatch Logs retention periods (${LOG_RETENTION_DAYS.join(', ')})`) ?? 90);
}

/**
 * Validates a parsed config and applies the defaults of docs/contracts.md. Throws a
 * {@link ConfigError} listing every problem; `source` names the file in that message.
 */
export function validateConfig(raw: unknown, source: string): PipelineConfig {
  const reader = new Reader();
  const value = reader.object(raw, '(root)') ?? {};
  reader.noUnknownKeys(value, '', [
    'report', 'identityStoreId', 'alertEmails', 'scheduleUtc', 'glueDatabase', 'pricing', 'spikes',
    'staleAfterDays', 'users', 'people', 'quicksightDatasetIds', 'quicksight', 'lakeFormation', 'logRetentionDays',
    'athenaResultsExpiryDays',
  ]);
  const optional = <T>(key: string, read: (input: unknown) => T | undefined, fallback: T): T =>
    value[key] === undefined ? fallback : (read(value[key]) ?? fallback);
  const config: PipelineConfig = {
    report: readReport(reader, value['report']),
    identityStoreId: reader.string(value['identityStoreId'], 'identityStoreId', IDENTITY_STORE_ID, 'd-xxxxxxxxxx (d- and 10 hex digits)') ?? '',
    alertEmails: readEmails(reader, value['alertEmails']),
    scheduleUtc: optional('scheduleUtc', (input) => reader.string(input, 'scheduleUtc', HH_MM, 'HH:MM (UTC, 00:00-23:59)'), '03:00'),
    glueDatabase: optional(
      'glueDatabase',
      (input) => reader.string(input, 'glueDatabase', GLUE_NAME, 'a Glue database name (lowercase letters, digits, _)'),
      'kiro_activity',
    ),
    pricing: readPricing(reader, value['pricing']),
    spikes: readNumbers(reader, value['spikes'], 'spikes', DEFAULT_SPIKES, {
      minOverageCredits: { min: 0, integer: false },
      multipleOfTrailingAverage: { min: 1, integer: false },
      trailingDays: { min: 1, integer: true },
      teamDailyOverageUsd: { min: 0, integer: false },
    }),
    staleAfterDays: optional('staleAfterDays', (input) => reader.number(input, 'staleAfterDays', 1, true), 3),
    users: readNumbers(reader, value['users'], 'users', DEFAULT_USERS, {
      nameRefreshDays: { min: 1, integer: true },
      nameRefreshBatchSize: { min: 0, integer: true },
      resolveBatchSize: { min: 1, integer: true },
      describeConcurrency: { min: 1, integer: true },
    }),
    people: readPeople(reader, value['people']),
    quicksightDatasetIds: readDatasetIds(reader, value['quicksightDatasetIds']),
    quicksight: readQuickSight(reader, value['quicksight']),
    lakeFormation: readLakeFormation(reader, value['lakeFormation']),
    logRetentionDays: readRetention(reader, value['logRetentionDays']),
    athenaResultsExpiryDays: optional('athenaResultsExpiryDays', (input) => reader.number(input, 'athenaResultsExpiryDays', 1, true), 30),
  };
  if (reader.problems.length > 0) {
    throw new ConfigError(source, reader.problems);
  }
  return config;
}

/** Which file the config comes from, and whether that is the committed example. */
export interface ConfigSource {
  path: string;
  isExample: boolean;
}

/**
 * Picks the config file: the context path if given, else `pipeline.config.json` if present,
 * else the committed example. Relative paths are resolved against `projectDir`.
 */
export function chooseConfigFile(projectDir: string, contextPath?: string): ConfigSource {
  if (contextPath !== undefined && contextPath !== '') {
    return { path: resolve(projectDir, contextPath), isExample: false };
  }
  const local = resolve(projectDir, LOCAL_CONFIG_FILE);
  return existsSync(local) ? { path: local, isExample: false } : { path: resolve(projectDir, EXAMPLE_CONFIG_FILE), isExample: true };
}

/** Reads, parses and validates one config file; a missing or non-JSON file is a {@link ConfigError}. */
export function readConfigFile(path: string): PipelineConfig {
  if (!existsSync(path)) {
    throw new ConfigError(path, [`file not found: create ${LOCAL_CONFIG_FILE} from ${EXAMPLE_CONFIG_FILE}, or pass -c ${CONFIG_CONTEXT_KEY}=<path>`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return validateConfig(raw, path);
}

/**
 * The config of this synth: see {@link chooseConfigFile}. `warn` is told when the example is
 * used, since deploying it would point the pipeline at a bucket that is not yours.
 */
export function loadConfig(projectDir: string, contextPath: string | undefined, warn: (message: string) => void): PipelineConfig {
  const source = chooseConfigFile(projectDir, contextPath);
  if (source.isExample) {
    warn(
      `No ${LOCAL_CONFIG_FILE} found: using the example ${EXAMPLE_CONFIG_FILE}. ` +
        `Copy it to ${LOCAL_CONFIG_FILE} and set your bucket, identity store and e-mails before deploying.`,
    );
  }
  return readConfigFile(source.path);
}
