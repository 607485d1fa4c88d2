/**
 * The folder DuckDB spills to during one local run: `<temporary folder>/kiro-local-duckdb-XXXXXX`,
 * outside `--out`, holding `run.json` (the run's pid, host and start time, as the output lock
 * names it). A run that is killed or interrupted runs no `finally` and leaves the folder, which
 * at 10,000 people can hold gigabytes; the next run removes every such folder whose run is gone.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning, parseHolder, type LockHolder } from './output-lock.js';

/** The spill folders' name prefix in the temporary folder. */
export const SPILL_FOLDER_PREFIX = 'kiro-local-duckdb-';

/** The file in a spill folder naming the run that uses it. */
export const SPILL_HOLDER_FILE = 'run.json';

/**
 * A spill folder with no readable {@link SPILL_HOLDER_FILE} (left by a version that wrote none, or
 * by a run killed between creating it and writing the file) is removed once unchanged this long:
 * a running run's folder changes whenever DuckDB spills.
 */
export const UNNAMED_SPILL_FOLDER_AGE_MS = 24 * 60 * 60 * 1000;

/** A run's spill folder; {@link remove} deletes it with whatever DuckDB left in it. */
export interface SpillFolder {
  path: string;
  remove(): Promise<void>;
}

/** Creates this run's spill folder in `parent` and names this process in it. */
export async function createSpillFolder(parent: string = tmpdir()): Promise<SpillFolder> {
  const path = await mkdtemp(join(parent, SPILL_FOLDER_PREFIX));
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const remove = (): Promise<void> => rm(path, { recursive: true, force: true });
  try {
    await writeFile(join(path, SPILL_HOLDER_FILE), `${JSON.stringify(holder)}\n`);
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
  return { path, remove };
}

/** What {@link removeStaleSpillFolders} removed. */
export interface StaleSpillRemoval {
  folders: number;
  bytes: number;
}

/**
 * Removes the spill folders in `parent` left by runs that are no longer running (see
 * {@link isRunning}; a folder named by a run on another host is kept). A folder that cannot be
 * read or removed is left alone: cleaning up never fails a run.
 */
export async function removeStaleSpillFolders(parent: string = tmpdir(), now: number = Date.now()): Promise<StaleSpillRemoval> {
  const removed: StaleSpillRemoval = { folders: 0, bytes: 0 };
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names.filter((entry) => entry.startsWith(SPILL_FOLDER_PREFIX))) {
    const path = join(parent, name);
    try {
      if (!(await isStale(path, now))) continue;
      const bytes = await folderBytes(path);
      await rm(path, { recursive: true, force: true });
      removed.folders += 1;
      removed.bytes += bytes;
    } catch {
      // Not ours to fight over (permissions, a folder of another user): left as it is.
    }
  }
  return removed;
}

async function isStale(path: string, now: number): Promise<boolean> {
  const info = await stat(path);
  if (!info.isDirectory()) return false;
  const holder = parseHolder(await readFile(join(path, SPILL_HOLDER_FILE), 'utf8').catch(() => ''));
  if (holder !== undefined) return !isRunning(holder);
  return now - info.mtimeMs > UNNAMED_SPILL_FOLDER_AGE_MS;
}

async function folderBytes(path: string): Promise<number> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => stat(join(entry.parentPath, entry.name)).then((info) => info.size, () => 0)),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
