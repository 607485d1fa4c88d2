-- active_users_rolling: for every report day up to report_as_of (a day with rows in either
-- report), the distinct people active (active_person_days) that day (dau), in the 7 calendar days
-- ending that day (wau) and in the 30 ending that day (mau), counted as the people views count
-- their trailing window: date_diff in days from 0 to 6, and from 0 to 29.
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
  SELECT DISTINCT report_date, userid
  FROM active_person_days
)
SELECT
  report_days.report_date,
  count(DISTINCT CASE WHEN date_diff('day', people.report_date, report_days.report_date) = 0 THEN people.userid END) AS dau,
  count(DISTINCT CASE WHEN date_diff('day', people.report_date, report_days.report_date) BETWEEN 0 AND 6 THEN people.userid END) AS wau,
  count(DISTINCT people.userid) AS mau
FROM report_days
LEFT JOIN people
  ON date_diff('day', people.report_date, report_days.report_date) BETWEEN 0 AND 29
GROUP BY report_days.report_date
