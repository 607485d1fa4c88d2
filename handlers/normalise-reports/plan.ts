/**
 * PlanNormalise: lists the report files (user_report and by_user_analytic) once, compares each date folder with its manifest
 * and writes the folders with new or changed files as batch files to the work prefix (as
 * find-users does), whole folders per batch, so the NormaliseReports Map reads them with bounded
 * concurrency and a first run over a year of history fits Lambda's limits. JSON-lines objects of
 * the first canonical layout still holding rows are written as batches of their own, converted to
 * Parquet by NormaliseReportBatch.
 */
import type { ObjectStore } from '../shared/object-store.js';
import { CANONICAL_TABLES, canonicalTablePrefix, LEGACY_CANONICAL_OBJECT_SUFFIX, type DataQualityIssue } from '../shared/report-format.js';
import type { ReportObject, ReportStore } from '../shared/report-store.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { sourceObjectName } from './canonical-objects.js';
import { addTotals, dayIssueTotals, folderOf, isChanged, manifestKey, parseManifest, type Manifest } from './manifest.js';

/** Files per batch (whole folders, so a big day may exceed it): a few seconds of reading each. */
export const FILES_PER_BATCH = 50;

/** JSON-lines objects of the first layout converted per batch. */
export const CONVERSIONS_PER_BATCH = 500;

/** What the PlanNormalise state passes. */
export interface PlanNormaliseEvent {
  reportDate: string;
  executionName: string;
}

/** One batch file for NormaliseReportBatch. */
export interface NormaliseBatchRef {
  key: string;
  /** Files of the batch that are read. */
  count: number;
}

/** `$.normalise`. */
export interface NormalisePlan {
  /** Report files listed (user_report and by_user_analytic). */
  files: number;
  /** Of those, new or changed since they were last read. */
  changed: number;
  batches: NormaliseBatchRef[];
  /** Issue rows of the report date in files not read again (their counts are in the manifests). */
  dataQuality: Partial<Record<DataQualityIssue, number>>;
}

/** One folder of a batch file: its manifest key, every file it lists now, and which to read. */
export interface BatchFolder {
  folder: string;
  manifestKey: string;
  listed: ReportObject[];
  changed: string[];
}

/** A batch file's body. */
export interface NormaliseBatchFile {
  folders: BatchFolder[];
  /** JSON-lines objects of the first layout to convert to Parquet (and empty). */
  convert?: string[];
}

/** Ports of the plan. */
export interface PlanDeps {
  reports: Pick<ReportStore, 'listReportFiles'>;
  store: ObjectStore;
  workPrefix: string;
  filesPerBatch?: number;
}

/**
 * The non-empty JSON-lines objects of the first layout below the canonical tables, but those of
 * files read again this run (`readNow`: their object names), which that reading empties itself.
 * Converted once: a converted object is empty, and an empty object is not listed again.
 */
async function legacyObjects(store: ObjectStore, readNow: ReadonlySet<string>): Promise<string[]> {
  const objects = (await Promise.all(CANONICAL_TABLES.map((table) => store.listObjects(canonicalTablePrefix(table))))).flat();
  return objects
    .filter(({ key, size }) => size > 0 && key.endsWith(LEGACY_CANONICAL_OBJECT_SUFFIX))
    .map(({ key }) => key)
    .filter((key) => !readNow.has((key.split('/').pop() ?? '').slice(0, -LEGACY_CANONICAL_OBJECT_SUFFIX.length)))
    .sort();
}

/** `<workPrefix><execution>/normalise-0001.json`. */
export function normaliseBatchKey(workPrefix: string, executionName: string, batchNumber: number): string {
  return `${workPrefix}${executionName}/normalise-${String(batchNumber).padStart(4, '0')}.json`;
}

/** Plans the batches; writes them and returns the plan. */
export async function planNormalise(event: PlanNormaliseEvent, deps: PlanDeps): Promise<NormalisePlan> {
  const listed = await deps.reports.listReportFiles();
  const byFolder = new Map<string, ReportObject[]>();
  for (const object of listed) byFolder.set(folderOf(object.key), [...(byFolder.get(folderOf(object.key)) ?? []), object]);
  const folders = [...byFolder.entries()].sort(([a], [b]) => a.localeCompare(b));
  const manifests = await mapWithConcurrency(folders, 16, async ([folder]) => parseManifest(await deps.store.findText(manifestKey(folder))));
  const dataQuality: Partial<Record<DataQualityIssue, number>> = {};
  const pending: BatchFolder[] = [];
  folders.forEach(([folder, objects], index) => {
    const manifest: Manifest | undefined = manifests[index];
    const changed = objects.filter((object) => isChanged(object, manifest)).map((object) => object.key);
    const kept = (manifest?.files ?? []).filter((entry) => objects.some((object) => object.key === entry.key) && !changed.includes(entry.key));
    addTotals(dataQuality, dayIssueTotals(kept, event.reportDate));
    if (changed.length > 0) pending.push({ folder, manifestKey: manifestKey(folder), listed: objects, changed });
  });
  const limit = deps.filesPerBatch ?? FILES_PER_BATCH;
  const groups: BatchFolder[][] = [];
  for (const folder of pending) {
    const last = groups.at(-1);
    const size = (last ?? []).reduce((sum, entry) => sum + entry.changed.length, 0);
    if (last !== undefined && size + folder.changed.length <= limit) last.push(folder);
    else groups.push([folder]);
  }
  const bodies: NormaliseBatchFile[] = groups.map((group) => ({ folders: group }));
  const legacy = await legacyObjects(deps.store, new Set(pending.flatMap((folder) => folder.changed.map(sourceObjectName))));
  for (let start = 0; start < legacy.length; start += CONVERSIONS_PER_BATCH) bodies.push({ folders: [], convert: legacy.slice(start, start + CONVERSIONS_PER_BATCH) });
  const batches: NormaliseBatchRef[] = [];
  for (const [index, body] of bodies.entries()) {
    const key = normaliseBatchKey(deps.workPrefix, event.executionName, index + 1);
    await deps.store.putText(key, JSON.stringify(body));
    batches.push({ key, count: body.folders.reduce((sum, entry) => sum + entry.changed.length, 0) + (body.convert?.length ?? 0) });
  }
  return { files: listed.length, changed: pending.reduce((sum, entry) => sum + entry.changed.length, 0), batches, dataQuality };
}
