/**
 * The objects normalise-reports writes for one source file: per canonical table and report day,
 * one JSON-lines object whose key derives from the source key alone, so reading a file again
 * (a re-run, a rewritten key) rewrites the same objects instead of adding copies.
 */
import { createHash } from 'node:crypto';
import {
  CANONICAL_ANALYTIC_TABLE,
  CANONICAL_COLUMNS,
  CANONICAL_MODEL_MESSAGES_TABLE,
  CANONICAL_ISSUES_TABLE,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_USER_REPORT_TABLE,
  canonicalTablePrefix,
  type CanonicalTable,
} from '../shared/report-format.js';
import type { NormalisedFile } from './normalise.js';
import type { NormalisedAnalyticFile } from './normalise-analytic.js';

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
function jsonLines(table: CanonicalTable, records: readonly DayRecord[]): string {
  return records
    .map((record) => JSON.stringify(Object.fromEntries(CANONICAL_COLUMNS[table].map(({ name }) => [name, record[name] ?? null]))))
    .map((line) => `${line}\n`)
    .join('');
}

/** A record of a canonical table: its columns by name, and its day. */
type DayRecord = Record<string, unknown> & { report_date: string };

/** The records per canonical table of one normalised file (a user_report or a by_user_analytic one). */
function tableRecords(file: NormalisedFile | NormalisedAnalyticFile): Array<[CanonicalTable, readonly DayRecord[]]> {
  const issues: [CanonicalTable, readonly DayRecord[]] = [CANONICAL_ISSUES_TABLE, file.issues as unknown as DayRecord[]];
  if ('activity' in file) {
    // The metrics are columns of their own: one flat JSON line per row.
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
    for (const record of records) byDay.set(record.report_date, [...(byDay.get(record.report_date) ?? []), record]);
    return [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, dayRecords]) => ({ key: canonicalObjectKey(table, day, sourceKey), body: jsonLines(table, dayRecords) }));
  });
}
