-- report_as_of: the newest report day in the data and where it falls in its month. The people
-- views measure their trailing window, the current month and inactivity from it, so a late or
-- backfilled report gives the same answers as an on-time one. The wall clock only caps it: a row
-- dated after today is a data fault (CheckData reports it), not the newest day, or one stray row
-- would make everybody look inactive. One row; its columns are NULL while there is no data.
-- The days are read from the canonical tables' partition column, not from credits_daily and
-- activity_daily: the same days (a re-export replaces a day's rows and never empties the day), but
-- Athena reads no column of the files for them, where the daily views read their dedup columns
-- over the whole history at every reference, and most people views reference this one.
CREATE OR REPLACE VIEW report_as_of AS
WITH newest AS (
  SELECT max(report_date) AS as_of
  FROM (
    SELECT CAST(report_date AS date) AS report_date FROM user_report_rows
    UNION ALL
    SELECT CAST(report_date AS date) FROM by_user_analytic_rows
  ) AS report_days
  WHERE report_date <= current_date
)
SELECT
  as_of,
  CAST(date_trunc('month', as_of) AS date) AS as_of_month,
  day(as_of) AS days_elapsed,
  day(last_day_of_month(as_of)) AS days_in_month
FROM newest
