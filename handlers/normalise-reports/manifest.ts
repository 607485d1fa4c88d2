/**
 * The normaliser's manifest: per date folder of user_report (`…/user_report/<region>/<yyyy>/<mm>/<dd>/00/`),
 * one object in the analytics bucket listing each file read from it with the ETag and
 * LastModified it had and its issue counts. A file is read again only when it is new or either
 * stamp changed. One batch owns a whole folder and writes its manifest object after the folder's
 * canonical objects, so a batch that fails leaves the older manifest and is simply redone.
 */
import { createHash } from 'node:crypto';
import { CANONICAL_PREFIX, USER_REPORT_TABLE, type DataQualityIssue } from '../shared/report-format.js';
import type { ReportObject } from '../shared/report-store.js';

/** Key prefix of the manifest objects. */
export const MANIFEST_PREFIX = `${CANONICAL_PREFIX}manifest/${USER_REPORT_TABLE}/`;

/** Rows of one issue on one day, as the manifest keeps them. */
export interface IssueRows {
  report_date: string;
  issue: DataQualityIssue;
  rows: number;
}

/** One file read. */
export interface ManifestEntry extends ReportObject {
  issues: IssueRows[];
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

/** `canonical/manifest/user_report/<12 hex of the folder's SHA-256>.json`. */
export function manifestKey(folder: string): string {
  return `${MANIFEST_PREFIX}${createHash('sha256').update(folder).digest('hex').slice(0, 16)}.json`;
}

/** Whether `object` needs reading: not in the manifest, or its ETag or LastModified changed. */
export function isChanged(object: ReportObject, manifest: Manifest | undefined): boolean {
  const entry = manifest?.files.find((file) => file.key === object.key);
  return entry === undefined || entry.etag !== object.etag || entry.lastModified !== object.lastModified;
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
