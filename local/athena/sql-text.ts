/** Quoting helpers for the SQL the engine generates from file names and CSV headers. */

/** A SQL string literal: single quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, so header names with dots (`claude_haiku_4.5_messages`) stay intact. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
