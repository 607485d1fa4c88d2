/**
 * Finds the report CSVs a pair of Glue crawlers would catalog: every `*.csv` under
 * `…/AWSLogs/<account>/{KiroLogs,QDeveloperLogs}/{user_report,by_user_analytic}/…`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import {
  AWS_LOGS_FOLDER,
  LOGS_FOLDERS,
  PARTITION_COLUMNS,
  REPORT_TABLES,
  type LogsFolder,
  type ReportTable,
} from '../../../handlers/shared/report-format.js';

/** One data file of a report table. */
export interface ReportFile {
  /** Absolute path; becomes the row's `"$path"`. */
  path: string;
  /** Folder names between the report folder and the file (region, yyyy, mm, dd, 00). */
  partitions: string[];
}

/**
 * Classifies one file path. Returns its table and partition values when it is a report CSV,
 * `undefined` for anything else (marker objects, files outside the report prefixes).
 * Throws when a report CSV sits deeper than the crawler's five partition levels.
 */
export function classifyReportPath(path: string): { table: ReportTable; file: ReportFile } | undefined {
  if (!path.endsWith('.csv')) {
    return undefined;
  }
  const segments = path.split(sep);
  const logs = segments.findIndex(
    (segment, index) =>
      segment === AWS_LOGS_FOLDER &&
      LOGS_FOLDERS.includes(segments[index + 2] as LogsFolder) &&
      REPORT_TABLES.includes(segments[index + 3] as ReportTable),
  );
  if (logs < 0) {
    return undefined;
  }
  const table = segments[logs + 3] as ReportTable;
  const partitions = segments.slice(logs + 4, -1);
  if (partitions.length > PARTITION_COLUMNS.length) {
    throw new Error(
      `Unexpected report layout: ${path} is ${partitions.length} folders below ${table}/, ` +
        `expected at most ${PARTITION_COLUMNS.length} (<region>/<yyyy>/<mm>/<dd>/00)`,
    );
  }
  return { table, file: { path, partitions } };
}

/**
 * Walks `reportsRoot` (any ancestor of, or folder inside, the report prefixes) and returns the
 * report files per table, sorted by path. Throws an error naming the folder when it is missing.
 */
export async function findReportFiles(reportsRoot: string): Promise<Record<ReportTable, ReportFile[]>> {
  const root = resolve(reportsRoot);
  const isFolder = await stat(root).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new Error(`Reports folder not found: ${root}`);
  }
  const found: Record<ReportTable, ReportFile[]> = { user_report: [], by_user_analytic: [] };
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile()) {
      const report = classifyReportPath(join(entry.parentPath, entry.name));
      if (report) {
        found[report.table].push(report.file);
      }
    }
  }
  for (const files of Object.values(found)) {
    files.sort((a, b) => a.path.localeCompare(b.path));
  }
  return found;
}
