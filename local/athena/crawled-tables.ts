/**
 * Loads report CSVs into DuckDB tables shaped like the Glue crawler's: every column VARCHAR under
 * its lowercased header name, empty cells as '' (OpenCSVSerDe), files of different header versions
 * unioned by name, plus `"$path"` and `partition_0..partition_4`.
 */
import { readFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseCsvHeader } from './csv-header.js';
import { PARTITION_COLUMNS, PATH_COLUMN } from './report-columns.js';
import type { ReportFile } from './report-files.js';
import { sqlIdentifier, sqlString } from './sql-text.js';

/**
 * The SELECT that reads one report file by its own header. The CSV dialect is fixed (no
 * sniffing: the sniffer misreads `02-10-2026`), and a row with a wrong cell count fails.
 */
export function selectReportFile(file: ReportFile, header: readonly string[]): string {
  const columnTypes = header.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ');
  const cells = header.map((name) => `coalesce(${sqlIdentifier(name)}, '') AS ${sqlIdentifier(name)}`);
  const partitions = PARTITION_COLUMNS.map(
    (column, index) => `${file.partitions[index] === undefined ? 'NULL' : sqlString(file.partitions[index])} AS ${column}`,
  );
  return [
    `SELECT ${[...cells, `${sqlString(file.path)} AS ${sqlIdentifier(PATH_COLUMN)}`, ...partitions].join(', ')}`,
    `FROM read_csv(${sqlString(file.path)}, header = true, auto_detect = false, delim = ',',`,
    `  quote = '"', escape = '"', strict_mode = true, columns = {${columnTypes}})`,
  ].join('\n');
}

/**
 * Creates (or replaces) `table` from `files`, each read exactly once. Columns in `fixedColumns`
 * exist even when no file has them (older header versions, or no files at all), as in the
 * catalog. Throws an error naming the file when a CSV is malformed.
 */
export async function loadReportTable(
  connection: DuckDBConnection,
  table: string,
  files: readonly ReportFile[],
  fixedColumns: readonly string[],
): Promise<void> {
  const staging = files.map((_, index) => `crawl_${table}_${index}`);
  try {
    for (const [index, file] of files.entries()) {
      await stageReportFile(connection, staging[index]!, file);
    }
    const emptyShape = [
      ...fixedColumns.map((name) => `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(name)}`),
      `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(PATH_COLUMN)}`,
      ...PARTITION_COLUMNS.map((column) => `CAST(NULL AS VARCHAR) AS ${column}`),
    ].join(', ');
    // The empty, typed first branch gives the fixed columns their place and type even without files.
    const union = [`SELECT ${emptyShape} WHERE false`, ...staging.map((name) => `SELECT * FROM ${name}`)];
    await connection.run(`CREATE OR REPLACE TABLE ${table} AS ${union.join('\nUNION ALL BY NAME\n')}`);
  } finally {
    for (const name of staging) {
      await connection.run(`DROP TABLE IF EXISTS ${name}`);
    }
  }
}

/** Reads one report file into a temporary table; a DuckDB read error becomes one naming the file. */
async function stageReportFile(connection: DuckDBConnection, staging: string, file: ReportFile): Promise<void> {
  const header = parseCsvHeader(await readFile(file.path, 'utf8'), file.path);
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${staging} AS ${selectReportFile(file, header)}`);
  } catch (error) {
    const reason = (error as Error).message.split('\n', 1)[0];
    throw new Error(`Malformed CSV ${file.path}: ${reason}`);
  }
}
