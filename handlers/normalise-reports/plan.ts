/**
 * PlanNormalise: lists the report files (user_report and by_user_analytic) once, compares each date folder with its manifest
 * and writes the folders with new or changed files as batch files to the work prefix (as
 * find-users does), whole folders per batch, so the NormaliseReports Map reads them with bounded
 * concurrency and a first run over a year of history fits Lambda's limits.
 */
import type { ObjectStore } from '../shared/object-store.js';
import type { DataQualityIssue } from '../shared/report-format.js';
import type { ReportObject, ReportStore } from '../shared/report-store.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { addTotals, dayIssueTotals, folderOf, isChanged, manifestKey, parseManifest, type Manifest } from './manifest.js';

/** Files per batch (whole folders, so a big day may exceed it): a few seconds of reading each. */
export const FILES_PER_BATCH = 50;

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
}

/** Ports of the plan. */
export interface PlanDeps {
  reports: Pick<ReportStore, 'listReportFiles'>;
  store: ObjectStore;
  workPrefix: string;
  filesPerBatch?: number;
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
  const batches: NormaliseBatchRef[] = [];
  for (const [index, group] of groups.entries()) {
    const key = normaliseBatchKey(deps.workPrefix, event.executionName, index + 1);
    const body: NormaliseBatchFile = { folders: group };
    await deps.store.putText(key, JSON.stringify(body));
    batches.push({ key, count: group.reduce((sum, entry) => sum + entry.changed.length, 0) });
  }
  return { files: listed.length, changed: pending.reduce((sum, entry) => sum + entry.changed.length, 0), batches, dataQuality };
}
