-- forecast_by_person: the one rule for a person's month-end projection, which month_forecast sums
-- and BuildStatement's reminder sums by team. One row per person and month with user_report rows,
-- months up to as_of (plan_utilization's rows).
-- days_elapsed, days_in_month, plan_credits_used, overage_credits_used: plan_utilization's;
-- subscription_usd, overage_usd, total_usd, team: user_monthly_cost's (subscription_usd NULL for a
-- tier missing from the config; team NULL without teams).
-- projected_overage_usd: the projected credits (plan_utilization) beyond the included credits,
-- never less than the overage so far, × the overage price; 0 on a tier without overage (the
-- person is cut off, not billed); for a tier missing from the config, the overage so far /
-- days_elapsed × days_in_month. A complete month (days_elapsed = days_in_month) is its overage_usd.
CREATE OR REPLACE VIEW forecast_by_person AS
SELECT
  plan.month,
  plan.userid,
  cost.team,
  plan.days_elapsed,
  plan.days_in_month,
  plan.plan_credits_used,
  plan.overage_credits_used,
  cost.subscription_usd,
  cost.overage_usd,
  cost.total_usd,
  CASE
    WHEN plan.days_elapsed = plan.days_in_month THEN cost.overage_usd
    WHEN prices.allows_overage = false THEN CAST(0 AS double)
    WHEN plan.included_credits IS NULL
      THEN round(CAST(plan.overage_credits_used AS double) / plan.days_elapsed * plan.days_in_month * settings.overage_price_per_credit, 2)
    ELSE round(
      greatest(plan.projected_credits - plan.included_credits, CAST(plan.overage_credits_used AS double)) * settings.overage_price_per_credit,
      2
    )
  END AS projected_overage_usd
FROM plan_utilization AS plan
JOIN user_monthly_cost AS cost
  ON cost.month = plan.month
  AND cost.userid = plan.userid
LEFT JOIN tier_prices AS prices
  ON prices.tier = plan.tier
CROSS JOIN pipeline_settings AS settings
