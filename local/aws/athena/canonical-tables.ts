/**
 * Loads the canonical tables normalise-reports writes (`canonical/<table>/report_date=YYYY-MM-DD/*.json`,
 * JSON lines) into DuckDB, typed as the stack's Glue tables declare them and partitioned as their
 * projection reads them, with each row's `"$path"`. Without files the tables exist and are empty,
 * as the stack-defined tables are before the first run. A line that is not a JSON object is left
 * out and reported, like a damaged mapping line.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { isIsoDate } from '../../../handlers/shared/dates.js';
import type { LoadIssue } from '../../../handlers/shared/query-runner.js';
import {
  CANONICAL_COLUMNS,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_TABLES,
  canonicalTablePrefix,
  PATH_COLUMN,
  type CanonicalColumn,
  type CanonicalTable,
} from '../../../handlers/shared/report-format.js';
import { sqlIdentifier } from '../../../handlers/shared/sql-literals.js';

const DUCKDB_TYPES: Record<CanonicalColumn['type'], string> = { string: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN' };

/** (Re)creates every canonical table, empty. */
export async function createCanonicalTables(connection: DuckDBConnection): Promise<void> {
  for (const table of CANONICAL_TABLES) {
    const columns = CANONICAL_COLUMNS[table].map((column) => `${sqlIdentifier(column.name)} ${DUCKDB_TYPES[column.type]}`);
    await connection.run(
      `CREATE OR REPLACE TABLE ${table} (${columns.join(', ')}, ${CANONICAL_PARTITION_COLUMN} DATE, ${sqlIdentifier(PATH_COLUMN)} VARCHAR)`,
    );
  }
}

/** The JSON files of one canonical table below the bucket folder `root`, with their partition day. */
async function tableFiles(root: string, table: CanonicalTable): Promise<Array<{ path: string; day: string }>> {
  const folder = resolve(root, canonicalTablePrefix(table));
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .flatMap((path) => {
      const day = /^report_date=(.*)$/.exec(basename(dirname(path)))?.[1];
      return day !== undefined && isIsoDate(day) && dirname(dirname(path)) === folder ? [{ path, day }] : [];
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

function appendCell(appender: DuckDBAppender, column: CanonicalColumn, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
  } else if (column.type === 'bigint' && typeof value === 'number' && Number.isInteger(value)) {
    appender.appendBigInt(BigInt(value));
  } else if (column.type === 'double' && typeof value === 'number') {
    appender.appendDouble(value);
  } else if (column.type === 'boolean' && typeof value === 'boolean') {
    appender.appendBoolean(value);
  } else if (column.type === 'string') {
    appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
  } else {
    // What the JSON SerDe does with a value of the wrong type: NULL.
    appender.appendNull();
  }
}

/** Recreates the canonical tables from the files under the bucket folder `root`; returns the lines left out. */
export async function loadCanonicalTables(connection: DuckDBConnection, root: string): Promise<LoadIssue[]> {
  await createCanonicalTables(connection);
  const issues: LoadIssue[] = [];
  // The tables live in the schema named like the Glue database (createLocalAthena's USE).
  const schema = String((await connection.runAndReadAll('SELECT current_schema() AS s')).getRowObjects()[0]?.['s']);
  for (const table of CANONICAL_TABLES) {
    const columns = CANONICAL_COLUMNS[table];
    const appender = await connection.createAppender(table, schema);
    try {
      for (const file of await tableFiles(root, table)) {
        const text = await readFile(file.path, 'utf8');
        text.split('\n').forEach((line, index) => {
          if (line.trim() === '') return;
          let record: unknown;
          try {
            record = JSON.parse(line);
          } catch {
            record = undefined;
          }
          if (record === null || typeof record !== 'object' || Array.isArray(record)) {
            issues.push({ table, file: file.path, line: index + 1, reason: 'not a JSON object: the line is not read' });
            return;
          }
          for (const column of columns) appendCell(appender, column, (record as Record<string, unknown>)[column.name]);
          appender.appendVarchar(file.day);
          appender.appendVarchar(file.path);
          appender.endRow();
        });
      }
    } finally {
      appender.closeSync();
    }
  }
  return issues;
}
