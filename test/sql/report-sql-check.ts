/**
 * Checks the two views over the raw reports against the report format module: the SQL may read
 * only columns the module defines, must handle every activity metric in each list of
 * activity_daily, and must use the module's id prefix rule, file stamp, account and region
 * patterns and analytic date format. The SQL is
 * parsed with dt-sql-parser (Trino grammar); each SELECT is reduced to what it reads from and
 * the columns it outputs.
 */
import { EntityContextType, TrinoSQL, type CommonEntityContext, type EntityContext } from 'dt-sql-parser';
import {
  ACTIVITY_METRIC_COLUMNS,
  BY_USER_ANALYTIC_COLUMNS,
  BY_USER_ANALYTIC_DATE_FORMAT,
  BY_USER_ANALYTIC_TABLE,
  IDENTITY_STORE_PREFIX_PATTERN,
  PATH_ACCOUNT_PATTERN,
  PATH_COLUMN,
  fileStampPattern,
  pathRegionPattern,
  type ReportTable,
  USER_REPORT_FIXED_COLUMNS,
  USER_REPORT_TABLE,
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

/** Problems of `sql/01_credits_daily.sql` (empty when it agrees with the module). */
export function creditsDailyProblems(sql: string): string[] {
  const selects = selectLists(sql);
  return [
    ...reportReadProblems(selects, USER_REPORT_TABLE, USER_REPORT_FIXED_COLUMNS),
    ...bindingProblems(selects),
    ...idRuleProblems(selects),
    ...keyPatternProblems(selects, USER_REPORT_TABLE),
  ];
}

/** Problems of `sql/02_activity_daily.sql` (empty when it agrees with the module). */
export function activityDailyProblems(sql: string): string[] {
  const selects = selectLists(sql);
  const problems = [
    ...reportReadProblems(selects, BY_USER_ANALYTIC_TABLE, BY_USER_ANALYTIC_COLUMNS),
    ...bindingProblems(selects),
    ...idRuleProblems(selects),
    ...keyPatternProblems(selects, BY_USER_ANALYTIC_TABLE),
  ];
  const reading = selects.find((select) => select.from === BY_USER_ANALYTIC_TABLE);
  const typed = reading && selects.find((select) => select.from === reading.cte);
  const view = selects.find((select) => select.cte === undefined);
  if (!reading || !typed || !view) {
    return [...problems, 'expected the report read in a CTE, its values typed in the next CTE, and the view query'];
  }
  const metrics = new Set(ACTIVITY_METRIC_COLUMNS);
  for (const select of [reading, typed]) {
    const listed = select.columns.map((column) => column.name).filter((name) => metrics.has(name));
    if (listed.join(',') !== ACTIVITY_METRIC_COLUMNS.join(',')) {
      problems.push(`${select.cte}: ${metricListDifference(listed)}`);
    }
  }
  for (const column of typed.columns.filter(({ name }) => metrics.has(name))) {
    const read = [...new Set(references(column.expression))];
    if (read.length !== 1 || read[0] !== column.name) {
      problems.push(`${typed.cte}: ${column.name} is computed from ${read.join(', ') || 'nothing'} instead of ${column.name}`);
    }
  }
  const viewColumns = ['report_date', 'userid', ...ACTIVITY_METRIC_COLUMNS, 'account_id', 'region', 'source_file'];
  const names = view.columns.map((column) => column.name);
  if (names.join(',') !== viewColumns.join(',')) {
    problems.push(
      `view columns: expected report_date, userid, the metrics in file order, account_id, region, source_file; ${metricListDifference(names.filter((name) => metrics.has(name)))}`,
    );
  }
  const date = typed.columns.find((column) => column.name === 'report_date');
  if (!date?.expression.includes(`date_parse(date_text, '${BY_USER_ANALYTIC_DATE_FORMAT}')`)) {
    problems.push(`${typed.cte}: report_date must parse the analytic date with date_parse(date_text, '${BY_USER_ANALYTIC_DATE_FORMAT}')`);
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

/** Every column the SELECT over the raw report reads must be one the module defines. */
function reportReadProblems(selects: readonly SelectList[], table: string, columns: readonly string[]): string[] {
  const reading = selects.filter((select) => select.from === table);
  if (reading.length !== 1) {
    return [`expected exactly one SELECT reading ${table}, found ${reading.length}`];
  }
  const known = new Set([...columns, PATH_COLUMN]);
  const select = reading[0]!;
  return select.columns
    .flatMap((column) => references(column.expression))
    .filter((name) => !known.has(name))
    .map((name) => `${select.cte}: reads ${table}.${name}, which the report format does not define`);
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

/** The userid the view outputs must drop the identity store prefix with the module's pattern. */
function idRuleProblems(selects: readonly SelectList[]): string[] {
  const userids = selects.flatMap((select) => select.columns.filter((column) => column.name === 'userid' && column.expression !== 'userid'));
  const rule = `'${IDENTITY_STORE_PREFIX_PATTERN}'`;
  return userids.length === 1 && userids[0]!.expression.includes(rule)
    ? []
    : [`userid must be computed once, with regexp_replace(…, ${rule}, '')`];
}

/**
 * The export stamp, the account and the region must be cut from the file's path with the
 * module's patterns: the re-export rule and the de-dup key depend on them.
 */
function keyPatternProblems(selects: readonly SelectList[], table: ReportTable): string[] {
  const rules: Array<[string, string]> = [
    ['file_stamp', fileStampPattern(table)],
    ['account_id', PATH_ACCOUNT_PATTERN],
    ['region', pathRegionPattern(table)],
  ];
  return rules.flatMap(([name, pattern]) => {
    const computed = selects.flatMap((select) => select.columns.filter((column) => column.name === name && column.expression !== name));
    return computed.length === 1 && computed[0]!.expression.includes(`regexp_extract(source_file, '${pattern}', 1)`)
      ? []
      : [`${name} must be computed once, with regexp_extract(source_file, '${pattern}', 1)`];
  });
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
