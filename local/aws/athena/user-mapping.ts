/**
 * Loads the stack's JSON-lines tables with partition projection on a date: the user mapping
 * partitions (`resolved_date=YYYY-MM-DD/*.json`, written by resolve-users) into `user_mapping`,
 * and the group snapshots (`read_date=YYYY-MM-DD/*.json.gz`, written by read-groups) into
 * `group_membership`, as the catalog's partition projection exposes them, with each row's
 * `"$path"` as Athena gives it.
 *
 * A damaged file never blocks a run: a line that is not a JSON object (a truncated write, a
 * stray file's text) is left out and reported with its line, as is a file outside a valid
 * partition folder (the projection never reads one). The ids of a left-out mapping line have no
 * directory entry, so FindUsersToResolve looks them up again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isIsoDate } from '../../../handlers/shared/dates.js';
import type { LoadIssue } from '../../../handlers/shared/query-runner.js';
import {
  GROUP_MEMBERSHIP_COLUMNS,
  GROUP_MEMBERSHIP_TABLE,
  PATH_COLUMN,
  USER_MAPPING_COLUMNS,
  USER_MAPPING_TABLE,
} from '../../../handlers/shared/report-format.js';
import { sqlIdentifier } from '../../../handlers/shared/sql-literals.js';

/** A JSON-lines table of the stack: its name, its columns and its date partition. */
export interface JsonLinesTable {
  table: string;
  columns: readonly string[];
  /** The partition column, also the folder name before `=`. */
  partition: string;
  /** What a left-out line means for the run. */
  leftOut: string;
}

/** `user_mapping`, written by resolve-users. */
export const USER_MAPPING: JsonLinesTable = {
  table: USER_MAPPING_TABLE,
  columns: USER_MAPPING_COLUMNS,
  partition: 'resolved_date',
  leftOut: 'the line is not read, so its id is looked up again',
};

/** `group_membership`, written by read-groups. */
export const GROUP_MEMBERSHIP: JsonLinesTable = {
  table: GROUP_MEMBERSHIP_TABLE,
  columns: GROUP_MEMBERSHIP_COLUMNS,
  partition: 'read_date',
  leftOut: 'the line is not read',
};

/** One file and the partition date from its folder name. */
export interface MappingFile {
  path: string;
  resolvedDate: string;
}

/** The files to read, and the files no partition holds. */
export interface MappingFiles {
  files: MappingFile[];
  issues: LoadIssue[];
}

/** Scratch table the lines are appended to before the table is made from it. */
const STAGING_TABLE = 'json_lines';

/**
 * Whether a file in a partition folder is one Athena would not read either: hidden files and
 * the local store's temporary files (`<key>.tmp-<pid>`, renamed once written).
 */
function isScratchFile(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || /\.tmp-\d+$/.test(name);
}

/**
 * Lists the files under `mappingRoot` (the folder holding the `resolved_date=` folders, or the
 * `read_date=` ones of `table`) that the table reads: every file of a `<partition>=YYYY-MM-DD`
 * folder directly below the root, as Athena reads every object of a projected partition. A
 * missing root means nothing was written yet. Any other file (outside such a folder, or in one
 * whose date is not a calendar day) is not read and is an issue.
 */
export async function findMappingFiles(mappingRoot: string, table: JsonLinesTable = USER_MAPPING): Promise<MappingFiles> {
  const partitionFolder = new RegExp(`^${table.partition}=(.*)$`);
  const root = resolve(mappingRoot);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const paths = entries
    .filter((entry) => entry.isFile() && !isScratchFile(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const found: MappingFiles = { files: [], issues: [] };
  for (const path of paths) {
    const folder = dirname(path);
    const date = partitionFolder.exec(basename(folder))?.[1];
    if (date !== undefined && isIsoDate(date) && dirname(folder) === root) {
      found.files.push({ path, resolvedDate: date });
    } else {
      const where = relative(root, folder).split(sep).join('/') || '.';
      found.issues.push({
        table: table.table,
        file: path,
        line: null,
        reason: `${where} is not a ${table.partition}=YYYY-MM-DD partition of ${table === USER_MAPPING ? 'the mapping' : table.table}: the file is not read`,
      });
    }
  }
  return found;
}

/** One line's cells, or why the line cannot be a record of the table. */
function parseMappingLine(text: string, columns: readonly string[]): Array<string | null> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const record = value as Record<string, unknown>;
  return columns.map((column) => {
    const cell = record[column];
    if (cell === undefined || cell === null) return null;
    return typeof cell === 'string' ? cell : JSON.stringify(cell);
  });
}

/**
 * A file's text. A `.gz` file is gunzipped, as Athena's text input format does by the name; one
 * that is no gzip fails every Athena query of the table, and so fails the load here, naming it.
 */
async function readLines(file: MappingFile, table: JsonLinesTable): Promise<string> {
  const bytes = await readFile(file.path);
  if (!file.path.endsWith('.gz')) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new Error(`${file.path}: not a gzip file (${(error as Error).message}); Athena fails every query of ${table.table} on it. Remove or replace the file.`);
  }
}

/**
 * Creates (or replaces) `user_mapping` (or `table`) from `files` and returns the lines it left
 * out. Blank lines are no records and no issue.
 */
export async function loadUserMapping(connection: DuckDBConnection, files: readonly MappingFile[], table: JsonLinesTable = USER_MAPPING): Promise<LoadIssue[]> {
  const columns = table.columns.map((name) => `${name} VARCHAR`).join(', ');
  // Lines are appended to a temporary table (an appender finds it whatever the current schema),
  // then copied with the partition typed as the projection types it.
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${STAGING_TABLE} (${columns}, ${table.partition} VARCHAR, ${sqlIdentifier(PATH_COLUMN)} VARCHAR)`);
  const issues: LoadIssue[] = [];
  const appender = await connection.createAppender(STAGING_TABLE);
  try {
    for (const file of files) {
      const text = await readLines(file, table);
      text.split('\n').forEach((rawLine, index) => {
        const line = rawLine.replace(/\r$/, '');
        if (line.trim() === '') return;
        const cells = parseMappingLine(line, table.columns);
        if (typeof cells === 'string') {
          issues.push({ table: table.table, file: file.path, line: index + 1, reason: `${cells}: ${table.leftOut}` });
          return;
        }
        for (const cell of cells) {
          if (cell === null) appender.appendNull();
          else appender.appendVarchar(cell);
        }
        appender.appendVarchar(file.resolvedDate);
        appender.appendVarchar(file.path);
        appender.endRow();
      });
    }
  } finally {
    appender.closeSync();
  }
  await connection.run(
    `CREATE OR REPLACE TABLE ${table.table} AS SELECT ${table.columns.join(', ')}, ` +
      `CAST(${table.partition} AS DATE) AS ${table.partition}, ${sqlIdentifier(PATH_COLUMN)} FROM ${STAGING_TABLE}`,
  );
  await connection.run(`DROP TABLE ${STAGING_TABLE}`);
  return issues;
}
