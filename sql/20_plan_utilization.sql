-- plan_utilization: one row per person and month with user_report rows: how much of their plan's
-- included credits they have drawn, and where the month is heading. The credits, the allowance
-- and the tier are user_monthly_cost's (tier: its latest tier that month; included_credits: every
-- profile's allowance summed), so the money views and this one agree.
-- utilization: plan_credits_used / included_credits (0.85 = 85%; 1 = the allowance is used up),
-- user_monthly_cost's plan_utilization; NULL for a tier missing from the config.
-- days_elapsed / days_in_month: for the month of report_as_of, the days up to as_of; an earlier
-- month is complete (days_elapsed = days_in_month).
-- projected_credits: the credits drawn so far (plan + overage) / days_elapsed × days_in_month,
-- the month's end at the pace so far; projected_utilization: projected_credits / included_credits
-- (above 1: the person will need overage, or, on a tier without overage, be cut off).
CREATE OR REPLACE VIEW plan_utilization AS
WITH months AS (
  SELECT
    cost.*,
    CASE WHEN cost.month = as_of.as_of_month THEN as_of.days_elapsed ELSE day(last_day_of_month(cost.month)) END AS days_elapsed,
    day(last_day_of_month(cost.month)) AS days_in_month
  FROM user_monthly_cost AS cost
  CROSS JOIN report_as_of AS as_of
  WHERE cost.month <= as_of.as_of_month
)
SELECT
  months.month,
  months.userid,
  months.display_name,
  months.tier,
  months.included_credits,
  months.plan_credits AS plan_credits_used,
  CAST(months.plan_utilization AS double) AS utilization,
  months.days_elapsed,
  months.days_in_month,
  round(CAST(months.plan_credits + months.overage_credits_used AS double) / months.days_elapsed * months.days_in_month, 2) AS projected_credits,
  round(
    CAST(months.plan_credits + months.overage_credits_used AS double) / months.days_elapsed * months.days_in_month
      / nullif(months.included_credits, 0),
    4
  ) AS projected_utilization,
  months.overage_credits_used
FROM months
