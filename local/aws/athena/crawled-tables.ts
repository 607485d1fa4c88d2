/**
 * Loads report CSVs into DuckDB tables shaped like the Glue crawler's: every column VARCHAR under
 * its lowercased header name, empty cells as '' (OpenCSVSerDe), files of different header versions
 * unioned by name, plus `"$path"` and `partition_0..partition_4`.
 *
 * Files are read in groups, one `read_csv` over many files per group: reading each file into its
 * own table and unioning thousands of them was what made loading slow.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readCsvHeader } from './csv-header.js';
import { PARTITION_COLUMNS, PATH_COLUMN } from '../../../handlers/shared/report-format.js';
import type { ReportFile } from './report-files.js';
import { sqlIdentifier, sqlString } from '../../../handlers/shared/sql-literals.js';

/** Scratch table of the files being loaded: each one's `"$path"` and partition values. */
const FILES_TABLE = 'crawl_files';
/** Scratch table the error path reads a suspect subset of files into. */
const PROBE_TABLE = 'crawl_probe';

/** Report files one `read_csv` reads together: those with the same header. */
interface ReportFileGroup {
  /** The (lowercased) header names every file of the group has, in order. */
  header: string[];
  files: ReportFile[];
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
  const groups = groupReportFiles(files);
  const emptyShape = [
    ...fixedColumns.map((name) => `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(name)}`),
    `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(PATH_COLUMN)}`,
    ...PARTITION_COLUMNS.map((column) => `CAST(NULL AS VARCHAR) AS ${column}`),
  ].join(', ');
  // The empty, typed first branch gives the fixed columns their place and type even without files.
  const union = [`SELECT ${emptyShape} WHERE false`, ...groups.map(selectReportFiles)];
  await createFilesTable(connection, files);
  try {
    await connection.run(`CREATE OR REPLACE TABLE ${table} AS ${union.join('\nUNION ALL BY NAME\n')}`);
  } catch (error) {
    throw (await findMalformedFile(connection, groups)) ?? error;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${FILES_TABLE}`);
  }
}

/**
 * Reads the header line of every file and groups the files by header, keeping path order within
 * a group. Throws an error naming the file when a header is malformed.
 */
function groupReportFiles(files: readonly ReportFile[]): ReportFileGroup[] {
  const groups = new Map<string, ReportFileGroup>();
  files.forEach((file) => {
    const header = readCsvHeader(file.path);
    const key = JSON.stringify(header);
    const group = groups.get(key) ?? { header, files: [] };
    group.files.push(file);
    groups.set(key, group);
  });
  return [...groups.values()];
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

/**
 * The SELECT that reads every file of `group` by their shared header, with each row's path and
 * partitions from {@link FILES_TABLE}. The CSV dialect is fixed (no sniffing: the sniffer
 * misreads `02-10-2026`), and a row with a wrong cell count fails.
 */
function selectReportFiles(group: ReportFileGroup): string {
  const columnTypes = group.header.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ');
  const cells = group.header.map((name) => `coalesce(${sqlIdentifier(name)}, '') AS ${sqlIdentifier(name)}`);
  const paths = group.files.map((file) => sqlString(file.path)).join(', ');
  return [
    `SELECT ${[...cells, sqlIdentifier(PATH_COLUMN), ...PARTITION_COLUMNS].join(', ')}`,
    `FROM read_csv([${paths}], header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',`,
    `  strict_mode = true, filename = ${sqlString(PATH_COLUMN)}, columns = {${columnTypes}})`,
    `JOIN ${FILES_TABLE} USING (${sqlIdentifier(PATH_COLUMN)})`,
  ].join('\n');
}

/**
 * After a failed load: the error of the first group's file that fails on its own, naming it, or
 * `undefined` when none does. A failing group is halved until one file is left, so a bad file
 * among thousands costs a few reads of the group rather than one query per file.
 */
async function findMalformedFile(connection: DuckDBConnection, groups: readonly ReportFileGroup[]): Promise<Error | undefined> {
  try {
    for (const group of groups) {
      let suspects = group.files;
      if ((await probe(connection, group, suspects)) === undefined) {
        continue;
      }
      while (suspects.length > 1) {
        const firstHalf = suspects.slice(0, Math.ceil(suspects.length / 2));
        suspects = (await probe(connection, group, firstHalf)) === undefined ? suspects.slice(firstHalf.length) : firstHalf;
      }
      const file = suspects[0]!;
      const failure = await probe(connection, group, suspects);
      if (failure !== undefined) {
        return new Error(`Malformed CSV ${file.path}: ${failure.message.split('\n', 1)[0]}`);
      }
    }
    return undefined;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${PROBE_TABLE}`);
  }
}

/** Reads `files` of `group` in full (a count alone skips some checks); their error, if any. */
async function probe(connection: DuckDBConnection, group: ReportFileGroup, files: ReportFile[]): Promise<Error | undefined> {
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${PROBE_TABLE} AS ${selectReportFiles({ ...group, files })}`);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
