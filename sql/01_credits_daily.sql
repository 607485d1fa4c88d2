-- credits_daily: credits per (report_date, userid, client_type) from user_report_rows, the
-- canonical table the normalise-reports step writes: every user_report file read by its header
-- names (never by a column's position), one typed row per report row.
-- What the normaliser already did (handlers/normalise-reports/normalise.ts): userid without
-- quotes and without the identity store prefix (d-xxxxxxxxxx.; <10 hex>-<uuid> ids stay whole);
-- the tier in its file spelling (ProPlus, Pro+ -> PRO_PLUS); the client type upper case and kept
-- whatever it is; flags read case-insensitively; empty count and credit cells 0, an empty cap,
-- flag or usage limit NULL; a cell that is no number, or a negative, non-finite or absurd one,
-- NULL and never 0, as is every cell of a column the file's header lacks; account_id, region and the file's export stamp taken from its key. A row
-- whose date is not a calendar day (or is before 2024-01-01) or whose UserId is empty is not in the table: it is counted
-- in data_quality_issues (as every NULL-ed cell is), never dropped silently.
-- Re-exports: an export is the set of files sharing the yyyymmddHHMM stamp in the file name,
-- wherever it sits (…_user_report_<stamp>.csv, …_<stamp>_part_1.csv, …_part_1_<stamp>.csv). Per
-- (report_date, client_type, account_id, region) only the rows of the latest export are kept,
-- all its parts together: it replaces the older export as a whole, so a person who moved to
-- another part, or whom the re-export no longer lists, is not taken from the older one. Files
-- without a stamp count as older than any stamped one.
-- One row per (report_date, userid, client_type, account_id, region, profile_id): the same
-- person in another account, region or profile is separate usage (billed separately), not a
-- re-export. Should one export list a key twice, the greater path wins, then the later line.
CREATE OR REPLACE VIEW credits_daily AS
WITH report_rows AS (
  SELECT
    CAST(report_date AS date) AS report_date,
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
    source_file,
    line,
    coalesce(file_stamp, '') AS file_stamp
  FROM user_report_rows
),
exports AS (
  SELECT
    report_rows.*,
    max(file_stamp) OVER (PARTITION BY report_date, client_type, account_id, region) AS latest_stamp
  FROM report_rows
),
ranked AS (
  SELECT
    exports.*,
    row_number() OVER (
      PARTITION BY report_date, userid, client_type, account_id, region, profile_id
      ORDER BY source_file DESC, line DESC
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
