/**
 * Loads the user mapping partitions (`resolved_date=YYYY-MM-DD/*.json`, JSON lines written by
 * resolve-users) into the `user_mapping` table, as the catalog's partition projection exposes them.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { USER_MAPPING_COLUMNS, USER_MAPPING_TABLE } from '../../../handlers/shared/report-format.js';
import { sqlString } from '../../../handlers/shared/sql-literals.js';

/** One mapping file and the partition date from its folder name. */
export interface MappingFile {
  path: string;
  resolvedDate: string;
}

const PARTITION_FOLDER = /^resolved_date=(\d{4}-\d{2}-\d{2})$/;

/**
 * Lists the `*.json` files under `mappingRoot` (the folder holding the `resolved_date=` folders).
 * A missing folder means nothing was resolved yet: no files. Throws for a JSON file outside a
 * `resolved_date=YYYY-MM-DD` folder, since the table could not place it in a partition.
 */
export async function findMappingFiles(mappingRoot: string): Promise<MappingFile[]> {
  const root = resolve(mappingRoot);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return files.map((path) => {
    const match = PARTITION_FOLDER.exec(basename(dirname(path)));
    if (!match?.[1]) {
      throw new Error(`User mapping file outside a resolved_date=YYYY-MM-DD folder: ${path}`);
    }
    return { path, resolvedDate: match[1] };
  });
}

/** The SELECT that reads one mapping file: the five string columns plus its DATE partition. */
export function selectMappingFile(file: MappingFile): string {
  const columns = USER_MAPPING_COLUMNS.map((name) => `${name}: 'VARCHAR'`).join(', ');
  return (
    `SELECT *, DATE ${sqlString(file.resolvedDate)} AS resolved_date ` +
    `FROM read_json(${sqlString(file.path)}, format = 'newline_delimited', hive_partitioning = false, columns = {${columns}})`
  );
}

/** Creates (or replaces) `user_mapping` from `files`. Throws naming the file when one is not JSON lines. */
export async function loadUserMapping(connection: DuckDBConnection, files: readonly MappingFile[]): Promise<void> {
  const columns = USER_MAPPING_COLUMNS.map((name) => `${name} VARCHAR`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${USER_MAPPING_TABLE} (${columns}, resolved_date DATE)`);
  for (const file of files) {
    try {
      await connection.run(`INSERT INTO ${USER_MAPPING_TABLE} ${selectMappingFile(file)}`);
    } catch (error) {
      const reason = (error as Error).message.split('\n', 1)[0];
      throw new Error(`Malformed user mapping file ${file.path}: ${reason}`);
    }
  }
}
