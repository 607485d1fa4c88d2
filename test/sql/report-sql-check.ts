/**
 * Checks the two daily views against the report format module: each must read its canonical
 * table (the normalise-reports step's, every report file read by header), never a crawled one,
 * only columns the module defines for it, every column from the canonical column of its name
 * (the id rule, the key patterns and the analytic date are the normaliser's, so a view that
 * re-derived one would own a second copy), and output the contract columns in order; activity_daily
 * must carry every activity metric, in file order. The SQL is parsed with dt-sql-parser (Trino
 * grammar); each SELECT is reduced to what it reads from and the columns it outputs.
 */
import { EntityContextType, TrinoSQL, type CommonEntityContext, type EntityContext } from 'dt-sql-parser';
import {
  ACTIVITY_METRIC_COLUMNS,
  CANONICAL_ANALYTIC_TABLE,
  CANONICAL_COLUMNS,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_USER_REPORT_TABLE,
  REPORT_TABLES,
  type CanonicalTable,
} from '../../handlers/shared/report-format.js';

/** One output column of a SELECT: its expression and the name it gets. */
interface OutputColumn {
  expression: string;
  name: string;
}

/** One SELECT of a view: the CTE it defines (none for the view's own query), its FROM and outputs. */
interface SelectList {
  cte: string | undefined;
  from: string;
  columns: OutputColumn[];
}

const parser = new TrinoSQL();

/** Words of an expression that are neither columns nor function names. */
const KEYWORDS = new Set([
  'and', 'as', 'asc', 'bigint', 'boolean', 'by', 'case', 'cast', 'date', 'desc', 'double', 'else', 'end', 'false',
  'first', 'in', 'integer', 'is', 'last', 'not', 'null', 'nulls', 'or', 'order', 'over', 'partition', 'then', 'true',
  'varchar', 'when',
]);

/** The columns of credits_daily, in order: the contract downstream views and QuickSight rely on. */
export const CREDITS_DAILY_COLUMNS = [
  'report_date', 'userid', 'client_type', 'chat_conversations', 'credits_used', 'overage_cap', 'overage_credits_used',
  'overage_enabled', 'profile_id', 'subscription_tier', 'total_messages', 'new_user', 'usage_limit', 'account_id', 'region',
  'source_file',
] as const;

/** The columns of activity_daily, in order. */
export const ACTIVITY_DAILY_COLUMNS = ['report_date', 'userid', ...ACTIVITY_METRIC_COLUMNS, 'account_id', 'region', 'source_file'];

/** Problems of `sql/01_credits_daily.sql` (empty when it agrees with the module). */
export function creditsDailyProblems(sql: string): string[] {
  const selects = selectLists(sql);
  return [
    ...canonicalReadProblems(selects, CANONICAL_USER_REPORT_TABLE),
    ...bindingProblems(selects),
    ...viewColumnProblems(selects, CREDITS_DAILY_COLUMNS, 'the credits_daily contract columns'),
  ];
}

/** Problems of `sql/02_activity_daily.sql` (empty when it agrees with the module). */
export function activityDailyProblems(sql: string): string[] {
  const selects = selectLists(sql);
  const problems = [...canonicalReadProblems(selects, CANONICAL_ANALYTIC_TABLE), ...bindingProblems(selects)];
  const reading = selects.find((select) => select.from === CANONICAL_ANALYTIC_TABLE);
  const metrics = new Set(ACTIVITY_METRIC_COLUMNS);
  if (reading) {
    const listed = reading.columns.map((column) => column.name).filter((name) => metrics.has(name));
    if (listed.join(',') !== ACTIVITY_METRIC_COLUMNS.join(',')) problems.push(`${reading.cte}: ${metricListDifference(listed)}`);
  }
  const view = selects.find((select) => select.cte === undefined);
  const names = view?.columns.map((column) => column.name) ?? [];
  if (names.join(',') !== ACTIVITY_DAILY_COLUMNS.join(',')) {
    problems.push(
      `view columns: expected report_date, userid, the metrics in file order, account_id, region, source_file; ${metricListDifference(names.filter((name) => metrics.has(name)))}`,
    );
  }
  return problems;
}

/** Missing, unknown and misplaced metrics of a list, for a readable failure. */
function metricListDifference(listed: readonly string[]): string {
  const missing = ACTIVITY_METRIC_COLUMNS.filter((metric) => !listed.includes(metric));
  if (missing.length > 0) return `missing metrics ${missing.join(', ')}`;
  const duplicated = listed.filter((metric, index) => listed.indexOf(metric) !== index);
  if (duplicated.length > 0) return `metrics listed twice: ${duplicated.join(', ')}`;
  return 'metrics not in the file order';
}

