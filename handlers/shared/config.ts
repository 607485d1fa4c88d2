/**
 * The pipeline configuration as one Zod schema: its types, its validation and every default.
 * Read once at synth time (and by the local run), so that `cdk synth` stops with one message
 * naming every invalid field instead of deploying a broken pipeline. The sections shared with
 * the handlers are the settings schemas of `settings.ts`, with the defaults added here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LOGS_FOLDERS } from './report-format.js';
import {
  ActivityScoreSettingsSchema,
  AllowanceSettingsSchema,
  AtRiskSettingsSchema,
  BudgetSettingsSchema,
  EngagementSettingsSchema,
  PeopleSettingsSchema,
  PipelineSettingsSchema,
  PricingSettingsSchema,
  SpikeSettingsSchema,
  TierPriceSchema,
  UsageCategorySettingsSchema,
  UserResolutionSettingsSchema,
  atLeast,
  fallingSegments,
  flag,
  matching,
  problemLines,
  risingCategories,
  section,
  tierTable,
} from './settings.js';

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

const logsFolder = () => z.enum(LOGS_FOLDERS, { error: LOGS_FOLDERS.join(' or ') });

/** Where Kiro writes the reports: the customer's bucket, read only. */
const ReportLocationSchema = section({
  bucket: matching(/^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)'),
  /** Prefix set in Kiro's settings ("" for the bucket root). */
  prefix: matching(/^[A-Za-z0-9!_.*'()/-]*$/, 'the S3 key prefix set in Kiro ("" for none; letters, digits, / and !_.*\'()-)'),
  /** Account in the `AWSLogs/<account>/` path; undefined means the deploying account. */
  accountId: matching(/^\d{12}$/, 'a 12-digit AWS account id').optional(),
  /** Folder of `user_report`: `KiroLogs` or `QDeveloperLogs`. */
  logsFolder: logsFolder().default('KiroLogs'),
  /** Folder of `by_user_analytic`; the folder of `user_report` when not set. */
  analyticLogsFolder: logsFolder().optional(),
}).transform(({ prefix, analyticLogsFolder, ...location }) => ({
  ...location,
  // Kiro's setting may be written with slashes around it; the S3 paths are built without them.
  prefix: prefix.replace(/^\/+|\/+$/g, ''),
  analyticLogsFolder: analyticLogsFolder ?? location.logsFolder,
}));
/** Where Kiro writes the reports, with the prefix trimmed and both logs folders set. */
export type ReportLocation = z.output<typeof ReportLocationSchema>;

const tier = TierPriceSchema.shape;
const pricing = PricingSettingsSchema.shape;
const spikes = SpikeSettingsSchema.shape;
const users = UserResolutionSettingsSchema.shape;
const people = PeopleSettingsSchema.shape;
const score = ActivityScoreSettingsSchema.shape;
const categories = UsageCategorySettingsSchema.shape;
const settings = PipelineSettingsSchema.shape;

/** The public list prices (docs/report-format.md), used when the config names no tiers. */
const LIST_PRICES = {
  FREE: { monthlyPriceUsd: 0, includedCredits: 50, allowsOverage: false },
  PRO: { monthlyPriceUsd: 20, includedCredits: 1000, allowsOverage: true },
  PRO_PLUS: { monthlyPriceUsd: 40, includedCredits: 2000, allowsOverage: true },
  PRO_MAX: { monthlyPriceUsd: 100, includedCredits: 5000, allowsOverage: true },
  POWER: { monthlyPriceUsd: 200, includedCredits: 10000, allowsOverage: true },
};

// Sections are optional and each of their fields defaults separately: `.prefault({})` parses an
// absent section as an empty one, so the field defaults below fill it.
const PricingConfigSchema = PricingSettingsSchema.extend({
  overagePricePerCredit: pricing.overagePricePerCredit.default(0.04),
  // What the sample generator simulates; the vendor has not said.
  creditsUsedIncludesOverage: pricing.creditsUsedIncludesOverage.default(true),
  // What the sample generator simulates; the vendor's column table leaves it open.
  overageCreditsUsed: pricing.overageCreditsUsed.default('daily'),
  tiers: tierTable(
    // Only a tier that says so stops at its allowance (FREE); paid tiers can buy overage.
    TierPriceSchema.extend({ allowsOverage: tier.allowsOverage.default(true) }),
  ).default(() => structuredClone(LIST_PRICES)),
}).prefault({});

const SpikesConfigSchema = SpikeSettingsSchema.extend({
  minOverageCredits: spikes.minOverageCredits.default(100),
  multipleOfTrailingAverage: spikes.multipleOfTrailingAverage.default(3),
  trailingDays: spikes.trailingDays.default(14),
  teamDailyOverageUsd: spikes.teamDailyOverageUsd.default(50),
}).prefault({});

const UsersConfigSchema = UserResolutionSettingsSchema.extend({
  nameRefreshDays: users.nameRefreshDays.default(30),
  nameRefreshBatchSize: users.nameRefreshBatchSize.default(200),
  resolveBatchSize: users.resolveBatchSize.default(500),
  describeConcurrency: users.describeConcurrency.default(5),
}).prefault({});

const PeopleConfigSchema = PeopleSettingsSchema.extend({
  inactiveAfterDays: people.inactiveAfterDays.default(14),
  trailingDays: people.trailingDays.default(30),
  activityScore: ActivityScoreSettingsSchema.extend({
    messageWeight: score.messageWeight.default(1),
    conversationWeight: score.conversationWeight.default(10),
    codeLinesDivisor: score.codeLinesDivisor.default(10),
  }).prefault({}),
  usageCategories: risingCategories(
    section({
      light: categories.light.default(100),
      moderate: categories.moderate.default(1000),
      heavy: categories.heavy.default(5000),
    }),
  ).prefault({}),
}).prefault({});

const budget = BudgetSettingsSchema.shape;
const allowance = AllowanceSettingsSchema.shape;
const atRisk = AtRiskSettingsSchema.shape;

const BudgetConfigSchema = BudgetSettingsSchema.extend({
  forecastStepShare: budget.forecastStepShare.default(0.1),
  reminderDay: budget.reminderDay.default(15),
}).prefault({});

const AllowanceConfigSchema = AllowanceSettingsSchema.extend({
  thresholds: allowance.thresholds.default(() => [0.8, 1]),
  projectedThreshold: allowance.projectedThreshold.default(1),
}).prefault({});

const EngagementConfigSchema = EngagementSettingsSchema.extend({
  segments: fallingSegments(
    section({
      power: atLeast(1, true).default(20),
      active: atLeast(1, true).default(8),
      light: atLeast(1, true).default(1),
    }),
  ).prefault({}),
  atRisk: AtRiskSettingsSchema.extend({
    dropShare: atRisk.dropShare.default(0.5),
    minMessagesLastWeek: atRisk.minMessagesLastWeek.default(20),
  }).prefault({}),
}).prefault({});

const PRINCIPAL_ARN = 'QuickSight user or group ARN';
const PRINCIPAL_FORM = '(arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<name>, or group/…)';

/** QuickSight deployed with the stack: data source, SPICE datasets, analysis and dashboard. */
const QuickSightConfigSchema = section({
  /** Off (the default) deploys no QuickSight resource at all. */
  enabled: flag(),
  /** QuickSight users and groups that own every deployed asset (required when enabled). */
  principalArns: z
    .array(matching(/^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/[\w.-]+\/\S+$/, `a ${PRINCIPAL_ARN} ${PRINCIPAL_FORM}`), {
      error: `a list of ${PRINCIPAL_ARN}s ${PRINCIPAL_FORM}`,
    })
    .default([]),
  /** Start of every asset id: `<prefix>-<dataset>`, `<prefix>-analysis`, `<prefix>-dashboard`. */
  datasetIdPrefix: matching(/^[\w-]{1,64}$/, '1-64 letters, digits, _ and -').default('kiro-activity'),
  /**
   * Days a daily dataset's incremental SPICE refresh imports again (its look-back window on
   * `report_date`): the vendor re-exports a day within this many days; older days stay as imported.
   */
  refreshLookbackDays: atLeast(1, true).default(7),
})
  .superRefine(({ enabled, principalArns }, ctx) => {
    // Assets nobody may open would be deployed in vain: at least one owner is needed.
    if (enabled && principalArns.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['principalArns'],
        message: `at least one ${PRINCIPAL_ARN} ${PRINCIPAL_FORM} when quicksight.enabled is true`,
      });
    }
  })
  .prefault({ enabled: false });
