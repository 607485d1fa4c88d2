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
  ACTIVITY_METRIC_COLUMNS,
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
import type { CanonicalActivityRow, NormalisedAnalyticFile } from './normalise-analytic.js';

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

/** A value as a Parquet column holds it. */
type ParquetValue = string | bigint | number | boolean | null;

/** The small counts nearly every metric cell holds, as BigInt once, not once a cell. */
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 1024 }, (_, value) => BigInt(value));

/** Per Glue type, a record's value as its Parquet column holds it; a value of another type is NULL, as the old JSON SerDe read it. */
const PARQUET_VALUE: Record<CanonicalColumn['type'], (value: unknown) => ParquetValue> = {
  string: (value) => (typeof value === 'string' ? value : null),
  bigint: (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? (SMALL_BIGINTS[value] ?? BigInt(value)) : null),
  double: (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null),
  boolean: (value) => (typeof value === 'boolean' ? value : null),
};

/**
 * One Parquet file of `records`, the table's columns in order, typed as the Glue table declares
 * them (the day is the folder, not a column). With no records it is a valid file without rows.
 */
function parquetBody<R>(table: CanonicalTable, records: readonly R[], columnOf: ColumnOf<R>): Uint8Array {
  const columns = CANONICAL_COLUMNS[table];
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: columns.length },
    ...columns.map((column): SchemaElement => ({ name: column.name, ...PARQUET_TYPES[column.type] })),
  ];
  // No page index and no statistics: a file is one row group of one day, which queries select by
  // its folder, never by value; both only grow the footer every query of the table reads.
  const columnData = columns.map((column) => {
    // One array per column, filled by index: no per-row object is built for the writer.
    const data = new Array<ParquetValue>(records.length);
    const cell = columnOf(column.name);
    const value = PARQUET_VALUE[column.type];
    for (let row = 0; row < records.length; row += 1) data[row] = value(cell(records[row] as R));
    // A column of one value (the source file, its stamp, an all-zero metric) is one dictionary
    // entry and one run of indexes, a few bytes gzip cannot shrink: its framing would only add
    // 18 bytes a page, and a call of its own (two calls in five were such pages).
    const oneValue = data.every((entry) => entry === data[0]);
    return { name: column.name, data, offsetIndex: false, ...(oneValue ? { codec: 'UNCOMPRESSED' as const } : {}) };
  });
  // GZIP rather than Snappy: a day's file lists each person about once, so ids find no repeats
  // in a dictionary; gzip's entropy coding still takes the user id column from ~40 to ~23 bytes a row.
  // Level 1: its files are ~1% larger than level 6's, and it compresses in two thirds of the time.
  return new Uint8Array(
    parquetWriteBuffer({ schema, columnData, statistics: false, codec: 'GZIP', compressors: { GZIP: gzip }, createdBy: 'kiro-activity-pipeline normalise-reports' }),
  );
}

/** The GZIP of a Parquet page (see {@link parquetBody}). */
function gzip(input: Uint8Array): Uint8Array {
  return gzipSync(input, { level: 1 });
}

/** A record of a canonical table: its columns by name, and its day. */
type DayRecord = Record<string, unknown> & { report_date: string };

/** How to read a column, by its name, from a record: chosen once a column, not once a cell. */
type ColumnOf<R> = (name: string) => (record: R) => unknown;

/** The records of one canonical table, with how to read a column of one of them. */
interface TableRecords<R extends { report_date: string }> {
  table: CanonicalTable;
  records: readonly R[];
  columnOf: ColumnOf<R>;
}

/** A flat record's column: its property of that name. */
const ownColumn: ColumnOf<Record<string, unknown>> = (name) => (record) => record[name];

/** The metric columns of by_user_analytic_rows: an activity row holds them in its `metrics`. */
const METRIC_COLUMNS: ReadonlySet<string> = new Set(ACTIVITY_METRIC_COLUMNS);

/**
 * An activity row's column, as the flat row `{ ...row, ...metrics }` holds it (the metrics are
 * columns of their own), read without building that row: a spread row of 44 metrics per record
 * cost more than writing the Parquet. A metric a row lacks is NULL.
 */
const activityColumn: ColumnOf<CanonicalActivityRow> = (name) =>
  METRIC_COLUMNS.has(name) ? (record) => record.metrics[name] : (record) => (record as unknown as DayRecord)[name];

/** One table's objects: one per day that has records, in day order. */
function dayObjects<R extends { report_date: string }>({ table, records, columnOf }: TableRecords<R>, sourceKey: string): CanonicalObject[] {
  const byDay = new Map<string, R[]>();
  for (const record of records) {
    const day = byDay.get(record.report_date);
    if (day === undefined) byDay.set(record.report_date, [record]);
    else day.push(record);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, dayRecords]) => ({ key: canonicalObjectKey(table, day, sourceKey), body: parquetBody(table, dayRecords, columnOf) }));
}

/** The objects of one normalised file (a user_report or a by_user_analytic one): per table, one per day that has records. */
export function canonicalObjects(file: NormalisedFile | NormalisedAnalyticFile, sourceKey: string): CanonicalObject[] {
  const issues = dayObjects({ table: CANONICAL_ISSUES_TABLE, records: file.issues as unknown as DayRecord[], columnOf: ownColumn }, sourceKey);
  if ('activity' in file) return [...dayObjects({ table: CANONICAL_ANALYTIC_TABLE, records: file.activity, columnOf: activityColumn }, sourceKey), ...issues];
  return [
    ...dayObjects({ table: CANONICAL_USER_REPORT_TABLE, records: file.rows as unknown as DayRecord[], columnOf: ownColumn }, sourceKey),
    ...dayObjects({ table: CANONICAL_MODEL_MESSAGES_TABLE, records: file.models as unknown as DayRecord[], columnOf: ownColumn }, sourceKey),
    ...issues,
  ];
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
  return { key: convertedObjectKey(legacyKey), body: parquetBody(table, records, ownColumn) };
}

/** The Parquet key a JSON-lines object of the first layout is converted to: the same name, `.parquet`. */
export function convertedObjectKey(legacyKey: string): string {
  return `${legacyKey.slice(0, -LEGACY_CANONICAL_OBJECT_SUFFIX.length)}${CANONICAL_OBJECT_SUFFIX}`;
}
