/** SQL of CheckData (valid Trino and DuckDB). */
import { sqlDate } from '../shared/sql-literals.js';

/**
 * One row: `credits_rows`, `activity_rows` (rows of `reportDate` in each daily view) and
 * `newest_date` (the latest report_date in either view, NULL when both are empty).
 */
export function dataPresenceQuery(reportDate: string): string {
  const day = sqlDate(reportDate);
  return `SELECT
  (SELECT count(*) FROM credits_daily WHERE report_date = ${day}) AS credits_rows,
  (SELECT count(*) FROM activity_daily WHERE report_date = ${day}) AS activity_rows,
  (SELECT CAST(max(newest) AS varchar) FROM (
    SELECT max(report_date) AS newest FROM credits_daily
    UNION ALL
    SELECT max(report_date) AS newest FROM activity_daily
  ) AS newest_per_view) AS newest_date`;
}
