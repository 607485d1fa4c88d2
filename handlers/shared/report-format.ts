/**
 * The vendor's Kiro report format, owned here and nowhere else: where the files land, the tables
 * the crawlers make of them, their columns, id and date spellings, and the `user_mapping` columns
 * the views join them with. The stack, the local engine and the sample generator import it; the
 * SQL of `sql/01_credits_daily.sql` and `sql/02_activity_daily.sql` is checked against it by
 * `test/sql/report-sql.test.ts`. The facts and what the project does with each are in
 * docs/report-format.md.
 */

/** Glue's name for a header cell: trimmed and lowercased (`Credits_Used` → `credits_used`). */
export function glueColumnName(header: string): string {
  return header.trim().toLowerCase();
}

/** The crawled table of credits per user, client type and day. */
export const USER_REPORT_TABLE = 'user_report';
/** The crawled table of the legacy activity metrics per user and day. */
export const BY_USER_ANALYTIC_TABLE = 'by_user_analytic';
/** Both report tables; each is also the last folder of its key prefix. */
export const REPORT_TABLES = [USER_REPORT_TABLE, BY_USER_ANALYTIC_TABLE] as const;
/** One crawled report table. */
export type ReportTable = (typeof REPORT_TABLES)[number];

const USER_REPORT_FIRST_HEADER = [
  'Date', 'UserId', 'Client_Type', 'Chat_Conversations', 'Credits_Used', 'Overage_Cap', 'Overage_Credits_Used',
  'Overage_Enabled', 'ProfileId', 'Subscription_Tier', 'Total_Messages',
] as const;

/**
 * The leading user_report columns of each header version, spelled as in the files. Each version
 * appends to the previous one, so the positions of these columns never move: that is what lets a
 * positional CSV SerDe read them. Per-model columns that follow `Usage_Limit` vary per file and
 * are not listed.
 */
export const USER_REPORT_HEADERS = {
  /** February 2026: 11 columns. */
  original: USER_REPORT_FIRST_HEADER,
  /** From mid 2026. */
  withEmail: [...USER_REPORT_FIRST_HEADER, 'New_User', 'User_Email'],
  /** From September 2026, followed by the per-model columns. */
  withUsageLimit: [...USER_REPORT_FIRST_HEADER, 'New_User', 'User_Email', 'Usage_Limit'],
} as const;

/** The fixed user_report columns as the crawler names them (the newest header's leading 14). */
export const USER_REPORT_FIXED_COLUMNS: readonly string[] = USER_REPORT_HEADERS.withUsageLimit.map(glueColumnName);

/** The 44 activity metrics of by_user_analytic as spelled in the file, in its (ASCII) order. */
export const ACTIVITY_METRICS = [
  'Chat_AICodeLines', 'Chat_MessagesInteracted', 'Chat_MessagesSent',
  'CodeFix_AcceptanceEventCount', 'CodeFix_AcceptedLines', 'CodeFix_GeneratedLines', 'CodeFix_GenerationEventCount',
  'CodeReview_FailedEventCount', 'CodeReview_FindingsCount', 'CodeReview_SucceededEventCount',
  'Dev_AcceptanceEventCount', 'Dev_AcceptedLines', 'Dev_GeneratedLines', 'Dev_GenerationEventCount',
  'DocGeneration_AcceptedFileUpdates', 'DocGeneration_AcceptedFilesCreations', 'DocGeneration_AcceptedLineAdditions',
  'DocGeneration_AcceptedLineUpdates', 'DocGeneration_EventCount', 'DocGeneration_RejectedFileCreations',
  'DocGeneration_RejectedFileUpdates', 'DocGeneration_RejectedLineAdditions', 'DocGeneration_RejectedLineUpdates',
  'InlineChat_AcceptanceEventCount', 'InlineChat_AcceptedLineAdditions', 'InlineChat_AcceptedLineDeletions',
  'InlineChat_DismissalEventCount', 'InlineChat_DismissedLineAdditions', 'InlineChat_DismissedLineDeletions',
  'InlineChat_RejectedLineAdditions', 'InlineChat_RejectedLineDeletions', 'InlineChat_RejectionEventCount',
  'InlineChat_TotalEventCount',
  'Inline_AICodeLines', 'Inline_AcceptanceCount', 'Inline_SuggestionsCount',
  'TestGeneration_AcceptedLines', 'TestGeneration_AcceptedTests', 'TestGeneration_EventCount',
  'TestGeneration_GeneratedLines', 'TestGeneration_GeneratedTests',
  'Transformation_EventCount', 'Transformation_LinesGenerated', 'Transformation_LinesIngested',
] as const;

