/**
 * The canonical tables normalise-reports writes (`canonical/<table>/report_date=YYYY-MM-DD/*.parquet`)
 * in DuckDB: each a view over its Parquet files, read at query time as Athena reads them, typed
 * as the stack's Glue tables declare them and partitioned as their projection reads them, with
 * each row's `"$path"`. DuckDB's own Parquet reader does the reading (read_parquet), columns by
 * name as Athena reads Parquet: a column a file lacks is NULL. Empty objects (what a rewritten
 * report file no longer gives) hold no rows and are passed over, as Athena passes over empty
 * files. Without files the tables exist and are empty, as the stack-defined tables are before the
 * first run. A file that is no Parquet file is left out and reported, like a damaged mapping line.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isIsoDate } from '../../../handlers/shared/dates.js';
import type { LoadIssue } from '../../../handlers/shared/query-runner.js';
import {
  CANONICAL_COLUMNS,
  CANONICAL_OBJECT_SUFFIX,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_TABLES,
  canonicalTablePrefix,
  FIRST_REPORT_DAY,
  PATH_COLUMN,
  type CanonicalColumn,
  type CanonicalTable,
} from '../../../handlers/shared/report-format.js';
import { sqlIdentifier, sqlString } from '../../../handlers/shared/sql-literals.js';

const DUCKDB_TYPES: Record<CanonicalColumn['type'], string> = { string: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN' };

/** (Re)creates every canonical table, empty. */
export async function createCanonicalTables(connection: DuckDBConnection): Promise<void> {
  for (const table of CANONICAL_TABLES) await createEmptyTable(connection, table);
}

/** (Re)creates `table` empty, as the stack defines it before any file is written. */
async function createEmptyTable(connection: DuckDBConnection, table: CanonicalTable): Promise<void> {
  await dropRelation(connection, table);
  const columns = CANONICAL_COLUMNS[table].map((column) => `${sqlIdentifier(column.name)} ${DUCKDB_TYPES[column.type]}`);
  await connection.run(`CREATE TABLE ${table} (${columns.join(', ')}, ${CANONICAL_PARTITION_COLUMN} DATE, ${sqlIdentifier(PATH_COLUMN)} VARCHAR)`);
}

/**
 * The non-empty Parquet files of one canonical table below the bucket folder `root`, each in a
 * `report_date=YYYY-MM-DD/` folder right below the table's (the folders the projection reads).
 */
async function tableFiles(root: string, table: CanonicalTable): Promise<string[]> {
  const folder = resolve(root, canonicalTablePrefix(table));
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(CANONICAL_OBJECT_SUFFIX))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => {
      const day = /^report_date=(.*)$/.exec(basename(dirname(path)))?.[1];
      // The projection's days start at FIRST_REPORT_DAY; its end is not applied (difference `projected-days`).
      return day !== undefined && isIsoDate(day) && day >= FIRST_REPORT_DAY && dirname(dirname(path)) === folder;
    })
    .sort((a, b) => a.localeCompare(b));
  const sizes = await Promise.all(files.map(async (path) => (await stat(path)).size));
  return files.filter((_, index) => (sizes[index] ?? 0) > 0);
}

/** Drops `name` in the current schema, whether it is a table (empty, before any file) or a view (over files). */
async function dropRelation(connection: DuckDBConnection, name: string): Promise<void> {
  const reader = await connection.runAndReadAll(
    `SELECT 'VIEW' AS kind FROM duckdb_views() WHERE view_name = ${sqlString(name)} AND schema_name = current_schema() AND database_name = current_database()
     UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = ${sqlString(name)} AND schema_name = current_schema() AND database_name = current_database()`,
  );
  for (const [kind] of reader.getRows()) await connection.run(`DROP ${String(kind)} ${sqlIdentifier(name)}`);
}

/**
 * The rows of `files`: each column by name and type, then the file's day (its `report_date=`
 * folder) and path. Rows keep the order of the files and of each file.
 */
function filesQuery(table: CanonicalTable, files: readonly string[]): string {
  const columns = CANONICAL_COLUMNS[table].map((column) => `CAST(${sqlIdentifier(column.name)} AS ${DUCKDB_TYPES[column.type]}) AS ${sqlIdentifier(column.name)}`);
  return `SELECT ${columns.join(', ')}, ${CANONICAL_PARTITION_COLUMN}, filename AS ${sqlIdentifier(PATH_COLUMN)}
FROM read_parquet([${files.map((file) => sqlString(file)).join(', ')}], filename = true, hive_partitioning = true, hive_types = {'${CANONICAL_PARTITION_COLUMN}': DATE})`;
}

/** Throws unless `files` read as `table`: every footer reads and the table's query over them binds. */
async function checkFiles(connection: DuckDBConnection, table: CanonicalTable, files: readonly string[]): Promise<void> {
  await connection.run(`SELECT count(*) FROM parquet_file_metadata([${files.map((file) => sqlString(file)).join(', ')}])`);
  await connection.run(`DESCRIBE ${filesQuery(table, files)}`);
}

/** `files` without those that cannot be read as `table` ({@link checkFiles}), each of those added to `issues`. */
async function readableFiles(connection: DuckDBConnection, table: CanonicalTable, files: readonly string[], issues: LoadIssue[]): Promise<string[]> {
  if (files.length === 0) return [];
  try {
    await checkFiles(connection, table, files);
    return [...files];
  } catch {
    // One damaged file fails the whole check: check file by file, leaving out (and reporting) the damaged ones.
    const readable: string[] = [];
    for (const file of files) {
      try {
        await checkFiles(connection, table, [file]);
        readable.push(file);
      } catch (error) {
        issues.push({ table, file, line: null, reason: `not a Parquet file: the file is not read (${(error as Error).message.split('\n')[0]})` });
      }
    }
    return readable;
  }
}

/**
 * Points the canonical tables at the files under the bucket folder `root`, each a view over
 * them read at query time (copying them into tables took four times as long as reading them:
 * 6 s at 10,000 people × 90 days); a table without files is empty. Returns the files left out.
 */
export async function registerCanonicalFiles(connection: DuckDBConnection, root: string): Promise<LoadIssue[]> {
  const issues: LoadIssue[] = [];
  for (const table of CANONICAL_TABLES) {
    const files = await readableFiles(connection, table, await tableFiles(root, table), issues);
    if (files.length === 0) {
      await createEmptyTable(connection, table);
      continue;
    }
    await dropRelation(connection, table);
    try {
      await connection.run(`CREATE VIEW ${sqlIdentifier(table)} AS ${filesQuery(table, files)}`);
    } catch (error) {
      // Never leave the run without the table: empty, as before any file.
      await createEmptyTable(connection, table);
      throw error;
    }
  }
  return issues;
}
