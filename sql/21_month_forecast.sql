-- month_forecast: one row per month with user_report rows: what the team costs so far and at the
-- month's end at the pace so far, against the budget (budget.monthlyUsd; NULL when unset).
-- people: persons with user_report rows that month. plan_credits_used, overage_credits_used,
-- subscription_usd and overage_usd: plan_utilization's and user_monthly_cost's, summed (a tier
-- missing from the config adds no subscription; data_quality_issues names it as unknown_tier).
-- projected_overage_usd: per person, the projected credits (plan_utilization) beyond the included
-- credits, never less than the overage so far, × the overage price; 0 on a tier without overage
-- (the person is cut off, not billed); for a tier missing from the config, the overage so far /
-- days_elapsed × days_in_month. A complete month (days_elapsed = days_in_month) is its overage_usd.
-- projected_total_usd = subscription_usd + projected_overage_usd (subscriptions are monthly: they
-- are not projected). over_budget: projected_total_usd > budget_usd; NULL without a budget.
CREATE OR REPLACE VIEW month_forecast AS
WITH people AS (
  SELECT
    plan.month,
    plan.days_elapsed,
    plan.days_in_month,
    plan.plan_credits_used,
    plan.overage_credits_used,
    cost.subscription_usd,
    cost.overage_usd,
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
),
months AS (
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
  FROM people
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
