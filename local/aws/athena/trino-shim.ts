/**
 * DuckDB macros for the Trino (Athena engine v3) functions the views use and DuckDB lacks, so the
 * same SQL text runs on both. Only what the SQL needs; each macro mirrors Trino's behaviour,
 * including failing on bad input (the SQL wraps calls in `try(...)` where bad input is expected).
 */
export const TRINO_SHIM_MACROS: readonly string[] = [
  // Trino's date_parse(string, format) takes MySQL-style formats (%Y-%m-%d, %m-%d-%Y), which
  // DuckDB's strptime understands too; both return a timestamp and fail on a mismatch.
  `CREATE OR REPLACE MACRO date_parse(text, format) AS strptime(text, format)`,
  // Trino's from_iso8601_timestamp('2026-07-10T03:00:00Z') returns a timestamp with time zone;
  // DuckDB's TIMESTAMPTZ cast accepts the same ISO-8601 text and fails on anything else.
  `CREATE OR REPLACE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)`,
  // Trino's last_day_of_month(date) is DuckDB's last_day(date): the month's last day, as a date.
  `CREATE OR REPLACE MACRO last_day_of_month(day) AS last_day(day)`,
  // Trino's array_join(array, separator) is DuckDB's array_to_string (NULL elements skipped in both).
  `CREATE OR REPLACE MACRO array_join(items, separator) AS array_to_string(items, separator)`,
];
