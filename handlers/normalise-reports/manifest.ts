/**
 * The normaliser's manifest: per date folder of a report (`…/user_report/<region>/<yyyy>/<mm>/<dd>/00/`,
 * `…/by_user_analytic/…` likewise), one object in the analytics bucket listing each file read
 * from it with the ETag and LastModified it had, the canonical objects it gave and its issue counts. A file is read again only when it is new or either
 * stamp changed. One batch owns a whole folder and writes its manifest object after the folder's
 * canonical objects, so a batch that fails leaves the older manifest and is simply redone.
 */
import { createHash } from 'node:crypto';
import { CANONICAL_OBJECT_SUFFIX, CANONICAL_PREFIX, LEGACY_CANONICAL_OBJECT_SUFFIX, type DataQualityIssue } from '../shared/report-format.js';
import type { ReportObject } from '../shared/report-store.js';
import { convertedObjectKey } from './canonical-objects.js';
import { reportOf } from './normalise.js';

/** Key prefix of the manifest objects; below it one folder per report (`user_report/`, `by_user_analytic/`). */
export const MANIFEST_PREFIX = `${CANONICAL_PREFIX}manifest/`;

/** Rows of one issue on one day, as the manifest keeps them. */
export interface IssueRows {
  report_date: string;
  issue: DataQualityIssue;
  rows: number;
}

/** One file read. */
export interface ManifestEntry extends ReportObject {
  issues: IssueRows[];
  /**
   * Keys of the canonical objects the file gave. When the file is read again and gives fewer
   * (a rewritten export that no longer has a day or an issue), the others are emptied. Absent in
   * manifests written before it was kept.
   */
  objects?: string[];
}

/** A manifest object's body. */
export interface Manifest {
  folder: string;
  files: ManifestEntry[];
}

/** The folder of a key: everything before its last `/`. */
export function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/** `canonical/manifest/<report>/<16 hex of the folder's SHA-256>.json`. */
export function manifestKey(folder: string): string {
  return `${MANIFEST_PREFIX}${reportOf(folder)}/${createHash('sha256').update(folder).digest('hex').slice(0, 16)}.json`;
}

/** Whether `object` needs reading: not in the manifest, or its ETag or LastModified changed. */
export function isChanged(object: ReportObject, manifest: Manifest | undefined): boolean {
  const entry = manifest?.files.find((file) => file.key === object.key);
  return entry === undefined || entry.etag !== object.etag || entry.lastModified !== object.lastModified;
}

/**
 * The objects of a file's previous reading that its new reading (`written`) no longer gives, to
 * be emptied: those listed in its entry (a JSON-lines one of the first layout with the Parquet
 * object it was converted to), and, for an entry from before object lists were kept, the
 * JSON-lines object of each day it gives now.
 */
export function staleObjects(previous: ManifestEntry | undefined, written: readonly string[]): string[] {
  const listed =
    previous === undefined
      ? []
      : (previous.objects?.flatMap((key) => (key.endsWith(LEGACY_CANONICAL_OBJECT_SUFFIX) ? [key, convertedObjectKey(key)] : [key])) ?? written.map(legacyObjectKey));
  return [...new Set(listed)].filter((key) => !written.includes(key));
}

/** The JSON-lines key the first layout gave a canonical object. */
function legacyObjectKey(key: string): string {
  return `${key.slice(0, -CANONICAL_OBJECT_SUFFIX.length)}${LEGACY_CANONICAL_OBJECT_SUFFIX}`;
}

/** Reads a manifest body; a damaged one is treated as absent (its folder is read again: idempotent). */
export function parseManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Manifest;
    return typeof value?.folder === 'string' && Array.isArray(value.files) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The day's issue totals of manifest entries. */
export function dayIssueTotals(entries: readonly ManifestEntry[], day: string): Partial<Record<DataQualityIssue, number>> {
  const totals: Partial<Record<DataQualityIssue, number>> = {};
  for (const entry of entries) {
    for (const issue of entry.issues) {
      if (issue.report_date === day) totals[issue.issue] = (totals[issue.issue] ?? 0) + issue.rows;
    }
  }
  return totals;
}

/** Adds counts to `into`. */
export function addTotals(into: Partial<Record<DataQualityIssue, number>>, more: Partial<Record<DataQualityIssue, number>>): void {
  for (const [issue, rows] of Object.entries(more) as Array<[DataQualityIssue, number]>) into[issue] = (into[issue] ?? 0) + rows;
}
