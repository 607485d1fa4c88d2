/**
 * Settings every handler reads from the `PIPELINE_SETTINGS` environment variable, as one Zod
 * schema: it gives the types, and {@link parseSettings} validates with it at cold start. The
 * stack builds the settings from the validated config and its own resource names; the local
 * runner builds them from the same config, so handler logic never reads the config file itself.
 * The config schema (`config.ts`) is composed from the pieces here and adds the defaults: the
 * settings themselves have none, since a misconfigured function must fail, not run with guesses.
 */
import * as z from 'zod';

/** Name of the environment variable that carries the settings JSON. */
export const SETTINGS_ENV = 'PIPELINE_SETTINGS';

// Every field schema carries one message saying what it expects, whatever is wrong with the
// value (wrong type, missing, out of range): a problem line reads `<path>: expected <message>`.

/** A string matching `pattern`; any other value is reported as `expected`. */
export function matching(pattern: RegExp, expected: string): z.ZodString {
  return z.string({ error: expected }).regex(pattern, { error: expected });
}

/** A finite number (an integer when `integer`) at least `min`. */
export function atLeast(min: number, integer: boolean): z.ZodNumber {
  const expected = `${integer ? 'an integer' : 'a number'} >= ${min}`;
  // One check for both rules, so a value breaking both is one problem, not two.
  return z.number({ error: expected }).refine((value) => value >= min && (!integer || Number.isInteger(value)), { error: expected });
}

/** `true` or `false`. */
export function flag(): z.ZodBoolean {
  return z.boolean({ error: 'true or false' });
}

/**
 * An object that rejects keys it does not know (a typo must not silently fall back to a
 * default); the problem lists the known keys.
 */
export function section<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `one of ${known}` : 'an object') });
}

/** Tier names as the report's `subscription_tier` spells them. */
const TIER_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Prices by tier name: at least one tier, since the views price every person by tier. */
export function tierTable<Price extends z.ZodType>(price: Price) {
  return z
    .record(z.string().regex(TIER_NAME), price, {
      error: (issue) => (issue.code === 'invalid_key' ? 'a tier name in upper snake case, as in the report (e.g. PRO_PLUS)' : 'an object'),
    })
    .refine((tiers) => Object.keys(tiers).length > 0, { error: 'at least one tier' });
}

/** One tier's list price and allowance. */
export const TierPriceSchema = section({
  /** List price of the tier per user and calendar month, in USD. */
  monthlyPriceUsd: atLeast(0, false),
  /** Credits included in the tier each month. */
  includedCredits: atLeast(0, false),
  /** Whether credits beyond the allowance can be bought as overage (FREE cannot: it stops). */
  allowsOverage: flag(),
});
/** One tier's list price and allowance. */
export type TierPrice = z.output<typeof TierPriceSchema>;

/** The meanings `pricing.overageCreditsUsed` can give the report's `Overage_Credits_Used`. */
export const OVERAGE_CREDITS_USED = ['daily', 'monthToDate'] as const;
/** What the report's `Overage_Credits_Used` holds: see {@link PricingSettingsSchema}. */
export type OverageCreditsUsed = (typeof OVERAGE_CREDITS_USED)[number];

/** Prices from the config; never hard-coded in logic. */
export const PricingSettingsSchema = section({
  overagePricePerCredit: atLeast(0, false),
  /**
   * Whether the report's `Credits_Used` already counts the overage credits (unverified upstream;
   * the sample generator assumes it does). The views read it in one place: `plan_credits`.
   */
  creditsUsedIncludesOverage: flag(),
  /**
   * What the report's `Overage_Credits_Used` holds (unverified upstream): the day's overage
   * (`daily`) or the month's total so far (`monthToDate`). Read once, in `person_daily`, which
   * turns a month-to-date value into the day's; `billing_semantics` checks it against the data.
   */
  overageCreditsUsed: z.enum(OVERAGE_CREDITS_USED, { error: OVERAGE_CREDITS_USED.join(' or ') }),
  tiers: tierTable(TierPriceSchema),
});
/** Prices from the config; never hard-coded in logic. */
export type PricingSettings = z.output<typeof PricingSettingsSchema>;

/** Thresholds of the overage spike alert. */
export const SpikeSettingsSchema = section({
  /** A person's overage credits on the day must reach this floor to count as a spike. */
  minOverageCredits: atLeast(0, false),
  /** ...and be at least this multiple of their own trailing daily average. */
  multipleOfTrailingAverage: atLeast(1, false),
  /** Length of the trailing window, in days before the report date. */
  trailingDays: atLeast(1, true),
  /** The team alerts when the day's total overage cost exceeds this many USD. */
  teamDailyOverageUsd: atLeast(0, false),
});
/** Thresholds of the overage spike alert. */
export type SpikeSettings = z.output<typeof SpikeSettingsSchema>;

