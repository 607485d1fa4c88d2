-- month_forecast: one row per month with user_report rows: what the team costs so far and at the
-- month's end at the pace so far, against the budget (budget.monthlyUsd; NULL when unset).
-- people: persons with user_report rows that month. plan_credits_used, overage_credits_used,
-- subscription_usd, overage_usd and projected_overage_usd: forecast_by_person's, summed (a tier
-- missing from the config adds no subscription; data_quality_issues names it as unknown_tier).
-- forecast_by_person holds the per-person projection rule (a complete month is its overage_usd).
-- projected_total_usd = subscription_usd + projected_overage_usd (subscriptions are monthly: they
-- are not projected). over_budget: projected_total_usd > budget_usd; NULL without a budget.
CREATE OR REPLACE VIEW month_forecast AS
WITH months AS (
  SELECT
    month,
    max(days_elapsed) AS days_elapsed,
    max(days_in_month) AS days_in_month,
    count(*) AS people,
    round(sum(plan_credits_used), 2) AS plan_credits_used,
    round(sum(overage_credits_used), 2) AS overage_credits_used,
    round(coalesce(sum(subscription_usd), 0), 2) AS subscription_usd,
    round(coalesce(sum(overage_usd), 0), 2) AS overage_usd,
    round(coalesce(sum(projected_overage_usd), 0), 2) AS projected_overage_usd
  FROM forecast_by_person
  GROUP BY month
)
SELECT
  months.month,
  months.days_elapsed,
  months.days_in_month,
  months.people,
  months.plan_credits_used,
  months.overage_credits_used,
  months.subscription_usd,
  months.overage_usd,
  months.projected_overage_usd,
  round(months.subscription_usd + months.projected_overage_usd, 2) AS projected_total_usd,
  settings.monthly_budget_usd AS budget_usd,
  round(months.subscription_usd + months.projected_overage_usd, 2) > settings.monthly_budget_usd AS over_budget
FROM months
CROSS JOIN pipeline_settings AS settings
