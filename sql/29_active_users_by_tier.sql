-- active_users_by_tier: per report day and tier, the people active that day (active_person_days:
-- any messages or credits in user_report, or any non-zero metric in by_user_analytic), each person
-- once whatever clients they used, so the tiers of a day add up to active_users_rolling's dau
-- (active_users_daily splits by client too: its rows of a day count a person of two clients in
-- each). subscription_tier: person_daily's tier of the day (NULL for a day active only in
-- by_user_analytic). new_users: the day is their first active day in the data; returning_users:
-- the others, active_users - new_users.
CREATE OR REPLACE VIEW active_users_by_tier AS
WITH people AS (
  SELECT DISTINCT report_date, userid, subscription_tier
  FROM active_person_days
),
firsts AS (
  SELECT userid, min(report_date) AS first_active
  FROM people
  GROUP BY userid
)
SELECT
  people.report_date,
  people.subscription_tier,
  count(*) AS active_users,
  count(CASE WHEN firsts.first_active = people.report_date THEN 1 END) AS new_users,
  count(CASE WHEN firsts.first_active < people.report_date THEN 1 END) AS returning_users
FROM people
JOIN firsts
  ON firsts.userid = people.userid
GROUP BY people.report_date, people.subscription_tier
