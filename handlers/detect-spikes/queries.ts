/** SQL of DetectSpikes (valid Trino and DuckDB). */
import { sqlCount, sqlDate } from '../shared/sql-literals.js';

/**
 * One row per user with overage rows on `reportDate`: `userid`, `display_name` (the userid when
 * the directory has no name), `day_overage_credits` (summed over client types) and
 * `trailing_overage_credits` (their sum over the `trailingDays` days before; days without rows
 * add nothing, so dividing by `trailingDays` counts them as 0).
 */
export function userOverageQuery(reportDate: string, trailingDays: number): string {
  const day = sqlDate(reportDate);
  return `WITH day_overage AS (
  SELECT userid, sum(coalesce(overage_credits_used, 0)) AS credits
  FROM credits_daily
  WHERE report_date = ${day}
  GROUP BY userid
),
trailing_overage AS (
  SELECT userid, sum(coalesce(overage_credits_used, 0)) AS credits
  FROM credits_daily
  WHERE report_date >= ${day} - INTERVAL '${sqlCount(trailingDays)}' DAY AND report_date < ${day}
  GROUP BY userid
)
SELECT
  d.userid,
  coalesce(nullif(trim(u.display_name), ''), d.userid) AS display_name,
  CAST(d.credits AS double) AS day_overage_credits,
  CAST(coalesce(t.credits, 0) AS double) AS trailing_overage_credits
FROM day_overage AS d
LEFT JOIN trailing_overage AS t ON t.userid = d.userid
LEFT JOIN user_directory AS u ON u.userid = d.userid
ORDER BY d.userid`;
}
