-- active_users_daily: per report day, client type and tier, the people active that day
-- (active_person_days: any messages or credits in user_report, or any non-zero metric in
-- by_user_analytic) and how many of them were new: their first active day in the data is this
-- day. A person active in two clients counts once in each; activity only in by_user_analytic has
-- client_type NULL; subscription_tier is person_daily's tier of the day (NULL without a
-- user_report row).
-- The first active day is a window over the same rows, not a join to them: Athena inlines a
-- WITH query at each reference, and reading active_person_days twice reads its tables twice.
CREATE OR REPLACE VIEW active_users_daily AS
WITH days AS (
  SELECT
    report_date,
    client_type,
    subscription_tier,
    userid,
    min(report_date) OVER (PARTITION BY userid) AS first_active
  FROM active_person_days
)
SELECT
  report_date,
  client_type,
  subscription_tier,
  count(DISTINCT userid) AS active_users,
  count(DISTINCT CASE WHEN first_active = report_date THEN userid END) AS new_users
FROM days
GROUP BY report_date, client_type, subscription_tier
