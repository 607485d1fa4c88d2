/** SQL of CheckData (valid Trino and DuckDB). */
import { requireIsoDate } from '../shared/dates.js';
import { BY_USER_ANALYTIC_DATE_FORMAT, BY_USER_ANALYTIC_TABLE, PARTITION_COLUMNS, PATH_COLUMN, USER_MAPPING_TABLE, USER_REPORT_TABLE } from '../shared/report-format.js';
import { sqlCount, sqlDate, sqlIdentifier } from '../shared/sql-literals.js';

/**
 * One row: `credits_rows`, `activity_rows` (rows of `reportDate` in each daily view),
 * `newest_date` (the latest report_date on or before `executionDate` in either view, NULL when
 * there is none) and `future_rows` (rows of either view dated after `executionDate`: a day that
 * has not happened yet, which must neither hide stale data nor pass for the newest day; in AWS
 * the day after today is the last one the tables project, so later rows wait unseen).
 */
export function dataPresenceQuery(reportDate: string, executionDate: string): string {
  const day = sqlDate(reportDate);
  const today = sqlDate(executionDate);
  return `SELECT
  (SELECT count(*) FROM credits_daily WHERE report_date = ${day}) AS credits_rows,
  (SELECT count(*) FROM activity_daily WHERE report_date = ${day}) AS activity_rows,
  (SELECT CAST(max(newest) AS varchar) FROM (
    SELECT max(report_date) AS newest FROM credits_daily WHERE report_date <= ${today}
    UNION ALL
    SELECT max(report_date) AS newest FROM activity_daily WHERE report_date <= ${today}
  ) AS newest_per_view) AS newest_date,
  (SELECT count(*) FROM credits_daily WHERE report_date > ${today})
    + (SELECT count(*) FROM activity_daily WHERE report_date > ${today}) AS future_rows`;
}

const PATH = sqlIdentifier(PATH_COLUMN);
const text = (column: string): string => `nullif(trim(CAST(${column} AS varchar)), '')`;

/**
 * One row per file (`"$path"`) of the report date's folders of the report tables
 * (`<region>/<yyyy>/<mm>/<dd>/00/`, the crawler's partition_1..3) and of the user mapping with rows the views
 * cannot use, at most `limit`, plus the total: `source_table`, `file`, `bad_date_rows` (no date
 * the daily view can parse), `no_userid_rows` (no UserId), `example_date` (one such date as
 * written), `files_with_issues` (over all those files, not only those listed). A user_mapping row
 * without a userid is a line the JSON SerDe could not read (`ignore.malformed.json`). This is
 * what Athena can show of a damaged file: it reads what it can, so a row that reads wrongly but
 * parses (cells shifted by a missing comma) is not found here. The report CSVs are read whole
 * (text), so the bound on the day's folders is what keeps a daily run from reading the whole
 * history; older days' issues are counted per day in data_quality_issues by the normaliser.
 */
export function fileQualityQuery(limit: number, reportDate: string): string {
  const [year, month, day] = requireIsoDate(reportDate, 'check-data: report date').split('-');
  const dayFolder = `WHERE ${PARTITION_COLUMNS[1]} = '${year}' AND ${PARTITION_COLUMNS[2]} = '${month}' AND ${PARTITION_COLUMNS[3]} = '${day}'`;
  const userReportBadDate = `try_cast(${text('"date"')} AS date) IS NULL`;
  const analyticBadDate = `try(date_parse(${text('"date"')}, '${BY_USER_ANALYTIC_DATE_FORMAT}')) IS NULL`;
  const noUserid = `${text('userid')} IS NULL`;
  const perFile = (table: string, badDate: string): string => `SELECT
    '${table}' AS source_table,
    ${PATH} AS file,
    sum(CASE WHEN ${badDate} THEN 1 ELSE 0 END) AS bad_date_rows,
    sum(CASE WHEN ${noUserid} THEN 1 ELSE 0 END) AS no_userid_rows,
    max(CASE WHEN ${badDate} THEN coalesce(CAST("date" AS varchar), '') END) AS example_date
  FROM ${table}
  ${dayFolder}
  GROUP BY ${PATH}`;
  return `WITH files AS (
  ${perFile(USER_REPORT_TABLE, userReportBadDate)}
  UNION ALL
  ${perFile(BY_USER_ANALYTIC_TABLE, analyticBadDate)}
  UNION ALL
  SELECT
    '${USER_MAPPING_TABLE}' AS source_table,
    ${PATH} AS file,
    CAST(0 AS bigint) AS bad_date_rows,
    sum(CASE WHEN ${noUserid} THEN 1 ELSE 0 END) AS no_userid_rows,
    CAST(NULL AS varchar) AS example_date
  FROM ${USER_MAPPING_TABLE}
  GROUP BY ${PATH}
),
flagged AS (
  SELECT files.*, count(*) OVER () AS files_with_issues
  FROM files
  WHERE bad_date_rows > 0 OR no_userid_rows > 0
)
SELECT source_table, file, bad_date_rows, no_userid_rows, example_date, files_with_issues
FROM flagged
ORDER BY source_table, file
LIMIT ${sqlCount(limit)}`;
}

/**
 * The report date's rows of data_quality_issues per issue kind: `issue`, `rows` (over every
 * report and file of the day; kinds without rows are not listed).
 */
export function dayIssuesQuery(reportDate: string): string {
  return `SELECT issue, CAST(sum("rows") AS bigint) AS "rows"
FROM data_quality_issues
WHERE report_date = ${sqlDate(reportDate)}
GROUP BY issue
HAVING sum("rows") > 0
ORDER BY issue`;
}

/** The one row of billing_semantics: its verdicts, the evidence counts and the configured values. */
export function billingSemanticsQuery(): string {
  return `SELECT
  overage_looks_month_to_date, overage_steps, overage_falls, overage_month_changes, overage_month_restarts,
  credits_used_looks_inclusive, credits_evidence_months, credits_above_allowance_months,
  configured_overage_credits_used, configured_credits_used_includes_overage
FROM billing_semantics`;
}
