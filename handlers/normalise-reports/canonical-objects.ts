/**
 * The objects normalise-reports writes for one source file: per canonical table and report day,
 * one Parquet object whose key derives from the source key alone, so reading a file again
 * (a re-run, a rewritten key) rewrites the same objects instead of adding copies. Parquet is
 * columnar: a query reads only the columns it names, and the `report_date=` folder lets it read
 * only the days it names.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';
import {
  CANONICAL_ANALYTIC_TABLE,
  CANONICAL_COLUMNS,
  CANONICAL_MODEL_MESSAGES_TABLE,
  CANONICAL_ISSUES_TABLE,
  CANONICAL_OBJECT_SUFFIX,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_TABLES,
  CANONICAL_USER_REPORT_TABLE,
  canonicalTablePrefix,
  LEGACY_CANONICAL_OBJECT_SUFFIX,
  type CanonicalColumn,
  type CanonicalTable,
} from '../shared/report-format.js';
import type { NormalisedFile } from './normalise.js';
import type { NormalisedAnalyticFile } from './normalise-analytic.js';

/** One object to put: a Parquet file. */
export interface CanonicalObject {
  key: string;
  body: Uint8Array;
}

/** `<file name without .csv>-<12 hex of the key's SHA-256>`: readable, and unique per source key. */
export function sourceObjectName(sourceKey: string): string {
  const name = (sourceKey.split('/').pop() ?? 'report').replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${name}-${createHash('sha256').update(sourceKey).digest('hex').slice(0, 12)}`;
}

/** `canonical/<table>/report_date=<day>/<source object name>.parquet`. */
export function canonicalObjectKey(table: CanonicalTable, day: string, sourceKey: string): string {
  return `${canonicalTablePrefix(table)}${CANONICAL_PARTITION_COLUMN}=${day}/${sourceObjectName(sourceKey)}${CANONICAL_OBJECT_SUFFIX}`;
}

/** Each Glue type as a Parquet column (every column may be NULL). */
const PARQUET_TYPES: Record<CanonicalColumn['type'], Omit<SchemaElement, 'name'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  bigint: { type: 'INT64', repetition_type: 'OPTIONAL' },
  double: { type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  boolean: { type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
};

/** A record's value as its Parquet column holds it; a value of another type is NULL, as the old JSON SerDe read it. */
function parquetValue(column: CanonicalColumn, value: unknown): string | bigint | number | boolean | null {
  if (column.type === 'string') return typeof value === 'string' ? value : null;
  if (column.type === 'bigint') return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
  if (column.type === 'double') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  return typeof value === 'boolean' ? value : null;
}

/**
 * One Parquet file of `records`, the table's columns in order, typed as the Glue table declares
 * them (the day is the folder, not a column). With no records it is a valid file without rows.
 */
function parquetBody(table: CanonicalTable, records: readonly Record<string, unknown>[]): Uint8Array {
  const columns = CANONICAL_COLUMNS[table];
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: columns.length },
    ...columns.map((column): SchemaElement => ({ name: column.name, ...PARQUET_TYPES[column.type] })),
  ];
  // No page index and no statistics: a file is one row group of one day, which queries select by
  // its folder, never by value; both only grow the footer every query of the table reads.
  const columnData = columns.map((column) => ({ name: column.name, data: records.map((record) => parquetValue(column, record[column.name])), offsetIndex: false }));
  // GZIP rather than Snappy: a day's file lists each person about once, so ids find no repeats
  // in a dictionary; gzip's entropy coding still takes the user id column from ~40 to ~23 bytes a row.
  return new Uint8Array(
    parquetWriteBuffer({ schema, columnData, statistics: false, codec: 'GZIP', compressors: { GZIP: (input) => gzipSync(input) }, createdBy: 'kiro-activity-pipeline normalise-reports' }),
  );
}

/** A record of a canonical table: its columns by name, and its day. */
type DayRecord = Record<string, unknown> & { report_date: string };

/** The records per canonical table of one normalised file (a user_report or a by_user_analytic one). */
function tableRecords(file: NormalisedFile | NormalisedAnalyticFile): Array<[CanonicalTable, readonly DayRecord[]]> {
  const issues: [CanonicalTable, readonly DayRecord[]] = [CANONICAL_ISSUES_TABLE, file.issues as unknown as DayRecord[]];
  if ('activity' in file) {
    // The metrics are columns of their own: one flat row per report row.
    return [[CANONICAL_ANALYTIC_TABLE, file.activity.map(({ metrics, ...row }) => ({ ...row, ...metrics }))], issues];
  }
  return [
    [CANONICAL_USER_REPORT_TABLE, file.rows as unknown as DayRecord[]],
    [CANONICAL_MODEL_MESSAGES_TABLE, file.models as unknown as DayRecord[]],
    issues,
  ];
}

/** The objects of one normalised file: per table, one per day that has records. */
export function canonicalObjects(file: NormalisedFile | NormalisedAnalyticFile, sourceKey: string): CanonicalObject[] {
  return tableRecords(file).flatMap(([table, records]) => {
    const byDay = new Map<string, DayRecord[]>();
    for (const record of records) {
      const day = byDay.get(record.report_date);
      if (day === undefined) byDay.set(record.report_date, [record]);
      else day.push(record);
    }
    return [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, dayRecords]) => ({ key: canonicalObjectKey(table, day, sourceKey), body: parquetBody(table, dayRecords) }));
  });
}

/**
 * The Parquet object of a JSON-lines object of the first layout (`canonical/<table>/report_date=<day>/<name>.json`):
 * the same rows at the same name with `.parquet`; a line that is no JSON object is left out, as the
 * local engine left it out. `undefined` for a key of no canonical table.
 */
export function convertedObject(legacyKey: string, text: string): CanonicalObject | undefined {
  const table = CANONICAL_TABLES.find((name) => legacyKey.startsWith(canonicalTablePrefix(name)));
  if (table === undefined || !legacyKey.endsWith(LEGACY_CANONICAL_OBJECT_SUFFIX)) return undefined;
  const records = text.split('\n').flatMap((line): Record<string, unknown>[] => {
    try {
      const record: unknown = JSON.parse(line);
      return record !== null && typeof record === 'object' && !Array.isArray(record) ? [record as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
  return { key: convertedObjectKey(legacyKey), body: parquetBody(table, records) };
}

/** The Parquet key a JSON-lines object of the first layout is converted to: the same name, `.parquet`. */
export function convertedObjectKey(legacyKey: string): string {
  return `${legacyKey.slice(0, -LEGACY_CANONICAL_OBJECT_SUFFIX.length)}${CANONICAL_OBJECT_SUFFIX}`;
}
