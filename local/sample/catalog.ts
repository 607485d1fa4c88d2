/**
 * The vendor's vocabulary as the sample reports spell it (see docs/report-format.md), plus the
 * placeholder account and identity store every sample file uses.
 */

/** Account in the `AWSLogs/<account>/` path and in the ProfileId ARN. */
export const ACCOUNT_ID = '111122223333';

/** Identity store of the sample directory, also the `d-…` prefix of some report UserIds. */
export const IDENTITY_STORE_ID = 'd-9a0b1c2d3e';

/** Region segment of the report paths. */
export const REGION = 'us-east-1';

/** The client types of the vendor's column table: the clients people's usage is drawn over. */
export const LISTED_CLIENT_TYPES = ['KIRO_IDE', 'KIRO_CLI', 'PLUGIN'] as const;

/**
 * The client types, one user_report file each per day: the listed ones and `KIRO_WEB`, which real
 * buckets hold although the vendor's table does not list it (some IDE users work in it instead).
 */
export const CLIENT_TYPES = [...LISTED_CLIENT_TYPES, 'KIRO_WEB'] as const;

/** A user_report Client_Type. */
export type ClientType = (typeof CLIENT_TYPES)[number];

/** Subscription tiers, cheapest first. */
export const TIERS = ['FREE', 'PRO', 'PRO_PLUS', 'PRO_MAX', 'POWER'] as const;

/** A user_report Subscription_Tier. */
export type Tier = (typeof TIERS)[number];

/** Each tier as the vendor's docs spell it (`ProPlus`); the files mostly spell it as in {@link TIERS}. */
export const DOCS_TIER_SPELLINGS: Readonly<Record<Tier, string>> = {
  FREE: 'Free',
  PRO: 'Pro',
  PRO_PLUS: 'ProPlus',
  PRO_MAX: 'ProMax',
  POWER: 'Power',
};

/** Looser spellings of each tier (case, spaces, `-`, `+`) a hand-edited or older export may carry. */
export const LOOSE_TIER_SPELLINGS: Readonly<Record<Tier, readonly string[]>> = {
  FREE: ['free', 'FREE '],
  PRO: ['pro', ' Pro'],
  PRO_PLUS: ['Pro+', 'pro plus', 'Pro_Plus', 'PRO-PLUS'],
  PRO_MAX: ['Pro Max', 'pro-max', 'PROMAX'],
  POWER: ['power', 'POWER '],
};

/**
 * Credits included per month, as listed publicly. The generator plays the vendor here, so it
 * bills with fixed list values; the pipeline itself reads them from its config.
 */
export const INCLUDED_CREDITS: Readonly<Record<Tier, number>> = {
  FREE: 50,
  PRO: 1000,
  PRO_PLUS: 2000,
  PRO_MAX: 5000,
  POWER: 10000,
};

/** Per-model message columns, in the alphabetical order they take in a file. */
export const MODEL_COLUMNS = [
  'auto_messages',
  'claude_haiku_4.5_messages',
  'claude_opus_4.5_messages',
  'claude_sonnet_4.5_messages',
  'qwen3_coder_next_messages',
] as const;

/** How often each model (same order as {@link MODEL_COLUMNS}) is someone's choice. */
export const MODEL_POPULARITY: readonly number[] = [45, 10, 6, 35, 4];
