/** The report bucket of the local run: the user_report and by_user_analytic CSVs under the --reports folder. */
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { ReportObject, ReportStore } from '../../handlers/shared/report-store.js';
import { findReportFiles } from './athena/report-files.js';

/**
 * {@link ReportStore} over a folder laid out like the bucket: keys are paths relative to it, the
 * version stamp is size and mtime (difference `report-etag` in local/aws/differences.ts).
 */
export class ReportFolderStore implements ReportStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async listReportFiles(): Promise<ReportObject[]> {
    const files = Object.values(await findReportFiles(this.root)).flat();
    const objects = await Promise.all(
      files.map(async (file) => {
        const info = await stat(file.path);
        return {
          key: relative(this.root, file.path).split(sep).join('/'),
          etag: `${info.size}-${Math.trunc(info.mtimeMs)}`,
          lastModified: info.mtime.toISOString(),
        };
      }),
    );
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async getText(key: string): Promise<string> {
    return readFile(this.uriOf(key), 'utf8');
  }

  /** The file's absolute path: the `"$path"` the local crawled tables give its rows. */
  uriOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`report key ${key} is outside ${this.root}`);
    return path;
  }
}
