/** One result row, by column name. Athena returns every value as text (or null). */
export type Row = Record<string, string | null>;

/** A line (or a whole file) that loading a table could not read, and why. */
export interface LoadIssue {
  /** The table the file belongs to: `user_report`, `by_user_analytic` or `user_mapping`. */
  table: string;
  /** The file, as its rows' `"$path"` would name it. */
  file: string;
  /** The line of the file (from 1, the header is line 1); `null` when the whole file is meant. */
  line: number | null;
  reason: string;
}

/**
 * Runs one SQL statement and returns all its rows: Athena in AWS, DuckDB in the local run.
 */
export interface QueryRunner {
  run(sql: string): Promise<Row[]>;
  /**
   * The lines the last load of the tables skipped, with line and reason. Only the local stand-in
   * has this (`load-issues` in local/aws/differences.ts): Athena reads what it can of a file and
   * keeps no such list, so in AWS CheckData has only the `"$path"`-level counts of rows the views
   * cannot use.
   */
  loadIssues?(): readonly LoadIssue[];
}
