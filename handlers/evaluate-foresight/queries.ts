/** SQL of EvaluateForesight (valid Trino and DuckDB): the month of report_as_of only. */

/**
 * One row per person with user_report rows in the month of report_as_of: plan_utilization's
 * columns and, from user_monthly_cost, the overage dollars so far (`overage_usd`).
 */
export const PERSON_UTILIZATION_QUERY = `SELECT
  p.userid,
  p.display_name,
  p.tier,
  CAST(p.included_credits AS double) AS included_credits,
  CAST(p.plan_credits_used AS double) AS plan_credits_used,
  p.utilization,
  CAST(p.projected_credits AS double) AS projected_credits,
  CAST(p.projected_utilization AS double) AS projected_utilization,
  CAST(p.overage_credits_used AS double) AS overage_credits_used,
  CAST(c.overage_usd AS double) AS overage_usd
FROM plan_utilization AS p
JOIN report_as_of AS a ON p.month = a.as_of_month
LEFT JOIN user_monthly_cost AS c ON c.month = p.month AND c.userid = p.userid
ORDER BY p.userid`;

/** The month_forecast row of the month of report_as_of, with as_of itself; none without data. */
export const MONTH_FORECAST_QUERY = `SELECT
  CAST(a.as_of AS varchar) AS as_of,
  CAST(f.month AS varchar) AS month,
  f.days_elapsed,
  f.days_in_month,
  CAST(f.subscription_usd AS double) AS subscription_usd,
  CAST(f.overage_usd AS double) AS overage_usd,
  CAST(f.projected_overage_usd AS double) AS projected_overage_usd,
  CAST(f.projected_total_usd AS double) AS projected_total_usd,
  CAST(f.budget_usd AS double) AS budget_usd
FROM month_forecast AS f
JOIN report_as_of AS a ON f.month = a.as_of_month`;
