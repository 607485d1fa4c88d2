/**
 * Finds the report CSVs a pair of Glue crawlers would catalog: every `*.csv` under
 * `…/AWSLogs/<account>/{KiroLogs,QDeveloperLogs}/{user_report,by_user_analytic}/…`.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import {
  AWS_LOGS_FOLDER,
  LOGS_FOLDERS,
  PARTITION_COLUMNS,
  REPORT_TABLES,
  type LogsFolder,
  type ReportTable,
} from '../../../handlers/shared/report-format.js';
import { faultPoint } from '../../fault-injection.js';
import { describeErrno } from '../../own-folder.js';

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

/** A folder under the reports that cannot be read (permissions, I/O): the message names it. */
export class ReportFolderError extends Error {
  override name = 'ReportFolderError';
}

/** What {@link findReportFiles} tells besides the files. */
export interface FindReportFilesOptions {
  /**
   * Told once per symlink that is not followed (a loop, a folder or file reached a second time,
   * a broken link), so nothing is skipped without a word.
   */
  onNotice?: (message: string) => void;
}

/**
 * Walks `reportsRoot` (any ancestor of, or folder inside, the report prefixes) and returns the
 * report files per table, sorted by path. Symlinked files and folders are followed, as `aws s3
 * sync` and the Glue crawler see their targets; a folder or file reached twice (a symlink loop, or
 * two links to one place) is read once, at its first path in name order. Throws an error naming
 * the folder when it is missing, and a {@link ReportFolderError} when a folder cannot be read.
 */
export async function findReportFiles(reportsRoot: string, options: FindReportFilesOptions = {}): Promise<Record<ReportTable, ReportFile[]>> {
  const root = resolve(reportsRoot);
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) {
    throw new Error(`Reports folder not found: ${root}`);
  }
  const found: Record<ReportTable, ReportFile[]> = { user_report: [], by_user_analytic: [] };
  const notice = options.onNotice ?? (() => undefined);
  /** Folders entered, by real path (a real folder's is its parent's plus its name): the first path each was reached by. */
  const folders = new Map<string, string>();
  /** Real paths of the report files taken, so a file linked twice is read once. */
  const realFiles = new Map<string, string>();

  const takeFile = (path: string, realPath: string): void => {
    const report = classifyReportPath(path);
    if (!report) return;
    const first = realFiles.get(realPath);
    if (first !== undefined) {
      notice(`${path} is the file ${first} again (through a symlink): read once`);
      return;
    }
    realFiles.set(realPath, path);
    found[report.table].push(report.file);
  };

  const enterFolder = async (path: string, realPath: string): Promise<void> => {
    const first = folders.get(realPath);
    if (first !== undefined) {
      notice(
        path.startsWith(first + sep)
          ? `symlink loop: ${path} leads back to ${first}; not followed`
          : `${path} is the folder ${first} again (through a symlink): read once`,
      );
      return;
    }
    folders.set(realPath, path);
    let entries;
    try {
      faultPoint('readdir', path);
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      throw new ReportFolderError(`cannot read the folder ${path} (${describeErrno(error)})`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const entryPath = join(path, entry.name);
      if (entry.isFile()) {
        takeFile(entryPath, join(realPath, entry.name));
      } else if (entry.isDirectory()) {
        await enterFolder(entryPath, join(realPath, entry.name));
      } else if (entry.isSymbolicLink()) {
        let target;
        let targetPath;
        try {
          target = await stat(entryPath);
          targetPath = await realpath(entryPath);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          notice(code === 'ELOOP' ? `symlink loop: ${entryPath} points to itself; not followed` : `broken symlink ${entryPath} (${describeErrno(error)}); skipped`);
          continue;
        }
        if (target.isDirectory()) await enterFolder(entryPath, targetPath);
        else if (target.isFile()) takeFile(entryPath, targetPath);
      }
    }
  };

  await enterFolder(root, await realpath(root));
  for (const files of Object.values(found)) {
    files.sort((a, b) => a.path.localeCompare(b.path));
  }
  return found;
}
