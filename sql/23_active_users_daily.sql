-- active_users_daily: per report day, client type and tier, the people active that day
-- (active_person_days: any messages or credits in user_report, or any non-zero metric in
-- by_user_analytic) and how many of them were new: their first active day in the data is this
-- day. A person active in two clients counts once in each; activity only in by_user_analytic has
-- client_type NULL; subscription_tier is person_daily's tier of the day (NULL without a
-- user_report row).
CREATE OR REPLACE VIEW active_users_daily AS
WITH firsts AS (
  SELECT userid, min(report_date) AS first_active
  FROM active_person_days
  GROUP BY userid
)
SELECT
  days.report_date,
  days.client_type,
  days.subscription_tier,
  count(DISTINCT days.userid) AS active_users,
  count(DISTINCT CASE WHEN firsts.first_active = days.report_date THEN days.userid END) AS new_users
FROM active_person_days AS days
JOIN firsts
  ON firsts.userid = days.userid
GROUP BY days.report_date, days.client_type, days.subscription_tier
