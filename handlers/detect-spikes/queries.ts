/** SQL of DetectSpikes (valid Trino and DuckDB). */
import { sqlCount, sqlDate } from '../shared/sql-literals.js';

/**
 * One row per user with user_report rows on `reportDate`: `userid`, `display_name`
 * (person_directory's, the name every view shows), `day_overage_credits` (the day's overage
 * credits as person_daily reads them: summed over client types, and with
 * `pricing.overageCreditsUsed` = `monthToDate` the day's increase of the month's total, so a
 * month-to-date report does not spike every day) and `trailing_overage_credits` (their sum over
 * the `trailingDays` days before; days without rows add nothing, so dividing by `trailingDays`
 * counts them as 0).
 * With it, from the people views: `tier` and `month_cost_usd` (user_monthly_cost of the report
 * date's month) and `recommended_tier`, `recommended_action`, `monthly_saving_usd`, `recommended_effective`
 * (tier_recommendation, only while the newest data is in the report date's month, since the
 * recommendation is about that month); NULL when there is none.
 */
export function userOverageQuery(reportDate: string, trailingDays: number): string {
  const day = sqlDate(reportDate);
  const month = `CAST(date_trunc('month', ${day}) AS date)`;
  // One pass over person_daily for the day and its trailing window: Athena reads a WITH query
  // again at each reference.
  return `WITH overage AS (
  SELECT
    userid,
    sum(CASE WHEN report_date = ${day} AND has_credits_row THEN overage_credits_used END) AS day_credits,
    sum(CASE WHEN report_date < ${day} THEN overage_credits_used END) AS trailing_credits
  FROM person_daily
  WHERE report_date >= ${day} - INTERVAL '${sqlCount(trailingDays)}' DAY AND report_date <= ${day}
  GROUP BY userid
  HAVING bool_or(report_date = ${day} AND has_credits_row)
),
month_cost AS (
  SELECT userid, tier, total_usd
  FROM user_monthly_cost
  WHERE month = ${month}
),
recommendation AS (
  SELECT r.userid, r.recommended_tier, r.action, r.monthly_saving_usd, r.effective
  FROM tier_recommendation AS r
  CROSS JOIN report_as_of AS a
  WHERE a.as_of_month = ${month}
)
SELECT
  d.userid,
  n.display_name,
  CAST(d.day_credits AS double) AS day_overage_credits,
  CAST(coalesce(d.trailing_credits, 0) AS double) AS trailing_overage_credits,
  m.tier,
  CAST(m.total_usd AS double) AS month_cost_usd,
  r.recommended_tier,
  r.action AS recommended_action,
  CAST(r.monthly_saving_usd AS double) AS monthly_saving_usd,
  r.effective AS recommended_effective
FROM overage AS d
LEFT JOIN person_directory AS n ON n.userid = d.userid
LEFT JOIN month_cost AS m ON m.userid = d.userid
LEFT JOIN recommendation AS r ON r.userid = d.userid
ORDER BY d.userid`;
}