/** One activity metric as spelled in the file. */
export type ActivityMetric = (typeof ACTIVITY_METRICS)[number];

/** The 44 metrics as the crawler names them; activity_daily keeps these names. */
export const ACTIVITY_METRIC_COLUMNS: readonly string[] = ACTIVITY_METRICS.map(glueColumnName);

/** The by_user_analytic header as spelled in the file: `UserId,Date`, then the metrics. */
export const BY_USER_ANALYTIC_HEADER = ['UserId', 'Date', ...ACTIVITY_METRICS] as const;

/** Every by_user_analytic column as the crawler names it. */
export const BY_USER_ANALYTIC_COLUMNS: readonly string[] = BY_USER_ANALYTIC_HEADER.map(glueColumnName);

/**
 * The columns, as the crawler names them, that every header version of a report has: a file
 * whose header lacks one (misspelt, renamed) cannot say what the column holds, so its rows carry
 * NULL there and count `missing_column`. Columns later versions added (`New_User`, `User_Email`,
 * `Usage_Limit`, the per-model ones) are not required.
 */
export const REQUIRED_REPORT_COLUMNS: Record<ReportTable, readonly string[]> = {
  user_report: USER_REPORT_FIRST_HEADER.map(glueColumnName),
  by_user_analytic: BY_USER_ANALYTIC_COLUMNS,
};

/** Partition columns a Glue crawler adds for `<region>/<yyyy>/<mm>/<dd>/00/` (see {@link reportDayFolder}). */
export const PARTITION_COLUMNS = ['partition_0', 'partition_1', 'partition_2', 'partition_3', 'partition_4'] as const;

/** Athena's pseudo column holding the S3 object (here: the file) of each row. */
export const PATH_COLUMN = '$path';

/**
 * The identity store prefix some UserIds carry (`d-90661af5ec.<uuid>`), as a regular
 * expression source valid in JavaScript and in Trino's `regexp_replace` (and DuckDB's RE2): an
 * identity store id (`d-` and 10 hex digits, in either case: `D-90661AF5EC.` is the same store)
 * followed by a dot. An Identity Center id `<10 hex>-<uuid>` has no `d-` and no dot: it is whole.
 */
export const IDENTITY_STORE_PREFIX_PATTERN = '^[dD]-[0-9a-fA-F]{10}\\.';

const IDENTITY_STORE_PREFIX = new RegExp(IDENTITY_STORE_PREFIX_PATTERN);

/** The Identity Center user id of a report UserId (quotes already removed). */
export function identityCenterUserId(reportUserId: string): string {
  return reportUserId.replace(IDENTITY_STORE_PREFIX, '');
}

/**
 * Where a report file's export stamp (`yyyymmddHHMM`, when the vendor wrote it) is in its
 * `"$path"`, as a regular expression source valid in Trino and DuckDB (group 1): the first
 * 12-digit number after `_<table>_` in the file name, whatever comes between. It finds the stamp
 * in every layout seen: `…_user_report_<stamp>.csv`, `…_user_report_<stamp>_part_1.csv`,
 * `…_user_report_part_1_<stamp>.csv`, `…_by_user_analytic_<stamp>_report.csv`. (The account id
 * before the table name is 12 digits too; it is never after it.) All parts of one export share
 * the stamp, which is what makes a re-export in parts replace the older export as a whole.
 */
export function fileStampPattern(table: ReportTable): string {
  return `_${table}_(?:[^/]*?_)?([0-9]{12})(?:[^0-9]|$)`;
}

/** The region folder of a report file's `"$path"`: the folder right below the report folder, group 1. */
export function pathRegionPattern(table: ReportTable): string {
  return `/${table}/([^/]+)/`;
}