/** Weights of `activity_score_30d` = messages × messageWeight + conversations × conversationWeight + AI code lines / codeLinesDivisor. */
export const ActivityScoreSettingsSchema = section({
  messageWeight: atLeast(0, false),
  conversationWeight: atLeast(0, false),
  codeLinesDivisor: atLeast(1, false),
});
/** Weights of `activity_score_30d`: see {@link ActivityScoreSettingsSchema}. */
export type ActivityScoreSettings = z.output<typeof ActivityScoreSettingsSchema>;

/**
 * The usage categories are ranges one above the other: `bounds` with the rule
 * `light < moderate < heavy`, since bounds out of order would leave a category empty.
 */
export function risingCategories<Bounds extends z.ZodType<{ light: number; moderate: number; heavy: number }>>(bounds: Bounds): Bounds {
  return bounds.superRefine(({ light, moderate, heavy }, ctx) => {
    if (!(light < moderate && moderate < heavy)) {
      ctx.addIssue({ code: 'custom', message: `light < moderate < heavy, got ${light}, ${moderate}, ${heavy}` });
    }
  });
}

/** Upper bounds (exclusive) of trailing-window messages for `light`, `moderate` and `heavy`; above is `very_heavy`. */
export const UsageCategorySettingsSchema = risingCategories(
  section({
    light: atLeast(1, true),
    moderate: atLeast(1, true),
    heavy: atLeast(1, true),
  }),
);
/** Upper bounds of the usage categories: see {@link UsageCategorySettingsSchema}. */
export type UsageCategorySettings = z.output<typeof UsageCategorySettingsSchema>;

/** Thresholds of the people analytics views (user_summary, inactive_users, ...). */
export const PeopleSettingsSchema = section({
  /** A person is inactive when their last active day is at least this many days before the newest report day. */
  inactiveAfterDays: atLeast(1, true),
  /** Length of the trailing window, in report days ending at the newest report day. */
  trailingDays: atLeast(1, true),
  activityScore: ActivityScoreSettingsSchema,
  usageCategories: UsageCategorySettingsSchema,
});
/** Thresholds of the people analytics views. */
export type PeopleSettings = z.output<typeof PeopleSettingsSchema>;

/** The team's monthly budget: month_forecast compares the projected month total with it; the forecast alert tells when it is exceeded. */
export const BudgetSettingsSchema = section({
  /** Budget of a calendar month, in USD (subscriptions plus overage); unset: no budget, `budget_usd` is NULL and no forecast alert. */
  monthlyUsd: atLeast(0, false).optional(),
  /** After the first forecast alert of a month, the next one waits until the projection passes the budget by another this share of it. */
  forecastStepShare: atLeast(0.01, false),
  /**
   * Budgets of a calendar month per team, in USD, by the team's name as team_monthly_cost spells
   * it (`unassigned` for the people without a team); the mid-month reminder sets each team's
   * projection against its own. Unset: the reminder shows the projections without budgets.
   */
  teams: z
    .record(
      z.string().refine((name) => name.trim() !== '' && name.length <= 1024, { error: 'a team name' }),
      atLeast(0, false),
      { error: 'an object of team name to USD a month, e.g. {"Platform": 100}' },
    )
    .optional(),
  /**
   * Day of the month from which the mid-month reminder (a `forecast` message with each team's
   * projected month-end cost) is due: sent once a month, by the first run whose newest report day
   * is on or after it. 1-28, so that every month has it.
   */
  reminderDay: z
    .number({ error: 'an integer from 1 to 28 (a day every month has)' })
    .refine((day) => Number.isInteger(day) && day >= 1 && day <= 28, { error: 'an integer from 1 to 28 (a day every month has)' }),
});
/** The team's monthly budget: see {@link BudgetSettingsSchema}. */
export type BudgetSettings = z.output<typeof BudgetSettingsSchema>;

/** Thresholds of plan utilisation (0.8 = 80% of the included credits) that each tell a person's allowance alert, at most once a month each. */
export const AllowanceSettingsSchema = section({
  /** Utilisation so far this month; each threshold alerts once a month. */
  thresholds: z
    .array(atLeast(0.01, false), { error: 'a list of utilisation shares (0.8 = 80%)' })
    .refine((shares) => new Set(shares).size === shares.length, { error: 'distinct utilisation shares' }),
  /** Projected month-end utilisation that alerts once a month. */
  projectedThreshold: atLeast(0.01, false),
});
/** Thresholds of the allowance alert: see {@link AllowanceSettingsSchema}. */
export type AllowanceSettings = z.output<typeof AllowanceSettingsSchema>;

