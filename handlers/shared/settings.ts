/**
 * Settings every handler reads from the `PIPELINE_SETTINGS` environment variable. The stack
 * builds them from the validated config and its own resource names; the local runner builds
 * them from the same config, so handler logic never reads the config file itself.
 */
export interface TierPrice {
  /** List price of the tier per user and calendar month, in USD. */
  monthlyPriceUsd: number;
  /** Credits included in the tier each month. */
  includedCredits: number;
  /** Whether credits beyond the allowance can be bought as overage (FREE cannot: it stops). */
  allowsOverage: boolean;
}

/** Prices from the config; never hard-coded in logic. */
export interface PricingSettings {
  overagePricePerCredit: number;
  tiers: Record<string, TierPrice>;
  /**
   * Whether the report's `Credits_Used` already counts the overage credits (unverified upstream;
   * the sample generator assumes it does). The views read it in one place: `plan_credits`.
   */
  creditsUsedIncludesOverage: boolean;
}

/** Thresholds of the overage spike alert. */
export interface SpikeSettings {
  /** A person's overage credits on the day must reach this floor to count as a spike. */
  minOverageCredits: number;
  /** ...and be at least this multiple of their own trailing daily average. */
  multipleOfTrailingAverage: number;
  /** Length of the trailing window, in days before the report date. */
  trailingDays: number;
  /** The team alerts when the day's total overage cost exceeds this many USD. */
  teamDailyOverageUsd: number;
}

/** Weights of `activity_score_30d` = messages × messageWeight + conversations × conversationWeight + AI code lines / codeLinesDivisor. */
export interface ActivityScoreSettings {
  messageWeight: number;
  conversationWeight: number;
  codeLinesDivisor: number;
}

/** Upper bounds (exclusive) of trailing-window messages for `light`, `moderate` and `heavy`; above is `very_heavy`. */
export interface UsageCategorySettings {
  light: number;
  moderate: number;
  heavy: number;
}

/** Thresholds of the people analytics views (user_summary, inactive_users, ...). */
export interface PeopleSettings {
  /** A person is inactive when their last active day is at least this many days before the newest report day. */
  inactiveAfterDays: number;
  /** Length of the trailing window, in report days ending at the newest report day. */
  trailingDays: number;
  activityScore: ActivityScoreSettings;
  usageCategories: UsageCategorySettings;
}

/** How user ids are resolved to names through Identity Center. */
export interface UserResolutionSettings {
  /** Names resolved longer ago than this are looked up again. */
  nameRefreshDays: number;
  /** At most this many stale names are refreshed per run. */
  nameRefreshBatchSize: number;
  /** Ids per resolve-users invocation (one mapping file each). */
  resolveBatchSize: number;
  /** DescribeUser calls in flight at once. */
  describeConcurrency: number;
}

/** Everything the handlers need to know about the deployment. */
export interface PipelineSettings {
  glueDatabase: string;
  athenaWorkGroup: string;
  analyticsBucket: string;
  /** Key prefix of the user mapping partitions, ending in `/`. */
  mappingPrefix: string;
  /** Key prefix for one execution's scratch files, ending in `/`. */
  workPrefix: string;
  identityStoreId: string;
  crawlerNames: string[];
  quicksightDatasetIds: string[];
  staleAfterDays: number;
  users: UserResolutionSettings;
  spikes: SpikeSettings;
  pricing: PricingSettings;
  people: PeopleSettings;
}

/** Name of the environment variable that carries the settings JSON. */
export const SETTINGS_ENV = 'PIPELINE_SETTINGS';

/**
 * Parses the settings JSON. Throws an error naming the problem when the variable is missing
 * or not JSON: a misconfigured function must fail loudly, not run with defaults.
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
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${SETTINGS_ENV} must be a JSON object`);
  }
  return parsed as PipelineSettings;
}

let cached: PipelineSettings | undefined;

/** The settings of this process, parsed once from the environment. */
export function loadSettings(): PipelineSettings {
  cached ??= parseSettings(process.env[SETTINGS_ENV]);
  return cached;
}
