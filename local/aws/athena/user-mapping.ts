/**
 * Loads the user mapping partitions (`resolved_date=YYYY-MM-DD/*.json`, JSON lines written by
 * resolve-users) into the `user_mapping` table, as the catalog's partition projection exposes them,
 * with each row's `"$path"` as Athena gives it.
 *
 * A damaged mapping never blocks a run: a line that is not a JSON object (a truncated write, a
 * stray file's text) is left out and reported with its line, as is a file outside a valid
 * `resolved_date=` folder (the projection never reads one). The ids of a left-out line have no
 * directory entry, so FindUsersToResolve looks them up again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isIsoDate } from '../../../handlers/shared/dates.js';
import type { LoadIssue } from '../../../handlers/shared/query-runner.js';
import { PATH_COLUMN, USER_MAPPING_COLUMNS, USER_MAPPING_TABLE } from '../../../handlers/shared/report-format.js';
import { sqlIdentifier } from '../../../handlers/shared/sql-literals.js';

/** One mapping file and the partition date from its folder name. */
export interface MappingFile {
  path: string;
  resolvedDate: string;
}

/** The mapping files to read, and the files no partition holds. */
export interface MappingFiles {
  files: MappingFile[];
  issues: LoadIssue[];
}

const PARTITION_FOLDER = /^resolved_date=(.*)$/;
/** Scratch table the lines are appended to before the table is made from it. */
const STAGING_TABLE = 'mapping_lines';

/**
 * Whether a file in a partition folder is one Athena would not read either: hidden files and
 * the local store's temporary files (`<key>.tmp-<pid>`, renamed once written).
 */
function isScratchFile(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || /\.tmp-\d+$/.test(name);
}

/**
 * Lists the files under `mappingRoot` (the folder holding the `resolved_date=` folders) that the
 * table reads: every file of a `resolved_date=YYYY-MM-DD` folder directly below the root, as
 * Athena reads every object of a projected partition. A missing root means nothing was resolved
 * yet. Any other file (outside such a folder, or in one whose date is not a calendar day) is not
 * read and is an issue.
 */
export async function findMappingFiles(mappingRoot: string): Promise<MappingFiles> {
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
    const date = PARTITION_FOLDER.exec(basename(folder))?.[1];
    if (date !== undefined && isIsoDate(date) && dirname(folder) === root) {
      found.files.push({ path, resolvedDate: date });
    } else {
      const where = relative(root, folder).split(sep).join('/') || '.';
      found.issues.push({
        table: USER_MAPPING_TABLE,
        file: path,
        line: null,
        reason: `${where} is not a resolved_date=YYYY-MM-DD partition of the mapping: the file is not read`,
      });
    }
  }
  return found;
}

/** One line's cells, or why the line cannot be a mapping record. */
function parseMappingLine(text: string): Array<string | null> | string {
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
  return USER_MAPPING_COLUMNS.map((column) => {
    const cell = record[column];
    if (cell === undefined || cell === null) return null;
    return typeof cell === 'string' ? cell : JSON.stringify(cell);
  });
}

/**
 * Creates (or replaces) `user_mapping` from `files` and returns the lines it left out. Blank
 * lines are no records and no issue.
 */
export async function loadUserMapping(connection: DuckDBConnection, files: readonly MappingFile[]): Promise<LoadIssue[]> {
  const columns = USER_MAPPING_COLUMNS.map((name) => `${name} VARCHAR`).join(', ');
  // Lines are appended to a temporary table (an appender finds it whatever the current schema),
  // then copied with the partition typed as the projection types it.
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${STAGING_TABLE} (${columns}, resolved_date VARCHAR, ${sqlIdentifier(PATH_COLUMN)} VARCHAR)`);
  const issues: LoadIssue[] = [];
  const appender = await connection.createAppender(STAGING_TABLE);
  try {
    for (const file of files) {
      const text = await readFile(file.path, 'utf8');
      text.split('\n').forEach((rawLine, index) => {
        const line = rawLine.replace(/\r$/, '');
        if (line.trim() === '') return;
        const cells = parseMappingLine(line);
        if (typeof cells === 'string') {
          issues.push({ table: USER_MAPPING_TABLE, file: file.path, line: index + 1, reason: `${cells}: the line is not read, so its id is looked up again` });
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
    `CREATE OR REPLACE TABLE ${USER_MAPPING_TABLE} AS SELECT ${USER_MAPPING_COLUMNS.join(', ')}, ` +
      `CAST(resolved_date AS DATE) AS resolved_date, ${sqlIdentifier(PATH_COLUMN)} FROM ${STAGING_TABLE}`,
  );
  await connection.run(`DROP TABLE ${STAGING_TABLE}`);
  return issues;
}
