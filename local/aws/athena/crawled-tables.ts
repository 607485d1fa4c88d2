/**
 * Loads report CSVs into DuckDB tables shaped and read like the Glue crawler's tables through
 * Athena's OpenCSVSerDe. The table the stack defines with the fixed columns, kept by the crawler
 * (one table per prefix, new columns merged), has one merged schema: the files' header names
 * merged in first-seen order, a new name appended, never one moved (see {@link crawledSchema}).
 * The SerDe then reads every file's cells BY POSITION against that schema, whatever the file's
 * own header says: the header line is skipped (`skip.header.line.count`), cell n lands in the table's column
 * n, a file with fewer columns reads NULLs in the columns after its last, cells past the schema's
 * last column are not read, every column is a string and an empty cell is ''. So a file whose
 * columns come in another order puts its cells under the wrong names, exactly as in AWS; the
 * views that must not depend on a position read the canonical tables instead. Also `"$path"` and
 * `partition_0..partition_4`.
 *
 * Files are read in groups, one `read_csv` over many files per group (the files with the same
 * number of columns): reading each file into its own table and unioning thousands of them was
 * what made loading slow. Every cell is read as VARCHAR with a fixed dialect, never sniffed (the
 * sniffer misreads `02-10-2026`).
 *
 * One odd file never blocks the others: a line DuckDB cannot read (a wrong number of cells, bytes
 * that are not UTF-8, an unterminated quote, a line of blanks) is left out and reported with its
 * line and DuckDB's reason; a file whose header cannot be read is left out and reported; a header
 * column without a usable name adds no column to the schema and is reported. An empty file (no
 * bytes, only a BOM, or only a header) simply has no rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isUnreadColumn, MalformedCsvError, readCsvHeader } from './csv-header.js';
import { PARTITION_COLUMNS, PATH_COLUMN } from '../../../handlers/shared/report-format.js';
import type { LoadIssue } from '../../../handlers/shared/query-runner.js';
import type { ReportFile } from './report-files.js';
import { sqlIdentifier, sqlString } from '../../../handlers/shared/sql-literals.js';

/** Scratch table of the files being loaded: each one's `"$path"` and partition values. */
const FILES_TABLE = 'crawl_files';
/** Scratch table the error path reads a suspect subset of files into. */
const PROBE_TABLE = 'crawl_probe';
/** Scratch tables where `read_csv` stores the lines it skipped, and its scans (`store_rejects`). */
const REJECTS_TABLE = 'crawl_rejects';
const REJECT_SCANS_TABLE = 'crawl_reject_scans';

/** Report files one `read_csv` reads together: those with the same number of columns. */
interface ReportFileGroup {
  /** How many columns every file of the group has (its header's cells). */
  width: number;
  files: ReportFile[];
}

/**
 * The merged schema the crawler gives a table of files with these `headers` (each a file's
 * column names as {@link readCsvHeader} gives them, files in path order): `fixedColumns` first,
 * as the stack defines the table (stacks/constructs/report-tables.ts), then every other name the
 * crawler merges in, in the order first seen, file by file and left to right. A name
 * already in the schema keeps its place whatever its position in a later file; a placeholder of a
 * header column without a usable name adds nothing.
 */
export function crawledSchema(fixedColumns: readonly string[], headers: readonly (readonly string[])[]): string[] {
  const schema = [...fixedColumns];
  const seen = new Set(schema);
  for (const name of headers.flat()) {
    if (seen.has(name) || isUnreadColumn(name)) continue;
    seen.add(name);
    schema.push(name);
  }
  return schema;
}

/**
 * Creates (or replaces) `table` from `files`, each read exactly once by position against the
 * merged schema ({@link crawledSchema}), and returns what it could not read. Columns in
 * `fixedColumns` exist even when no file has them (older header versions, or no files at all),
 * as in the catalog.
 */
