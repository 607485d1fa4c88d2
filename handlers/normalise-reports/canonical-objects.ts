/**
 * The objects normalise-reports writes for one source file: per canonical table and report day,
 * one JSON-lines object whose key derives from the source key alone, so reading a file again
 * (a re-run, a rewritten key) rewrites the same objects instead of adding copies.
 */
import { createHash } from 'node:crypto';
import {
  CANONICAL_COLUMNS,
  CANONICAL_MODEL_MESSAGES_TABLE,
  CANONICAL_ISSUES_TABLE,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_USER_REPORT_TABLE,
  canonicalTablePrefix,
  type CanonicalTable,
} from '../shared/report-format.js';
import type { NormalisedFile } from './normalise.js';

/** One object to put. */
export interface CanonicalObject {
  key: string;
  body: string;
}

/** `<file name without .csv>-<12 hex of the key's SHA-256>`: readable, and unique per source key. */
export function sourceObjectName(sourceKey: string): string {
  const name = (sourceKey.split('/').pop() ?? 'report').replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${name}-${createHash('sha256').update(sourceKey).digest('hex').slice(0, 12)}`;
}

/** `canonical/<table>/report_date=<day>/<source object name>.json`. */
export function canonicalObjectKey(table: CanonicalTable, day: string, sourceKey: string): string {
  return `${canonicalTablePrefix(table)}${CANONICAL_PARTITION_COLUMN}=${day}/${sourceObjectName(sourceKey)}.json`;
}

/** One JSON line per record, the table's columns in order (the day is the folder, not a column). */
function jsonLines(table: CanonicalTable, records: ReadonlyArray<Record<string, unknown>>): string {
  return records
    .map((record) => JSON.stringify(Object.fromEntries(CANONICAL_COLUMNS[table].map(({ name }) => [name, record[name] ?? null]))))
    .map((line) => `${line}\n`)
    .join('');
}

/** The objects of one normalised file: per table, one per day that has records. */
export function canonicalObjects(file: NormalisedFile, sourceKey: string): CanonicalObject[] {
  const parts: Array<[CanonicalTable, ReadonlyArray<Record<string, unknown> & { report_date: string }>]> = [
    [CANONICAL_USER_REPORT_TABLE, file.rows as unknown as Array<Record<string, unknown> & { report_date: string }>],
    [CANONICAL_MODEL_MESSAGES_TABLE, file.models as unknown as Array<Record<string, unknown> & { report_date: string }>],
    [CANONICAL_ISSUES_TABLE, file.issues as unknown as Array<Record<string, unknown> & { report_date: string }>],
  ];
  return parts.flatMap(([table, records]) => {
    const byDay = new Map<string, Array<Record<string, unknown>>>();
    for (const record of records) byDay.set(record.report_date, [...(byDay.get(record.report_date) ?? []), record]);
    return [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, dayRecords]) => ({ key: canonicalObjectKey(table, day, sourceKey), body: jsonLines(table, dayRecords) }));
  });
}
