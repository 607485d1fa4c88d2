-- credits_daily: credits per (report_date, userid, client_type) from the crawled user_report table.
-- Only the fixed leading columns are read: their positions hold across every header version, the
-- per-model columns after usage_limit do not. Source columns are strings (OpenCSVSerDe); the
-- CAST(... AS varchar) keeps the view working if a column is ever typed.
-- Empty cells: counts and credits become 0; overage_cap, flags and usage_limit stay NULL (unknown).
-- A non-numeric value becomes NULL, never 0, so it shows up instead of blending in.
-- Rows whose date is not an ISO date (yyyy-mm-dd) are left out: they cannot be placed on a day
-- (CheckData reports them per file).
-- account_id and region come from the file's key (AWSLogs/<account>/…/user_report/<region>/…).
-- Re-exports: an export is the set of files sharing the yyyymmddHHMM stamp in the file name,
-- wherever it sits (…_user_report_<stamp>.csv, …_<stamp>_part_1.csv, …_part_1_<stamp>.csv). Per
-- (report_date, client_type, account_id, region) only the rows of the latest export are kept,
-- all its parts together: it replaces the older export as a whole, so a person who moved to
-- another part, or whom the re-export no longer lists, is not taken from the older one. Files
-- without a stamp count as older than any stamped one.
-- One row per (report_date, userid, client_type, account_id, region, profile_id): the same
-- person in another account, region or profile is separate usage (billed separately), not a
-- re-export. Should one export list a key twice, the greater path wins.
CREATE OR REPLACE VIEW credits_daily AS
WITH cells AS (
  SELECT
    nullif(trim(CAST("date" AS varchar)), '') AS date_text,
    nullif(trim(CAST(userid AS varchar)), '') AS userid_text,
    nullif(trim(CAST(client_type AS varchar)), '') AS client_type,
    nullif(trim(CAST(chat_conversations AS varchar)), '') AS chat_conversations,
    nullif(trim(CAST(credits_used AS varchar)), '') AS credits_used,
    nullif(trim(CAST(overage_cap AS varchar)), '') AS overage_cap,
    nullif(trim(CAST(overage_credits_used AS varchar)), '') AS overage_credits_used,
    lower(nullif(trim(CAST(overage_enabled AS varchar)), '')) AS overage_enabled,
    nullif(trim(CAST(profileid AS varchar)), '') AS profile_id,
    nullif(trim(CAST(subscription_tier AS varchar)), '') AS subscription_tier,
    nullif(trim(CAST(total_messages AS varchar)), '') AS total_messages,
    lower(nullif(trim(CAST(new_user AS varchar)), '')) AS new_user,
    nullif(trim(CAST(usage_limit AS varchar)), '') AS usage_limit,
    "$path" AS source_file
  FROM user_report
),
typed AS (
  SELECT
    try_cast(date_text AS date) AS report_date,
    -- Drop surrounding quotes, then the identity store prefix (d-xxxxxxxxxx.) some rows carry.
    regexp_replace(regexp_extract(userid_text, '^"?\s*(.*?)\s*"?$', 1), '^[dD]-[0-9a-fA-F]{10}\.', '') AS userid,
    client_type,
    CASE WHEN chat_conversations IS NULL THEN CAST(0 AS bigint) ELSE try_cast(chat_conversations AS bigint) END AS chat_conversations,
    CASE WHEN credits_used IS NULL THEN CAST(0 AS double) ELSE try_cast(credits_used AS double) END AS credits_used,
    try_cast(overage_cap AS double) AS overage_cap,
    CASE WHEN overage_credits_used IS NULL THEN CAST(0 AS double) ELSE try_cast(overage_credits_used AS double) END AS overage_credits_used,
    CASE overage_enabled WHEN 'true' THEN true WHEN 'false' THEN false END AS overage_enabled,
    profile_id,
    subscription_tier,
    CASE WHEN total_messages IS NULL THEN CAST(0 AS bigint) ELSE try_cast(total_messages AS bigint) END AS total_messages,
    CASE new_user WHEN 'true' THEN true WHEN 'false' THEN false END AS new_user,
    try_cast(usage_limit AS bigint) AS usage_limit,
    -- Athena gives NULL, DuckDB '' when nothing matches: both become NULL (folders) or '' (stamp).
    nullif(regexp_extract(source_file, '/AWSLogs/([^/]+)/', 1), '') AS account_id,
    nullif(regexp_extract(source_file, '/user_report/([^/]+)/', 1), '') AS region,
    source_file,
    coalesce(regexp_extract(source_file, '_user_report_(?:[^/]*?_)?([0-9]{12})(?:[^0-9]|$)', 1), '') AS file_stamp
  FROM cells
),
exports AS (
  SELECT
    typed.*,
    max(file_stamp) OVER (PARTITION BY report_date, client_type, account_id, region) AS latest_stamp
  FROM typed
  WHERE report_date IS NOT NULL
),
ranked AS (
  SELECT
    exports.*,
    row_number() OVER (
      PARTITION BY report_date, userid, client_type, account_id, region, profile_id
      ORDER BY source_file DESC
    ) AS file_rank
  FROM exports
  WHERE file_stamp = latest_stamp
)
SELECT
  report_date,
  userid,
  client_type,
  chat_conversations,
  credits_used,
  overage_cap,
  overage_credits_used,
  overage_enabled,
  profile_id,
  subscription_tier,
  total_messages,
  new_user,
  usage_limit,
  account_id,
  region,
  source_file
FROM ranked
WHERE file_rank = 1
