-- report_as_of: the newest report day in the data (never the wall clock) and where it falls in
-- its month. The people views measure their trailing window, the current month and inactivity
-- from it, so a late or backfilled report gives the same answers as an on-time one.
-- One row; its columns are NULL while there is no data.
CREATE OR REPLACE VIEW report_as_of AS
WITH newest AS (
  SELECT max(report_date) AS as_of
  FROM (
    SELECT report_date FROM credits_daily
    UNION ALL
    SELECT report_date FROM activity_daily
  ) AS report_days
)
SELECT
  as_of,
  CAST(date_trunc('month', as_of) AS date) AS as_of_month,
  day(as_of) AS days_elapsed,
  day(last_day_of_month(as_of)) AS days_in_month
FROM newest