/** Lower bounds (inclusive) of active days in the trailing 30 days for `power`, `active` and `light`: `power > active > light`. */
export function fallingSegments<Bounds extends z.ZodType<{ power: number; active: number; light: number }>>(bounds: Bounds): Bounds {
  return bounds.superRefine(({ power, active, light }, ctx) => {
    if (!(power > active && active > light)) {
      ctx.addIssue({ code: 'custom', message: `power > active > light, got ${power}, ${active}, ${light}` });
    }
  });
}

/** Active-day bounds of the engagement segments: see {@link fallingSegments}. */
export const EngagementSegmentSettingsSchema = fallingSegments(
  section({
    power: atLeast(1, true),
    active: atLeast(1, true),
    light: atLeast(1, true),
  }),
);

/** When weekly_movers flags a person at risk: their messages fell by more than `dropShare` from a last week of at least `minMessagesLastWeek`. */
export const AtRiskSettingsSchema = section({
  dropShare: atLeast(0, false).refine((share) => share < 1, { error: 'a share below 1 (0.5 = 50%)' }),
  minMessagesLastWeek: atLeast(0, true),
});

/** Thresholds of the engagement views (engagement_segments, weekly_movers). */
export const EngagementSettingsSchema = section({
  segments: EngagementSegmentSettingsSchema,
  atRisk: AtRiskSettingsSchema,
});
/** Thresholds of the engagement views. */
export type EngagementSettings = z.output<typeof EngagementSettingsSchema>;

/** The enterprise attributes of Identity Center users that can name a person's team. */
export const TEAM_ATTRIBUTES = ['department', 'costCenter', 'division', 'organization'] as const;
/** One of {@link TEAM_ATTRIBUTES}. */
export type TeamAttribute = (typeof TEAM_ATTRIBUTES)[number];

/** An Identity Center group's display name, as the console shows it (1-1024 characters, not blank). */
const groupName = (): z.ZodString =>
  z
    .string({ error: 'an Identity Center group display name' })
    .refine((name) => name.trim() !== '' && name.length <= 1024, { error: 'an Identity Center group display name' });

/** Distinct strings: a name listed twice would make "the first listed wins" meaningless. */
function distinct(names: readonly string[]): boolean {
  return new Set(names).size === names.length;
}

/**
 * Where a person's team comes from: one enterprise attribute of their Identity Center user
 * (read in the DescribeUser call resolve-users makes anyway), or the members of Identity Center
 * groups, one team per group, the first group listed winning for a person in several.
 */
export const TeamsSettingsSchema = section({
  attribute: z.enum(TEAM_ATTRIBUTES, { error: TEAM_ATTRIBUTES.join(', ') }).optional(),
  groups: z
    .array(groupName(), { error: 'a list of Identity Center group display names' })
    .min(1, { error: 'at least one Identity Center group display name' })
    .refine(distinct, { error: 'distinct group names' })
    .optional(),
}).superRefine(({ attribute, groups }, ctx) => {
  if ((attribute === undefined) === (groups === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: `either {"attribute": ${TEAM_ATTRIBUTES.map((name) => `"${name}"`).join(' | ')}} or {"groups": ["<group display name>", …]}`,
    });
  }
});
/** Where teams come from: see {@link TeamsSettingsSchema}. */
export type TeamsSettings = z.output<typeof TeamsSettingsSchema>;

/** Identity Center groups whose members hold a Kiro seat, each with the tier it licenses (the first group listed wins). */
export const LicensedGroupsSettingsSchema = z
  .array(
    section({
      group: groupName(),
      tier: matching(TIER_NAME, 'a tier name in upper snake case, as in pricing.tiers (e.g. PRO)'),
    }),
    { error: 'a list of {"group": "<group display name>", "tier": "<tier>"}' },
  )
  .refine((groups) => distinct(groups.map(({ group }) => group)), { error: 'distinct group names' });
/** The licensed groups: see {@link LicensedGroupsSettingsSchema}. */
export type LicensedGroupsSettings = z.output<typeof LicensedGroupsSettingsSchema>;

/** How user ids are resolved to names through Identity Center. */
export const UserResolutionSettingsSchema = section({
  /** Names resolved longer ago than this are looked up again. */
  nameRefreshDays: atLeast(1, true),
  /** At most this many stale names are refreshed per run. */
  nameRefreshBatchSize: atLeast(0, true),
  /** Ids per resolve-users invocation (one mapping file each). */
  resolveBatchSize: atLeast(1, true),
  /** DescribeUser calls in flight at once. */
  describeConcurrency: atLeast(1, true),
});
/** How user ids are resolved to names through Identity Center. */
export type UserResolutionSettings = z.output<typeof UserResolutionSettingsSchema>;

