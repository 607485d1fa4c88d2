/**
 * SQL of BuildStatement (valid Trino and DuckDB). The statement reads the month before the month
 * of report_as_of, the reminder the month of report_as_of; the month enters as a validated date
 * literal. Money columns are cast to double (Athena returns decimals as text either way).
 */
import { sqlDate } from '../shared/sql-literals.js';

/** report_as_of: the newest report day and where it falls in its month; no row without data. */
export const AS_OF_QUERY = `SELECT
  CAST(as_of AS varchar) AS as_of,
  days_elapsed,
  days_in_month
FROM report_as_of
WHERE as_of IS NOT NULL`;

/** `2026-06` → `DATE '2026-06-01'`. */
function monthStart(month: string): string {
  return sqlDate(`${month}-01`);
}

/** team_monthly_cost of `month` (`YYYY-MM`), dearest team first; none when the month has no report rows. */
export function teamCostQuery(month: string): string {
  return `SELECT
  team,
  people,
  active_people,
  CAST(subscription_usd AS double) AS subscription_usd,
  CAST(overage_usd AS double) AS overage_usd,
  CAST(total_usd AS double) AS total_usd
FROM team_monthly_cost
WHERE month = ${monthStart(month)}
ORDER BY total_usd DESC, team`;
}

/** How many people the statement names by cost. */
export const TOP_PEOPLE = 10;

/** The {@link TOP_PEOPLE} dearest people of `month` (user_monthly_cost), ties by user id. */
export function topPeopleQuery(month: string): string {
  return `SELECT
  userid,
  display_name,
  team,
  tier,
  CAST(subscription_usd AS double) AS subscription_usd,
  CAST(overage_usd AS double) AS overage_usd,
  CAST(total_usd AS double) AS total_usd
FROM user_monthly_cost
WHERE month = ${monthStart(month)}
ORDER BY total_usd DESC, userid
LIMIT ${TOP_PEOPLE}`;
}

/** seat_summary of `month`: one row (0 seats without licensed groups). */
export function seatSummaryQuery(month: string): string {
  return `SELECT
  licensed_seats,
  used_seats,
  idle_seats,
  never_active_seats,
  CAST(idle_seat_usd AS double) AS idle_seat_usd,
  CAST(never_active_seat_usd AS double) AS never_active_seat_usd
FROM seat_summary
WHERE month = ${monthStart(month)}`;
}

/** never_active_users as the latest group snapshot has them, the dearest seat first. */
export const NEVER_ACTIVE_QUERY = `SELECT
  userid,
  display_name,
  user_name,
  licensed_group,
  licensed_tier,
  CAST(monthly_seat_usd AS double) AS monthly_seat_usd
FROM never_active_users
ORDER BY monthly_seat_usd DESC NULLS LAST, userid`;

/** tier_recommendation's changes that save money (the month of report_as_of): how many and their monthly saving. */
export const RECOMMENDATION_SAVING_QUERY = `SELECT
  count(*) AS people,
  CAST(coalesce(sum(monthly_saving_usd), 0) AS double) AS monthly_saving_usd
FROM tier_recommendation
WHERE action IN ('UPGRADE', 'DOWNGRADE') AND monthly_saving_usd > 0`;

/**
 * Each team's cost so far in the month of report_as_of and its projection at month end:
 * forecast_by_person's rows of the month (the view that owns the per-person projection rule,
 * which month_forecast sums too), summed by the person's team of user_monthly_cost, people
 * without one under `unassigned`. So the teams' projections add up to month_forecast's.
 */
export const TEAM_FORECAST_QUERY = `SELECT
  coalesce(person.team, 'unassigned') AS team,
  count(*) AS people,
  CAST(round(sum(person.total_usd), 2) AS double) AS cost_so_far_usd,
  CAST(round(coalesce(sum(person.subscription_usd), 0) + coalesce(sum(person.projected_overage_usd), 0), 2) AS double) AS projected_usd
FROM forecast_by_person AS person
JOIN report_as_of AS as_of
  ON person.month = as_of.as_of_month
GROUP BY coalesce(person.team, 'unassigned')
ORDER BY projected_usd DESC, team`;