/**
 * by_user_analytic `Date` as a Trino `date_parse` format: `MM-DD-YYYY`, e.g. `07-10-2026`.
 * (user_report writes ISO days, `YYYY-MM-DD`, which a plain `CAST(… AS date)` reads.)
 */
export const BY_USER_ANALYTIC_DATE_FORMAT = '%m-%d-%Y';

/** The by_user_analytic spelling (`MM-DD-YYYY`) of an ISO day. */
export function toAnalyticDate(isoDate: string): string {
  return `${isoDate.slice(5, 7)}-${isoDate.slice(8, 10)}-${isoDate.slice(0, 4)}`;
}

/** The folders Kiro (or, for older accounts, Amazon Q Developer) writes under `AWSLogs/<account>/`. */
export const LOGS_FOLDERS = ['KiroLogs', 'QDeveloperLogs'] as const;
/** One logs folder. */
export type LogsFolder = (typeof LOGS_FOLDERS)[number];

/** The fixed folder between the bucket prefix and the account. */
export const AWS_LOGS_FOLDER = 'AWSLogs';

/** The account folder of a report file's `"$path"` (`…/AWSLogs/<account>/…`), group 1. */
export const PATH_ACCOUNT_PATTERN = `/${AWS_LOGS_FOLDER}/([^/]+)/`;

/** Key of a logs folder: `[<prefix>/]AWSLogs/<account>/<folder>` (no trailing `/`). */
export function logsFolderKey(prefix: string, accountId: string, folder: LogsFolder): string {
  return [prefix, AWS_LOGS_FOLDER, accountId, folder].filter((part) => part !== '').join('/');
}

/**
 * Folders of one report day below a report prefix: `<region>/<yyyy>/<mm>/<dd>/00`, the crawler's
 * `partition_0..partition_4`. `00` is a fixed segment, not an hour.
 */
export function reportDayFolder(region: string, isoDate: string): string {
  return [region, ...isoDate.split('-'), '00'].join('/');
}

/** Where the report files of a bucket are: its prefix and the logs folder of each report. */
export interface ReportPrefixLocation {
  /** Key prefix before `AWSLogs/`, without leading or trailing `/` (may be empty). */
  prefix: string;
  /** The folder of user_report. */
  logsFolder: LogsFolder;
  /** The folder of by_user_analytic (QDeveloperLogs/ in older accounts). */
  analyticLogsFolder: LogsFolder;
}

/** One report prefix and the Glue table crawled from it (the prefix's last folder). */
export interface ReportPrefix {
  table: ReportTable;
  /** Key prefix inside the report bucket, ending in `/`. */
  keyPrefix: string;
}

/**
 * The user_report and by_user_analytic prefixes, in the order of the settings' crawler names.
 * Each report gets its own crawler and table, because one crawler over `KiroLogs/` merges them
 * into one broken schema. `accountId` is the account of the `AWSLogs/` path (a token when it is
 * the stack's own).
 */
export function reportPrefixes(report: ReportPrefixLocation, accountId: string): [ReportPrefix, ReportPrefix] {
  return [
    { table: USER_REPORT_TABLE, keyPrefix: `${logsFolderKey(report.prefix, accountId, report.logsFolder)}/${USER_REPORT_TABLE}/` },
    {
      table: BY_USER_ANALYTIC_TABLE,
      keyPrefix: `${logsFolderKey(report.prefix, accountId, report.analyticLogsFolder)}/${BY_USER_ANALYTIC_TABLE}/`,
    },
  ];
}

/** The table resolve-users fills with Identity Center names (not a vendor file: the project's own). */
export const USER_MAPPING_TABLE = 'user_mapping';

/**
 * Columns of the `user_mapping` table, in the order of each JSON line resolve-users writes.
 * `team`: the value of the configured enterprise attribute at the lookup (NULL when unset or when
 * teams come from groups); `team_attribute`: which attribute that was (`department`, …), NULL when
 * `teams.attribute` is not configured. Lines written before these columns existed read them as NULL.
 */
