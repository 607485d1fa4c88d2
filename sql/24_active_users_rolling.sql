-- active_users_rolling: for every report day up to report_as_of (a day with rows in either
-- report), the distinct people active (active_person_days) that day (dau), in the 7 calendar days
-- ending that day (wau) and in the 30 ending that day (mau), counted as the people views count
-- their trailing window: date_diff in days from 0 to 6, and from 0 to 29.
-- Counted without pairing every day with every active day before it (days x people-days: some
-- 200 million pairs at 10,000 people and two years). Days as numbers (days since 1970-01-01).
-- An active day d of a person puts them in the window of the days d .. d + 6 (wau) and
-- d .. d + 29 (mau); of those, the days from the end of their previous active day's window on
-- are new (greatest(d, previous + 7)). Each such stretch adds 1 on its first day and takes it away
-- on the day after its last; a person's stretches never overlap, so a day's count, the running
-- sum up to it, counts each person active in its window once.
CREATE OR REPLACE VIEW active_users_rolling AS
WITH report_days AS (
  SELECT DISTINCT days.report_date
  FROM (
    SELECT report_date FROM credits_daily
    UNION ALL
    SELECT report_date FROM activity_daily
  ) AS days
  CROSS JOIN report_as_of AS as_of
  WHERE days.report_date <= as_of.as_of
),
people AS (
  SELECT DISTINCT date_diff('day', DATE '1970-01-01', report_date) AS day_number, userid
  FROM active_person_days
  WHERE userid IS NOT NULL
),
active_days AS (
  SELECT
    day_number,
    lag(day_number) OVER (PARTITION BY userid ORDER BY day_number) AS previous_day
  FROM people
),
covers AS (
  SELECT
    day_number,
    greatest(day_number, coalesce(previous_day + 7, day_number)) AS week_from,
    greatest(day_number, coalesce(previous_day + 30, day_number)) AS month_from
  FROM active_days
),
-- Each active day's six changes, from one reference to covers: Athena inlines a WITH query at
-- each reference, and six would read active_person_days six times.
changes AS (
  SELECT
    CASE change.kind
      WHEN 1 THEN covers.day_number
      WHEN 2 THEN covers.day_number + 1
      WHEN 3 THEN covers.week_from
      WHEN 4 THEN covers.day_number + 7
      WHEN 5 THEN covers.month_from
      ELSE covers.day_number + 30
    END AS day,
    CAST(NULL AS date) AS report_date,
    change.dau,
    change.wau,
    change.mau
  FROM covers
  CROSS JOIN (VALUES (1, 1, 0, 0), (2, -1, 0, 0), (3, 0, 1, 0), (4, 0, -1, 0), (5, 0, 0, 1), (6, 0, 0, -1)) AS change (kind, dau, wau, mau)
  UNION ALL
  -- The report days, marked by their date: the output's rows (referenced here only, since Athena
  -- reads a WITH query again at each reference).
  SELECT date_diff('day', DATE '1970-01-01', report_date), report_date, 0, 0, 0 FROM report_days
),
day_changes AS (
  SELECT day, max(report_date) AS report_date, sum(dau) AS dau, sum(wau) AS wau, sum(mau) AS mau
  FROM changes
  GROUP BY day
),
running AS (
  SELECT
    day,
    report_date,
    CAST(sum(dau) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS bigint) AS dau,
    CAST(sum(wau) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS bigint) AS wau,
    CAST(sum(mau) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS bigint) AS mau
  FROM day_changes
)
SELECT
  report_date,
  dau,
  wau,
  mau
FROM running
WHERE report_date IS NOT NULL
