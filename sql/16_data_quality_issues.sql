-- data_quality_issues: rows the views leave out or cannot type, one row per
-- (report_date, report, source_file, issue) with the number of rows; report is user_report or
-- by_user_analytic. Reads the counts the normalise-reports step writes while it reads each report
-- file by header (a row without a day of its own is counted on its date folder's day):
--   bad_date       the date is not a calendar day, or one before 2024-01-01 (FIRST_REPORT_DAY, where the
--                  tables' partitions start): the row is on no day (counted on the day of its date folder)
--   missing_user   the user id is empty: the row belongs to nobody
--   non_numeric    a count or credit cell is not a plain number (1,234, 0x10, 12.7 for a count): NULL, never 0
--   out_of_range   a negative, non-finite or absurd number (-5, NaN, 1e308): NULL, never a value
--   unknown_client a client type other than KIRO_IDE, KIRO_CLI, PLUGIN and KIRO_WEB, or none: kept
--   unreadable_row a record that is no row of its header (an unterminated quote, more or fewer
--                  cells than the header, bytes that are not UTF-8): on the day of its date folder
--   missing_column the file's header lacks a column every version of the report has (misspelt,
--                  renamed): the row is kept with NULL there, never 0
-- and, counted here over user_report_rows rather than by the normaliser:
--   unknown_tier   a user_report row whose subscription tier is not in the configured price
--                  table (tier_prices, from pricing.tiers): a spelling no rule maps to a known
--                  tier (kept as written, upper case) or a known tier the config does not price.
--                  Its plan allowance and subscription are unknown, so its costs are incomplete.
--                  A row without a tier is no issue. This count replaces the normaliser's own
--                  unknown_tier count (the unmapped spellings only), so no row counts twice; a
--                  spelling the config prices as written is priced, and no issue.
-- A row is counted once per issue kind. Every file read counts, re-exported ones too: each
-- issue is named with its file.
CREATE OR REPLACE VIEW data_quality_issues AS
WITH counted AS (
  SELECT CAST(report_date AS date) AS report_date, report, source_file, issue, "rows"
  FROM report_issue_counts
  WHERE issue <> 'unknown_tier'
  UNION ALL
  SELECT
    CAST(r.report_date AS date) AS report_date,
    'user_report' AS report,
    r.source_file,
    'unknown_tier' AS issue,
    count(*) AS "rows"
  FROM user_report_rows AS r
  LEFT JOIN tier_prices AS p ON p.tier = r.subscription_tier
  WHERE r.subscription_tier IS NOT NULL AND p.tier IS NULL
  GROUP BY CAST(r.report_date AS date), r.source_file
)
SELECT
  report_date,
  report,
  source_file,
  issue,
  CAST(sum("rows") AS bigint) AS "rows"
FROM counted
GROUP BY report_date, report, source_file, issue
