-- data_quality_issues: rows the views leave out or cannot type, one row per
-- (report_date, report, source_file, issue) with the number of rows; report is user_report or
-- by_user_analytic. Reads the counts the normalise-reports step writes while it reads each report
-- file by header (a row without a day of its own is counted on its date folder's day):
--   bad_date       the date is not a calendar day: the row is on no day (counted on the day of its date folder)
--   missing_user   the user id is empty: the row belongs to nobody
--   non_numeric    a count or credit cell is not a plain number (1,234, 0x10, 12.7 for a count): NULL, never 0
--   out_of_range   a negative, non-finite or absurd number (-5, NaN, 1e308): NULL, never a value
--   unknown_tier   a subscription tier no spelling rule maps to a known tier: kept as written
--   unknown_client a client type other than KIRO_IDE, KIRO_CLI, PLUGIN and KIRO_WEB, or none: kept
--   unreadable_row a record that is no row of its header (an unterminated quote, more or fewer
--                  cells than the header, bytes that are not UTF-8): on the day of its date folder
-- A row is counted once per issue kind. Every file read counts, re-exported ones too: each
-- issue is named with its file.
CREATE OR REPLACE VIEW data_quality_issues AS
SELECT
  CAST(report_date AS date) AS report_date,
  report,
  source_file,
  issue,
  CAST(sum("rows") AS bigint) AS "rows"
FROM report_issue_counts
GROUP BY CAST(report_date AS date), report, source_file, issue
