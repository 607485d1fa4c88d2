/**
 * NormaliseReportBatch: reads the new or changed files of one batch by header (user_report and
 * by_user_analytic alike), writes their canonical objects (Parquet, one per table, day and file),
 * then each folder's manifest.
 * Idempotent: every object key derives from the source key (and the folder), so a retried or
 * re-run batch rewrites the same objects; an object a file gave when last read and no longer
 * gives is emptied, so a rewritten export leaves no stale rows or issue counts behind. A file
 * deleted from the report bucket keeps what it gave: the canonical tables are the history, so
 * an expiry rule on the report bucket does not erase it.
 */
import type { ObjectStore } from '../shared/object-store.js';
import { BY_USER_ANALYTIC_TABLE, type DataQualityIssue } from '../shared/report-format.js';
import type { ReportStore } from '../shared/report-store.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { canonicalObjects, convertedObject } from './canonical-objects.js';
import { addTotals, dayIssueTotals, parseManifest, staleObjects, type Manifest, type ManifestEntry } from './manifest.js';
import { normaliseUserReport, reportOf, type IssueCount, type SourceFile } from './normalise.js';
import { normaliseAnalyticReport } from './normalise-analytic.js';
import type { NormaliseBatchFile } from './plan.js';

/** What the NormaliseReportBatch state passes. */
export interface NormaliseBatchEvent {
  key: string;
  reportDate: string;
}

/** One entry of `$.normalised`. */
export interface NormalisedBatch {
  key: string;
  /** Files read. */
  files: number;
  /** Canonical rows written (user_report and by_user_analytic). */
  rows: number;
  /** Non-zero per-model counts written. */
  modelRows: number;
  /** Issue rows of the report date in the files read. */
  dataQuality: Partial<Record<DataQualityIssue, number>>;
}

/** Ports of a batch. */
export interface NormaliseBatchDeps {
  reports: Pick<ReportStore, 'getText' | 'uriOf'>;
  store: ObjectStore;
}

/** The body of an emptied object. */
const EMPTY = new Uint8Array(0);

/** Files read at once within a batch. */
const READ_CONCURRENCY = 4;

/** Reads a batch file written by PlanNormalise; an error naming the key for anything else. */
export function parseNormaliseBatch(text: string, key: string): NormaliseBatchFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`normalise-reports: batch file ${key} is not valid JSON (${(error as Error).message})`);
  }
  const folders = (value as { folders?: unknown } | null)?.folders;
  if (!Array.isArray(folders)) throw new Error(`normalise-reports: batch file ${key}: expected {"folders": [...]}`);
  return value as NormaliseBatchFile;
}

/** One file read by header, whichever report it is of: its objects and counts. */
function normaliseFile(text: string, source: SourceFile): { objects: ReturnType<typeof canonicalObjects>; rows: number; modelRows: number; issues: IssueCount[] } {
  if (reportOf(source.key) === BY_USER_ANALYTIC_TABLE) {
    const file = normaliseAnalyticReport(text, source);
    return { objects: canonicalObjects(file, source.key), rows: file.activity.length, modelRows: 0, issues: file.issues };
  }
  const file = normaliseUserReport(text, source);
  return { objects: canonicalObjects(file, source.key), rows: file.rows.length, modelRows: file.models.length, issues: file.issues };
}

/** Normalises the batch's files and writes their objects and manifests. */
export async function normaliseBatch(event: NormaliseBatchEvent, deps: NormaliseBatchDeps): Promise<NormalisedBatch> {
  const batch = parseNormaliseBatch(await deps.store.getText(event.key), event.key);
  const result: NormalisedBatch = { key: event.key, files: 0, rows: 0, modelRows: 0, dataQuality: {} };
  for (const folder of batch.folders) {
    const previous: Manifest | undefined = parseManifest(await deps.store.findText(folder.manifestKey));
    const read = await mapWithConcurrency(folder.changed, READ_CONCURRENCY, async (sourceKey): Promise<ManifestEntry> => {
      const object = folder.listed.find((listed) => listed.key === sourceKey);
      if (object === undefined) throw new Error(`normalise-reports: batch file ${event.key} reads ${sourceKey}, which its folder does not list`);
      const normalised = normaliseFile(await deps.reports.getText(sourceKey), { key: sourceKey, uri: deps.reports.uriOf(sourceKey) });
      for (const canonical of normalised.objects) await deps.store.putBytes(canonical.key, canonical.body);
      const written = normalised.objects.map((canonical) => canonical.key);
      // What the file gave when last read and no longer gives holds nothing now: an empty object, which Athena skips.
      const before = previous?.files.find((entry) => entry.key === sourceKey);
      for (const stale of staleObjects(before, written)) await deps.store.putBytes(stale, EMPTY);
      result.files += 1;
      result.rows += normalised.rows;
      result.modelRows += normalised.modelRows;
      return { ...object, issues: normalised.issues.map(({ report_date, issue, rows }) => ({ report_date, issue, rows })), objects: written };
    });
    addTotals(result.dataQuality, dayIssueTotals(read, event.reportDate));
    // The manifest follows the objects it vouches for: every file listed now, read now or before.
    const files = folder.listed.flatMap((object) => {
      const entry = read.find((done) => done.key === object.key) ?? previous?.files.find((done) => done.key === object.key);
      return entry === undefined ? [] : [entry];
    });
    await deps.store.putText(folder.manifestKey, JSON.stringify({ folder: folder.folder, files } satisfies Manifest));
  }
  // The first layout's objects: the same rows as Parquet, then the JSON emptied (a retry finds it empty and skips it).
  for (const legacyKey of batch.convert ?? []) {
    const text = await deps.store.findText(legacyKey);
    const converted = text === undefined || text === '' ? undefined : convertedObject(legacyKey, text);
    if (converted === undefined) continue;
    await deps.store.putBytes(converted.key, converted.body);
    await deps.store.putBytes(legacyKey, EMPTY);
  }
  return result;
}