export async function loadReportTable(
  connection: DuckDBConnection,
  table: string,
  files: readonly ReportFile[],
  fixedColumns: readonly string[],
): Promise<LoadIssue[]> {
  const issues: LoadIssue[] = [];
  const headers = readHeaders(table, files, issues);
  const schema = crawledSchema(fixedColumns, headers.map((read) => read.names));
  let groups = groupByWidth(headers);
  await createFilesTable(connection, files);
  try {
    // Each round either loads the table or finds the one file DuckDB could not read even
    // skipping lines, which is then left out; so it ends after at most one round per file.
    for (;;) {
      await dropRejects(connection);
      try {
        await connection.run(`CREATE OR REPLACE TABLE ${table} AS ${unionOf(groups, schema)}`);
        issues.push(...(await rejectedLines(connection, table)));
        return issues;
      } catch (error) {
        const malformed = await findMalformedFile(connection, groups, schema);
        if (malformed === undefined) throw error;
        issues.push({ table, file: malformed.file.path, ...describeCsvError(malformed.error.message) });
        groups = groups
          .map((group) => ({ ...group, files: group.files.filter((file) => file !== malformed.file) }))
          .filter((group) => group.files.length > 0);
      }
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${FILES_TABLE}`);
    await dropRejects(connection);
  }
}

/**
 * DuckDB's CSV error in the words that matter: the line it names and the reason lines after the
 * `Original Line`, without the `Possible fixes` and the dialect dump. Only the first line of the
 * message said `CSV Error on Line: N`, which told nobody what was wrong.
 */
export function describeCsvError(message: string): { line: number | null; reason: string } {
  const lines = message.split('\n').map((text) => text.trim());
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const end = lines.findIndex((text) => text.startsWith('Possible fixes') || text.startsWith('file ='));
  const reasons = lines
    .slice(0, end < 0 ? lines.length : end)
    .filter((text) => text !== '' && !text.startsWith('Original Line:') && !/CSV Error on Line: \d+$/.test(text))
    .map((text) => text.replace(/^(Invalid Input Error|Conversion Error): /, ''));
  return { line: line === undefined ? null : Number(line), reason: reasons.join('; ') || lines[0] || message };
}

/**
 * Reads the header line of every file, keeping path order. A file whose header cannot be read
 * is left out, as is an empty one (it has no rows); both the former and a header column without
 * a usable name are `issues`.
 */
function readHeaders(table: string, files: readonly ReportFile[], issues: LoadIssue[]): Array<{ file: ReportFile; names: string[] }> {
  return files.flatMap((file) => {
    try {
      const read = readCsvHeader(file.path);
      issues.push(...read.problems.map((reason) => ({ table, file: file.path, line: 1, reason })));
      return read.names.length === 0 ? [] : [{ file, names: read.names }];
    } catch (error) {
      const malformed = error instanceof MalformedCsvError ? error : undefined;
      issues.push({
        table,
        file: file.path,
        line: malformed?.line ?? null,
        reason: `${malformed?.reason ?? (error as Error).message}: the file is not read`,
      });
      return [];
    }
  });
}

/** Groups the files by their number of columns, keeping path order within a group. */
function groupByWidth(headers: ReadonlyArray<{ file: ReportFile; names: string[] }>): ReportFileGroup[] {
  const groups = new Map<number, ReportFileGroup>();
  for (const { file, names } of headers) {
    const group = groups.get(names.length) ?? { width: names.length, files: [] };
    group.files.push(file);
    groups.set(names.length, group);
  }
  return [...groups.values()];
}

/** The SELECT of the whole table: the empty, typed branch of the schema, then each group. */
function unionOf(groups: readonly ReportFileGroup[], schema: readonly string[]): string {
  const emptyShape = [
    ...schema.map((name) => `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(name)}`),
    `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(PATH_COLUMN)}`,
    ...PARTITION_COLUMNS.map((column) => `CAST(NULL AS VARCHAR) AS ${column}`),
  ].join(', ');
  // The empty first branch gives the columns their place and type even without files.
  return [`SELECT ${emptyShape} WHERE false`, ...groups.map((group) => selectReportFiles(group, schema))].join('\nUNION ALL\n');
}

/**
 * Fills {@link FILES_TABLE} with the path and partition values of `files`. Joining it once per
 * group costs less than cutting the partitions out of every row's file name.
 */
async function createFilesTable(connection: DuckDBConnection, files: readonly ReportFile[]): Promise<void> {
  const columns = [PATH_COLUMN, ...PARTITION_COLUMNS].map((name) => `${sqlIdentifier(name)} VARCHAR`);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${FILES_TABLE} (${columns.join(', ')})`);
  const appender = await connection.createAppender(FILES_TABLE);
  try {
    for (const file of files) {
      appender.appendVarchar(file.path);
      PARTITION_COLUMNS.forEach((_, index) => {
        const value = file.partitions[index];
        if (value === undefined) {
          appender.appendNull();
        } else {
          appender.appendVarchar(value);
        }
      });
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

/** `read_csv`'s name for cell `n` (from 1) of a line, before it is put under the schema's name. */
function cellColumn(n: number): string {
  return `column_${n}`;
}

/**
 * The SELECT that reads every file of `group` as OpenCSVSerDe does, with each row's path and
 * partitions from {@link FILES_TABLE}: the header line skipped, cell n under the schema's column
 * n (an empty cell as ''), NULL in the schema's columns past the files' last, cells past the
 * schema's last not read. The CSV dialect is fixed (no sniffing: the sniffer misreads
 * `02-10-2026`) and strict, every cell VARCHAR; a line that breaks it is left out and recorded in
 * {@link REJECTS_TABLE}.
 */
function selectReportFiles(group: ReportFileGroup, schema: readonly string[]): string {
  const columnTypes = Array.from({ length: group.width }, (_, index) => `${sqlString(cellColumn(index + 1))}: 'VARCHAR'`).join(', ');
  const cells = schema.map((name, index) =>
    index < group.width
      ? `coalesce(${sqlIdentifier(cellColumn(index + 1))}, '') AS ${sqlIdentifier(name)}`
      : `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(name)}`,
  );
  const paths = group.files.map((file) => sqlString(file.path)).join(', ');
  const skipping = `ignore_errors = true, store_rejects = true, rejects_table = ${sqlString(REJECTS_TABLE)}, rejects_scan = ${sqlString(REJECT_SCANS_TABLE)}`;
  return [
    `SELECT ${[...cells, sqlIdentifier(PATH_COLUMN), ...PARTITION_COLUMNS].join(', ')}`,
    `FROM read_csv([${paths}], header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',`,
    `  strict_mode = true, ${skipping}, filename = ${sqlString(PATH_COLUMN)}, columns = {${columnTypes}})`,
    `JOIN ${FILES_TABLE} USING (${sqlIdentifier(PATH_COLUMN)})`,
  ].join('\n');
}

/** The lines the last load skipped, one issue per file and line (DuckDB may report a line twice). */
async function rejectedLines(connection: DuckDBConnection, table: string): Promise<LoadIssue[]> {
  const exists = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${sqlString(REJECTS_TABLE)}`,
  );
  if (Number(exists.getRowObjects()[0]?.n ?? 0) === 0) return [];
  const reader = await connection.runAndReadAll(`
    SELECT scans.file_path AS file, CAST(rejects.line AS BIGINT) AS line, arg_min(rejects.error_message, rejects.column_idx) AS reason
    FROM ${REJECTS_TABLE} AS rejects
    JOIN ${REJECT_SCANS_TABLE} AS scans USING (scan_id, file_id)
    GROUP BY scans.file_path, rejects.line
    ORDER BY scans.file_path, rejects.line`);
  return reader.getRowObjects().map((row) => ({
    table,
    file: String(row.file),
    line: Number(row.line),
    reason: `${String(row.reason)}: the line is not read`,
  }));
}

async function dropRejects(connection: DuckDBConnection): Promise<void> {
  await connection.run(`DROP TABLE IF EXISTS ${REJECTS_TABLE}`);
  await connection.run(`DROP TABLE IF EXISTS ${REJECT_SCANS_TABLE}`);
}

/**
 * After a failed load: the first file that fails on its own even skipping lines, with its
 * error, or `undefined` when none does. A failing group is halved until one file is left, so a
 * bad file among thousands costs a few reads of the group rather than one query per file.
 */
async function findMalformedFile(
  connection: DuckDBConnection,
  groups: readonly ReportFileGroup[],
  schema: readonly string[],
): Promise<{ file: ReportFile; error: Error } | undefined> {
  try {
    for (const group of groups) {
      let suspects = group.files;
      if ((await probe(connection, schema, group, suspects)) === undefined) {
        continue;
      }
      while (suspects.length > 1) {
        const firstHalf = suspects.slice(0, Math.ceil(suspects.length / 2));
        suspects = (await probe(connection, schema, group, firstHalf)) === undefined ? suspects.slice(firstHalf.length) : firstHalf;
      }
      const file = suspects[0]!;
      const failure = await probe(connection, schema, group, suspects);
      if (failure !== undefined) {
        return { file, error: failure };
      }
    }
    return undefined;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${PROBE_TABLE}`);
  }
}

/** Reads `files` of `group` in full, skipping bad lines as the load does; their error, if any. */
async function probe(connection: DuckDBConnection, schema: readonly string[], group: ReportFileGroup, files: ReportFile[]): Promise<Error | undefined> {
  try {
    await dropRejects(connection);
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${PROBE_TABLE} AS ${selectReportFiles({ ...group, files }, schema)}`);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
