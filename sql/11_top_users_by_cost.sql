-- top_users_by_cost: everyone with user_report rows in the month of report_as_of, ranked by what
-- they cost that month so far (rank 1 = most expensive; ties by name, so ranks are unique).
CREATE OR REPLACE VIEW top_users_by_cost AS
SELECT
  row_number() OVER (ORDER BY cost.total_usd DESC NULLS LAST, cost.display_name, cost.userid) AS rank,
  cost.month,
  cost.userid,
  cost.display_name,
  cost.tier,
  cost.credits_used,
  cost.overage_credits_used,
  cost.plan_utilization,
  cost.subscription_usd,
  cost.overage_usd,
  cost.total_usd
FROM user_monthly_cost AS cost
JOIN report_as_of AS as_of
  ON cost.month = as_of.as_of_month
