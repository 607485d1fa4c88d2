-- active_users_by_tier: per report day and tier, the people active that day (active_person_days:
-- any messages or credits in user_report, or any non-zero metric in by_user_analytic), each person
-- once whatever clients they used, so the tiers of a day add up to active_users_rolling's dau
-- (active_users_daily splits by client too: its rows of a day count a person of two clients in
-- each). subscription_tier: person_daily's tier of the day (NULL for a day active only in
-- by_user_analytic). new_users: the day is their first active day in the data; returning_users:
-- the others, active_users - new_users.
-- The first active day is a window over the same rows, not a join to them (active_person_days
-- read once: Athena inlines a WITH query at each reference).
CREATE OR REPLACE VIEW active_users_by_tier AS
WITH people AS (
  SELECT
    report_date,
    userid,
    subscription_tier,
    min(report_date) OVER (PARTITION BY userid) AS first_active
  FROM (SELECT DISTINCT report_date, userid, subscription_tier FROM active_person_days) AS person_days
)
SELECT
  report_date,
  subscription_tier,
  count(*) AS active_users,
  count(CASE WHEN first_active = report_date THEN 1 END) AS new_users,
  count(CASE WHEN first_active < report_date THEN 1 END) AS returning_users
FROM people
GROUP BY report_date, subscription_tier
