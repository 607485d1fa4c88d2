/**
 * Which tables and views a query reads, and how many times (pure): what the scan estimate's
 * reads follow from, so that a view's SQL is the one place that says what it reads.
 *
 * Trino, and so Athena, inlines a WITH query at each reference: a WITH query referenced twice
 * reads its tables twice (no scan is shared). The counts here expand them the same way.
 *
 * A small reader of our own SQL's shape rather than a full parser: dt-sql-parser's entities name
 * the tables of each statement but not which WITH query a reference sits in, which the counts
 * need. It reads `FROM <name>` and `JOIN <name>` after comments and string literals are blanked,
 * and WITH queries written `<name> AS (…)` at the top of the statement.
 */
import { withoutComments, type ViewStatement } from '../../handlers/render-views/plan-views.js';

/** Blanks comments and string literals, so neither can name a table. */
function code(sql: string): string {
  return withoutComments(sql).replace(/'(?:[^']|'')*'/g, "''");
}

/** Names after FROM or JOIN, lowercase, in text order (a subquery's `FROM (` names nothing). */
function namesRead(text: string): string[] {
  return [...text.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)\b/gi)].map((match) => (match[1] as string).toLowerCase());
}

/** The index just after the parenthesis that closes the one opened before `start`. */
function closingParen(text: string, start: number, statement: string): number {
  let depth = 1;
  for (let index = start; index < text.length; index += 1) {
    if (text[index] === '(') depth += 1;
    else if (text[index] === ')') depth -= 1;
    if (depth === 0) return index + 1;
  }
  throw new Error(`${statement}: unbalanced parentheses in a WITH query`);
}

/**
 * How many times `sql` (one query, or one `CREATE OR REPLACE VIEW … AS` statement) reads each
 * table or view it names, its WITH queries expanded at each reference. `statement` names it in
 * an error.
 */
export function relationReads(sql: string, statement = 'query'): Map<string, number> {
  let rest = code(sql).trim().replace(/^CREATE\s+OR\s+REPLACE\s+VIEW\s+[A-Za-z_][A-Za-z0-9_.]*\s+AS\s+/i, '');
  const withQueries = new Map<string, string[]>();
  const withClause = /^WITH\s+/i.exec(rest);
  if (withClause) {
    rest = rest.slice(withClause[0].length);
    for (let head = /^([A-Za-z_][A-Za-z0-9_]*)\s+AS\s*\(/i.exec(rest); head; head = /^,\s*([A-Za-z_][A-Za-z0-9_]*)\s+AS\s*\(/i.exec(rest)) {
      const end = closingParen(rest, head[0].length, statement);
      withQueries.set((head[1] as string).toLowerCase(), namesRead(rest.slice(head[0].length, end - 1)));
      rest = rest.slice(end).trimStart();
    }
  }
  const counts = new Map<string, number>();
  const read = (names: readonly string[], through: readonly string[]): void => {
    for (const name of names) {
      const inlined = withQueries.get(name);
      if (inlined === undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
      else if (through.includes(name)) throw new Error(`${statement}: WITH query ${name} reads itself`);
      else read(inlined, [...through, name]);
    }
  };
  read(namesRead(rest), []);
  return counts;
}

/** The names (identifiers, lowercase) `sql` uses outside comments and string literals. */
export function sqlNames(sql: string): Set<string> {
  return new Set([...code(sql).matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((match) => match[0].toLowerCase()));
}

/** Each view's names ({@link sqlNames}), by view name, from CreateViews' statements. */
export function viewNames(statements: readonly ViewStatement[]): Map<string, Set<string>> {
  return new Map(statements.map((statement) => [statement.view, sqlNames(statement.sql)]));
}

/** Each view's reads ({@link relationReads}), by view name, from CreateViews' statements. */
export function viewReferences(statements: readonly ViewStatement[]): Map<string, Map<string, number>> {
  return new Map(statements.map((statement) => [statement.view, relationReads(statement.sql, statement.file)]));
}
