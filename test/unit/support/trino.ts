/** Trino syntax check of the handlers' SQL (Athena engine v3 is Trino). */
import { TrinoSQL } from 'dt-sql-parser';

const parser = new TrinoSQL();

/** The parser's syntax errors for `sql` (empty when valid). */
export function trinoSyntaxErrors(sql: string): string[] {
  return parser.validate(sql).map((error) => `${error.startLine}:${error.startColumn} ${error.message}`);
}