export const USER_MAPPING_COLUMNS = ['userid', 'user_name', 'display_name', 'status', 'resolved_at', 'team', 'team_attribute'] as const;
/** One user_mapping column. */
export type UserMappingColumn = (typeof USER_MAPPING_COLUMNS)[number];

/** The table read-groups fills with the members of the configured Identity Center groups (the project's own). */
export const GROUP_MEMBERSHIP_TABLE = 'group_membership';
/** Key prefix of its `read_date=YYYY-MM-DD/` partitions in the analytics bucket. */
export const GROUP_MEMBERSHIP_PREFIX = 'group-membership/';
/**
 * Columns of `group_membership`, in the order of each JSON line read-groups writes: one snapshot
 * per run (`snapshot` = the execution name, `read_at` ISO-8601 UTC), a first line without a
 * `userid` that stands for the snapshot itself (so a snapshot with no members is still the
 * latest), then one line per person in any configured group: their `team` (the first listed
 * team group they are in), their `licensed_group` and `licensed_tier` (the first listed licensed
 * group they are in). `team_source`, on every line: `groups`, the enterprise attribute teams came
 * from (`department`, …), or NULL when no teams were configured for that run.
 */
export const GROUP_MEMBERSHIP_COLUMNS = ['snapshot', 'read_at', 'team_source', 'userid', 'team', 'licensed_group', 'licensed_tier'] as const;
/** One group_membership column. */
export type GroupMembershipColumn = (typeof GROUP_MEMBERSHIP_COLUMNS)[number];
/**
 * Which group_membership snapshot is the latest, as a window's ORDER BY (latest first): the
 * parsed `read_at` (text would sort '...05.250Z' before '...05Z'; an unreadable one last), then
 * the read day, then the snapshot's name. FindUsersToResolve's query uses it, and a test holds
 * every view that ranks snapshots latest first (user_directory, never_active_users) to it.
 */
export const LATEST_SNAPSHOT_ORDER =
  'try(from_iso8601_timestamp(CAST(read_at AS varchar))) DESC NULLS LAST, CAST(read_date AS varchar) DESC, CAST(snapshot AS varchar) DESC';

// ---------------------------------------------------------------------------------------------
// Reading the reports by header (issue 11): the normalise-reports step reads every user_report
// and by_user_analytic file by its header names and writes the canonical tables below; these
// are the facts it reads by. The views read the canonical tables, never a crawled column.

/** Header names (as {@link glueColumnName} gives them) that hold the user's e-mail: files use either. */
export const USER_EMAIL_HEADERS = ['user_email', 'email'] as const;

/** A per-model message count column: `<model>_messages` (e.g. `claude_sonnet_4.5_messages`). */
export const MODEL_MESSAGES_SUFFIX = '_messages';

/** The one `…_messages` column that is not a model: the row's total. */
export const TOTAL_MESSAGES_COLUMN = 'total_messages';

/** The model of a header name (lowercased), or `undefined` when it is not a per-model column. */
export function modelOfColumn(column: string): string | undefined {
  if (column === TOTAL_MESSAGES_COLUMN || !column.endsWith(MODEL_MESSAGES_SUFFIX)) return undefined;
  const model = column.slice(0, -MODEL_MESSAGES_SUFFIX.length);
  return model === '' ? undefined : model;
}

/** The subscription tiers as the files spell them; every other spelling maps to one of these. */
export const SUBSCRIPTION_TIERS = ['FREE', 'PRO', 'PRO_PLUS', 'PRO_MAX', 'POWER'] as const;
/** One subscription tier. */
export type SubscriptionTier = (typeof SUBSCRIPTION_TIERS)[number];

/**
 * The file spelling of a tier however it is written: case, spaces, `_`, `-` and `+` aside
 * (`PRO_PLUS`, `ProPlus`, `Pro+`, `pro plus`, `pro-plus` → `PRO_PLUS`; `ProMax` → `PRO_MAX`);
 * `undefined` for a tier the project does not know (kept as written, counted as unknown_tier).
 */
export function canonicalTier(text: string): SubscriptionTier | undefined {
  const squashed = text.trim().toUpperCase().replace(/\+/g, 'PLUS').replace(/[\s_-]+/g, '');
  return SUBSCRIPTION_TIERS.find((tier) => tier.replace(/_/g, '') === squashed);
}