/**
 * The view reads its canonical table in exactly one SELECT and no crawled report table at all;
 * that SELECT reads only columns the module defines for the table, and each output named like a
 * canonical column is computed from that column alone (a copy-paste slip, or a rule re-derived
 * in SQL, reads another).
 */
function canonicalReadProblems(selects: readonly SelectList[], table: CanonicalTable): string[] {
  const crawled = selects.filter((select) => (REPORT_TABLES as readonly string[]).includes(select.from));
  const problems = crawled.map((select) => `${select.cte ?? 'view'}: reads the crawled table ${select.from}, whose columns are read by position`);
  const reading = selects.filter((select) => select.from === table);
  if (reading.length !== 1) return [...problems, `expected exactly one SELECT reading ${table}, found ${reading.length}`];
  const columns = new Set([...CANONICAL_COLUMNS[table].map((column) => column.name), CANONICAL_PARTITION_COLUMN]);
  const select = reading[0]!;
  for (const name of select.columns.flatMap((column) => references(column.expression)).filter((reference) => !columns.has(reference))) {
    problems.push(`${select.cte}: reads ${table}.${name}, which the report format does not define`);
  }
  for (const column of select.columns.filter(({ name }) => columns.has(name))) {
    const read = [...new Set(references(column.expression))];
    if (read.length !== 1 || read[0] !== column.name) {
      problems.push(`${select.cte}: ${column.name} is computed from ${read.join(', ') || 'nothing'} instead of ${column.name}`);
    }
  }
  return problems;
}

/** The view's own query outputs exactly `expected`, in order. */
function viewColumnProblems(selects: readonly SelectList[], expected: readonly string[], what: string): string[] {
  const names = selects.find((select) => select.cte === undefined)?.columns.map((column) => column.name) ?? [];
  return names.join(',') === expected.join(',') ? [] : [`view columns: expected ${what} (${expected.join(', ')}), got ${names.join(', ')}`];
}

/** A SELECT over a CTE may read only what that CTE outputs (`x.*` included). */
function bindingProblems(selects: readonly SelectList[]): string[] {
  const outputs = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const select of selects) {
    const upstream = outputs.get(select.from);
    const own = new Set<string>();
    for (const column of select.columns) {
      if (column.expression === `${select.from}.*`) {
        upstream?.forEach((name) => own.add(name));
        continue;
      }
      own.add(column.name);
      if (upstream === undefined) continue;
      for (const name of references(column.expression).filter((reference) => !upstream.has(reference))) {
        problems.push(`${select.cte ?? 'view'}: reads ${name}, which ${select.from} does not output`);
      }
    }
    if (select.cte !== undefined) outputs.set(select.cte, own);
  }
  return problems;
}

/** The SELECTs of a view in text order, as dt-sql-parser's entities describe them. */
function selectLists(sql: string): SelectList[] {
  const entities: EntityContext[] = parser.getAllEntities(sql) ?? [];
  const tables = entities.filter((entity) => entity.entityContextType === EntityContextType.TABLE);
  return entities
    .filter((entity): entity is CommonEntityContext => entity.entityContextType === EntityContextType.QUERY_RESULT)
    .map((result) => {
      const start = result.belongStmt.position.startIndex;
      const from = tables.filter((table) => table.belongStmt.position.startIndex === start).map((table) => table.text);
      return {
        // A CTE's SELECT follows `<name> AS (`; the view's own query does not.
        cte: /(\w+)\s+AS\s*\(\s*$/i.exec(sql.slice(0, start))?.[1],
        from: from.join(', '),
        columns: (result.columns ?? []).map((column) => ({ expression: column.text, name: column._alias?.text ?? column.text })),
      };
    });
}

/**
 * Column names an expression reads: identifiers (quoted or bare, qualifier dropped) that are
 * not keywords, types or function names; string literals are skipped.
 */
function references(expression: string): string[] {
  const code = expression.replace(/'(?:[^']|'')*'/g, "''");
  const names: string[] = [];
  for (const match of code.matchAll(/"((?:[^"]|"")+)"|\b([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*[.(])/g)) {
    const name = match[1]?.replaceAll('""', '"') ?? (match[2] as string);
    if (match[1] !== undefined || !KEYWORDS.has(name.toLowerCase())) names.push(name);
  }
  return names;
}