/** QuickSight deployed with the stack: data source, SPICE datasets, analysis and dashboard. */
export type QuickSightConfig = z.output<typeof QuickSightConfigSchema>;

/** Lake Formation grants on the pipeline's database, for accounts where Lake Formation governs the catalog. */
const LakeFormationConfigSchema = section({
  /** Off (the default) deploys no grant; on, every role that reads or writes the database gets one. */
  enabled: flag(),
  /** A role (e.g. the data lake admins' or analysts') given every permission on the database and its tables. */
  adminRoleArn: matching(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN (arn:aws:iam::<account>:role/<name>)').optional(),
}).prefault({ enabled: false });
/** Lake Formation grants on the pipeline's database. */
export type LakeFormationConfig = z.output<typeof LakeFormationConfigSchema>;

/** An integer from `min` to `max`; `why` says where the bounds come from. */
function integerFrom(min: number, max: number, why: string): z.ZodNumber {
  const expected = `an integer from ${min} to ${max} (${why})`;
  return z.number({ error: expected }).refine((value) => Number.isInteger(value) && value >= min && value <= max, { error: expected });
}

/** The "did not run" alarm: no successful execution in this many hours alerts the topic. */
const AlarmsConfigSchema = section({
  // One-hour periods: CloudWatch evaluates at most 7 days (168 periods); under 25 hours a daily run that ends later than the day before would alarm.
  didNotRunHours: integerFrom(25, 168, 'more than a day, at most 7 days').default(26),
}).prefault({});
/** The CloudWatch alarms beyond the failure alarm. */
export type AlarmsConfig = z.output<typeof AlarmsConfigSchema>;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The alerts delivered to chat through AWS Chatbot (Amazon Q Developer in chat applications), a
 * channel configuration subscribed to the alert topic each. The ids are those the Chatbot console
 * shows once the workspace or team is authorised there (a one-time step no stack can do).
 */
const ChatConfigSchema = section({
  /** A Slack channel: AWS::Chatbot::SlackChannelConfiguration's SlackWorkspaceId and SlackChannelId. */
  slack: section({
    workspaceId: matching(/^[0-9A-Z]{1,255}$/, 'a Slack workspace id (upper-case letters and digits, e.g. T0123ABCD45)'),
    channelId: matching(/^[A-Za-z0-9]{1,255}$/, 'a Slack channel id (letters and digits, e.g. C0123ABCD45)'),
  }).optional(),
  /** A Microsoft Teams channel: AWS::Chatbot::MicrosoftTeamsChannelConfiguration's TeamId, TeamsChannelId and TeamsTenantId. */
  teams: section({
    teamId: matching(UUID, 'a Microsoft Teams team id (a UUID)'),
    channelId: matching(/^([\w=+/.,-])*%3[aA]([\w=+/.,-])*%40([\w=+/.,-])*$/, 'a URL-encoded Microsoft Teams channel id (19%3a…%40thread.tacv2)'),
    tenantId: matching(UUID, 'a Microsoft Entra tenant id (a UUID)'),
  }).optional(),
}).prefault({});
/** Chat channels the alerts go to. */
export type ChatConfig = z.output<typeof ChatConfigSchema>;

/** How long an execution waits for an earlier one of the same state machine to end before it gives up. */
const OverlapConfigSchema = section({
  // Checked once a minute; the execution timeout grows by the same amount.
  waitMinutes: integerFrom(1, 120, 'minutes, checked once a minute').default(60),
}).prefault({});
/** Waiting for an earlier execution. */
export type OverlapConfig = z.output<typeof OverlapConfigSchema>;

// CloudWatch Logs accepts only these retention periods.
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The config file: what `pipeline.config.json` may hold, with the default of every optional field. */
export const PipelineConfigSchema = section({
  report: ReportLocationSchema,
  identityStoreId: settings.identityStoreId,
  alertEmails: z
    .array(matching(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address'), { error: 'a non-empty list of e-mail addresses' })
    .min(1, { error: 'a non-empty list of e-mail addresses' }),
  /** Daily start time, `HH:MM` UTC. */
  scheduleUtc: matching(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (UTC, 00:00-23:59)').default('03:00'),
  glueDatabase: settings.glueDatabase.default('kiro_activity'),
  pricing: PricingConfigSchema,
  spikes: SpikesConfigSchema,
  staleAfterDays: settings.staleAfterDays.default(3),
  users: UsersConfigSchema,
  people: PeopleConfigSchema,
  budget: BudgetConfigSchema,
  allowance: AllowanceConfigSchema,
  engagement: EngagementConfigSchema,
  teams: settings.teams,
  licensedGroups: settings.licensedGroups.default([]),
  /** Extra SPICE datasets the daily run refreshes, beside those of {@link QuickSightConfig}. */
  quicksightDatasetIds: settings.quicksightDatasetIds.default([]),
  quicksight: QuickSightConfigSchema,
  lakeFormation: LakeFormationConfigSchema,
  alarms: AlarmsConfigSchema,
  overlap: OverlapConfigSchema,
  chat: ChatConfigSchema,
  logRetentionDays: z
    .literal(LOG_RETENTION_DAYS, { error: `one of the CloudWatch Logs retention periods (${LOG_RETENTION_DAYS.join(', ')})` })
    .default(90),
  athenaResultsExpiryDays: atLeast(1, true).default(30),
}).superRefine(({ licensedGroups, pricing }, ctx) => {
  // A seat is priced by its tier: a tier without a price would leave the seat views unpriced.
  const tiers = Object.keys(pricing.tiers);
  licensedGroups.forEach(({ tier }, index) => {
    // A misspelt name is already reported by the name's own check.
    if (/^[A-Z][A-Z0-9_]*$/.test(tier) && !tiers.includes(tier)) {
      ctx.addIssue({ code: 'custom', path: ['licensedGroups', index, 'tier'], message: `a tier of pricing.tiers (${tiers.join(', ')}), got "${tier}"` });
    }
  });
});
/** The validated configuration with every default applied. */
export type PipelineConfig = z.output<typeof PipelineConfigSchema>;

/**
 * Validates a parsed config and applies the defaults. Throws a {@link ConfigError} listing
 * every problem; `source` names the file in that message.
 */
export function validateConfig(raw: unknown, source: string): PipelineConfig {
  const result = PipelineConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(source, problemLines(result.error));
  }
  return result.data;
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
 * The config of this synth or local run: see {@link chooseConfigFile}. `warn` is told when the
 * example is used, since deploying it would point the pipeline at a bucket that is not yours.
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