/**
 * The client types the project knows (one user_report file each); others are kept and counted
 * as `unknown_client`. `KIRO_WEB` is known: the vendor's column table does not list it, but
 * real buckets hold `KIRO_WEB_…` files, so a day with one is no data-quality issue.
 */
export const KNOWN_CLIENT_TYPES = ['KIRO_IDE', 'KIRO_CLI', 'PLUGIN', 'KIRO_WEB'] as const;

/** The report table a key or path belongs to (its `/<table>/` folder), or `undefined`. */
export function reportTableOfKey(key: string): ReportTable | undefined {
  const path = key.startsWith('/') ? key : `/${key}`;
  return REPORT_TABLES.find((table) => path.includes(`/${table}/`));
}

/**
 * The ISO day of a by_user_analytic `Date` cell (`MM-DD-YYYY`, see {@link BY_USER_ANALYTIC_DATE_FORMAT}),
 * or `undefined` when it is not written so. Whether it is a calendar day is the caller's check.
 */
export function analyticIsoDate(text: string): string | undefined {
  const match = ANALYTIC_DATE.exec(text.trim());
  return match?.groups ? `${match.groups['Y']}-${match.groups['m']}-${match.groups['d']}` : undefined;
}

/** {@link BY_USER_ANALYTIC_DATE_FORMAT} as a regular expression: `%m`, `%d`, `%Y` become named groups. */
const ANALYTIC_DATE = new RegExp(
  `^${BY_USER_ANALYTIC_DATE_FORMAT.replace(/%([mdY])/g, (_, field: string) => `(?<${field}>\\d{${field === 'Y' ? 4 : 2}})`)}$`,
);

/** The issues the normaliser counts per (report date, source file, issue); no row is dropped silently. */
export const DATA_QUALITY_ISSUES = [
  'bad_date',
  'non_numeric',
  'missing_user',
  'out_of_range',
  'unknown_tier',
  'unknown_client',
  'unreadable_row',
  'missing_column',
] as const;
/** One data-quality issue. */
export type DataQualityIssue = (typeof DATA_QUALITY_ISSUES)[number];

/** Key prefix of the canonical tables (and the normaliser's manifest) in the analytics bucket. */
export const CANONICAL_PREFIX = 'canonical/';

/** The canonical user_report rows: our own column order, one Parquet row per row. */
export const CANONICAL_USER_REPORT_TABLE = 'user_report_rows';
/** The per-model message counts, one row per (row, model) with a non-zero count. */
export const CANONICAL_MODEL_MESSAGES_TABLE = 'user_report_model_messages';
/** The canonical by_user_analytic rows: source columns, the user and the 44 metrics, one row per row. */
export const CANONICAL_ANALYTIC_TABLE = 'by_user_analytic_rows';
/** The issue counts per (report date, report, source file, issue). */
export const CANONICAL_ISSUES_TABLE = 'report_issue_counts';
/** The canonical tables, each a folder `<CANONICAL_PREFIX><table>/report_date=YYYY-MM-DD/`. */
export const CANONICAL_TABLES = [
  CANONICAL_USER_REPORT_TABLE,
  CANONICAL_MODEL_MESSAGES_TABLE,
  CANONICAL_ANALYTIC_TABLE,
  CANONICAL_ISSUES_TABLE,
] as const;
/** One canonical table. */
export type CanonicalTable = (typeof CANONICAL_TABLES)[number];

/** A canonical column: its name and Glue type (the partition column `report_date` aside). */
export interface CanonicalColumn {
  name: string;
  type: 'string' | 'bigint' | 'double' | 'boolean';
}

/** The source columns every canonical table starts with: where the row came from. */
const SOURCE_COLUMNS: readonly CanonicalColumn[] = [
  { name: 'source_file', type: 'string' },
  { name: 'file_stamp', type: 'string' },
  { name: 'account_id', type: 'string' },
  { name: 'region', type: 'string' },
];

