-- team_monthly_cost: each calendar month's cost by team, for chargeback. One row per month and
-- team; a person counts for the team user_monthly_cost gives them that month (their team on
-- their last day with a report row that month), people without a team under 'unassigned'.
-- people: the people with user_report rows that month (user_monthly_cost's rows); active_people:
-- those of them active that month, by the one rule for active (active_person_days: a day with
-- any messages or credits in user_report, or any non-zero metric in by_user_analytic). The money columns add
-- each person's cents, so the month's team totals add up to the month's total exactly.
CREATE OR REPLACE VIEW team_monthly_cost AS
WITH active_months AS (
  SELECT DISTINCT CAST(date_trunc('month', report_date) AS date) AS month, userid
  FROM active_person_days
)
SELECT
  cost.month,
  coalesce(cost.team, 'unassigned') AS team,
  count(*) AS people,
  count(active.userid) AS active_people,
  round(sum(cost.plan_credits), 2) AS plan_credits_used,
  round(sum(cost.overage_credits_used), 2) AS overage_credits_used,
  round(sum(cost.subscription_usd), 2) AS subscription_usd,
  round(sum(cost.overage_usd), 2) AS overage_usd,
  round(sum(cost.total_usd), 2) AS total_usd
FROM user_monthly_cost AS cost
LEFT JOIN active_months AS active
  ON active.month = cost.month
  AND active.userid = cost.userid
GROUP BY cost.month, coalesce(cost.team, 'unassigned')