/** A key prefix in the analytics bucket, ending in `/`. */
const keyPrefix = (): z.ZodString => matching(/^\S+\/$/, 'a key prefix ending in /');
/** A resource name: the stack passes its own, the local runner stand-ins. */
const resourceName = (what: string): z.ZodString => matching(/\S/, what);

/** Everything the handlers need to know about the deployment. */
export const PipelineSettingsSchema = section({
  glueDatabase: matching(/^[a-z0-9_]{1,255}$/, 'a Glue database name (lowercase letters, digits, _)'),
  athenaWorkGroup: resourceName('an Athena workgroup name'),
  analyticsBucket: resourceName('the analytics bucket name'),
  /** Key prefix of the user mapping partitions, ending in `/`. */
  mappingPrefix: keyPrefix(),
  /** Key prefix for one execution's scratch files, ending in `/`. */
  workPrefix: keyPrefix(),
  /** The customer's report bucket, which normalise-reports lists and reads. */
  reportBucket: resourceName('the report bucket name'),
  /** Key prefix of the user_report files in it, ending in `/` (`…/AWSLogs/<account>/KiroLogs/user_report/`). */
  userReportPrefix: keyPrefix(),
  /** Key prefix of the by_user_analytic files in it, ending in `/` (`…/AWSLogs/<account>/KiroLogs/by_user_analytic/`, or `QDeveloperLogs/`). */
  analyticReportPrefix: keyPrefix(),
  identityStoreId: matching(/^d-[0-9a-f]{10}$/, 'd-xxxxxxxxxx (d- and 10 hex digits)'),
  /** `[user_report crawler, by_user_analytic crawler]`. */
  crawlerNames: z.array(resourceName('a Glue crawler name'), { error: 'a list of Glue crawler names' }),
  /** The SPICE datasets the run refreshes. */
  quicksightDatasetIds: z.array(matching(/^[\w-]{1,128}$/, 'a QuickSight dataset id (letters, digits, _ and -)'), {
    error: 'a list of QuickSight dataset ids',
  }),
  /** The stale-data alert fires when the newest report day is more than this many days old. */
  staleAfterDays: atLeast(1, true),
  users: UserResolutionSettingsSchema,
  spikes: SpikeSettingsSchema,
  pricing: PricingSettingsSchema,
  people: PeopleSettingsSchema,
  budget: BudgetSettingsSchema,
  allowance: AllowanceSettingsSchema,
  engagement: EngagementSettingsSchema,
  /** Unset: nobody has a team (every cost is `unassigned`). */
  teams: TeamsSettingsSchema.optional(),
  licensedGroups: LicensedGroupsSettingsSchema,
});
/** Everything the handlers need to know about the deployment. */
export type PipelineSettings = z.output<typeof PipelineSettingsSchema>;

/**
 * The problems of a failed parse, one line per problem: `<dotted.path>: expected <what>`, or
 * `<path>.<key>: unknown field (expected one of …)`; `(root)` stands for the whole value.
 */
export function problemLines(error: z.ZodError): string[] {
  // Zod reports an object's unknown keys after the problems inside it; naming them first reads
  // better (a misspelt key explains the problems below it) and keeps the order of earlier releases.
  const ordered: z.core.$ZodIssue[] = [];
  for (const issue of error.issues) {
    const inside = issue.code === 'unrecognized_keys' ? ordered.findIndex((other) => startsWith(other.path, issue.path)) : -1;
    ordered.splice(inside === -1 ? ordered.length : inside, 0, issue);
  }
  return ordered.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${fieldPath([...issue.path, key])}: unknown field (expected ${issue.message})`)
      : [`${fieldPath(issue.path)}: expected ${issue.message}`],
  );
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.every((key, index) => path[index] === key);
}

/** `pricing.tiers.PRO.includedCredits`, `alertEmails[1]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) {
    return '(root)';
  }
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * Parses and validates the settings JSON. Throws an error naming `PIPELINE_SETTINGS` and every
 * bad field when the variable is missing, not JSON or not valid settings: a misconfigured
 * function must fail loudly, not run with defaults.
 */
export function parseSettings(raw: string | undefined): PipelineSettings {
  if (raw === undefined || raw.trim() === '') {
    throw new Error(`${SETTINGS_ENV} is not set: the stack passes it to every handler`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${SETTINGS_ENV} is not valid JSON: ${(error as Error).message}`);
  }
  const result = PipelineSettingsSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`${SETTINGS_ENV} is invalid:\n${problemLines(result.error).map((line) => `  ${line}`).join('\n')}`);
  }
  return result.data;
}

let cached: PipelineSettings | undefined;

/** The settings of this process, parsed once from the environment. */
export function loadSettings(): PipelineSettings {
  cached ??= parseSettings(process.env[SETTINGS_ENV]);
  return cached;
}
