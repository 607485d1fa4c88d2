-- double_billed_users: people seen under more than one Kiro profile in a month: the vendor bills
-- each profile its own subscription (user_monthly_cost.profiles counts them and adds their
-- prices). profile_ids: the profiles, sorted, comma-separated, as user_monthly_cost tells them
-- apart: the ProfileId, or for a row without one the account and region it came from.
CREATE OR REPLACE VIEW double_billed_users AS
WITH profiles AS (
  SELECT DISTINCT
    CAST(date_trunc('month', report_date) AS date) AS month,
    userid,
    coalesce(profile_id, concat(coalesce(account_id, ''), '/', coalesce(region, ''))) AS profile
  FROM credits_daily
  WHERE subscription_tier IS NOT NULL
),
listed AS (
  SELECT month, userid, array_join(array_sort(array_agg(profile)), ', ') AS profile_ids
  FROM profiles
  GROUP BY month, userid
)
SELECT
  cost.month,
  cost.userid,
  cost.display_name,
  cost.profiles,
  listed.profile_ids
FROM user_monthly_cost AS cost
JOIN listed
  ON listed.month = cost.month
  AND listed.userid = cost.userid
WHERE cost.profiles > 1