/** The columns of each canonical table, in the order of each Parquet file (the partition `report_date` is the folder). */
export const CANONICAL_COLUMNS: Record<CanonicalTable, readonly CanonicalColumn[]> = {
  [CANONICAL_USER_REPORT_TABLE]: [
    ...SOURCE_COLUMNS,
    { name: 'line', type: 'bigint' },
    { name: 'userid', type: 'string' },
    { name: 'raw_userid', type: 'string' },
    { name: 'client_type', type: 'string' },
    { name: 'chat_conversations', type: 'bigint' },
    { name: 'credits_used', type: 'double' },
    { name: 'overage_cap', type: 'double' },
    { name: 'overage_credits_used', type: 'double' },
    { name: 'overage_enabled', type: 'boolean' },
    { name: 'profile_id', type: 'string' },
    { name: 'subscription_tier', type: 'string' },
    { name: 'raw_subscription_tier', type: 'string' },
    { name: 'total_messages', type: 'bigint' },
    { name: 'new_user', type: 'boolean' },
    { name: 'user_email', type: 'string' },
    { name: 'usage_limit', type: 'bigint' },
  ],
  [CANONICAL_MODEL_MESSAGES_TABLE]: [
    ...SOURCE_COLUMNS,
    { name: 'line', type: 'bigint' },
    { name: 'userid', type: 'string' },
    { name: 'client_type', type: 'string' },
    { name: 'profile_id', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'messages', type: 'bigint' },
  ],
  [CANONICAL_ANALYTIC_TABLE]: [
    ...SOURCE_COLUMNS,
    { name: 'line', type: 'bigint' },
    { name: 'userid', type: 'string' },
    { name: 'raw_userid', type: 'string' },
    ...ACTIVITY_METRIC_COLUMNS.map((name): CanonicalColumn => ({ name, type: 'bigint' })),
  ],
  [CANONICAL_ISSUES_TABLE]: [
    ...SOURCE_COLUMNS,
    { name: 'report', type: 'string' },
    { name: 'issue', type: 'string' },
    { name: 'rows', type: 'bigint' },
  ],
};

/** The partition column of every canonical table. */
export const CANONICAL_PARTITION_COLUMN = 'report_date';

/**
 * The first report day the canonical tables hold: Amazon Q Developer, whose user activity
 * reports Kiro's continue, became generally available on 30 April 2024, so no report row can be
 * dated earlier (the start of that year, a margin). The tables' partition projection starts here
 * (a day before it is in no partition Athena reads), so the normaliser counts a row dated
 * earlier as `bad_date` rather than writing it where no query would see it. History from 2024
 * and 2025 is read as any other; the price is a listing of every projected day on each read of
 * a table that a query does not bound by day, empty days too.
 */
export const FIRST_REPORT_DAY = '2024-01-01';

/**
 * The canonical tables' partition projection range: {@link FIRST_REPORT_DAY} to the day after the
 * one a query runs on (UTC). Athena lists every projected day on each read, so the range ends
 * near today; the day after keeps a row dated one day ahead (a vendor clock ahead of UTC) in the
 * views and in CheckData's count of rows dated after the run day. A row dated later waits unseen
 * until its day comes (difference `projected-days` of the local run).
 */
export const CANONICAL_PROJECTION_RANGE = `${FIRST_REPORT_DAY},NOW+1DAYS`;

/**
 * How a canonical object's key ends: one Parquet file per (table, report day, source file), below
 * `<table>/report_date=YYYY-MM-DD/`. An object emptied to 0 bytes (what a rewritten file no longer
 * gives) holds no rows: Athena skips empty files, and so does the local engine.
 */
export const CANONICAL_OBJECT_SUFFIX = '.parquet';

/**
 * How the canonical objects of the first layout ended (JSON lines). PlanNormalise finds those that
 * still hold rows and NormaliseReportBatch converts each to the Parquet object of the same name,
 * then empties it, so no JSON object with rows is left among the Parquet files of a table.
 */
export const LEGACY_CANONICAL_OBJECT_SUFFIX = '.json';

/** Key prefix of one canonical table's folder: `canonical/<table>/`. */
export function canonicalTablePrefix(table: CanonicalTable): string {
  return `${CANONICAL_PREFIX}${table}/`;
}
