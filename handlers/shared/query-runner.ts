/** One result row, by column name. Athena returns every value as text (or null). */
export type Row = Record<string, string | null>;

/**
 * Runs one SQL statement and returns all its rows: Athena in AWS, DuckDB in the local run.
 */
export interface QueryRunner {
  run(sql: string): Promise<Row[]>;
}
