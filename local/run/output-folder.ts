/**
 * The output folder of a local run (`--out`): whose it is, who is writing it, and how a run's
 * results replace the last good ones so that a reader, or a run killed at any moment, never sees
 * a mix or a gap.
 *
 * Layout (docs/contracts.md "Local run output"):
 *
 * ```
 * <out>/.kiro-local-run.json     marker: this folder is a local run's (written by every run)
 * <out>/.kiro-local-run.lock     while a run holds the folder (output-lock.ts)
 * <out>/.runs/<execution>/       one generation: views/, datasets/, dashboard.html of one good run
 * <out>/.runs/current            symlink → the generation of the last good run, switched by one rename
 * <out>/views                    symlink → .runs/current/views
 * <out>/datasets                 symlink → .runs/current/datasets
 * <out>/dashboard.html           symlink → .runs/current/dashboard.html
 * <out>/execution.json, alerts.jsonl, user-mapping/, canonical/, alerts-sent/, reports/, work/, sample-reports/
 * ```
 *
 * A run builds its generation beside the current one and publishes it by renaming a new
 * `current` link over the old: `views/`, `datasets/` and `dashboard.html` change together, in one
 * atomic step. Whatever a killed run leaves (its half-built generation, temporary files, `work/`)
 * is removed by the next run, under the lock.
 */
import { access, constants, lstat, mkdir, open, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomically } from '../aws/s3-folder-store.js';
import { faultPoint } from '../fault-injection.js';
import { describeErrno, FolderRefusedError, requireOwnFolder } from '../own-folder.js';
import { acquireOutputLock } from './output-lock.js';

/** The marker every local run writes into its `--out`: the folder is then a local run's. */
export const MARKER_FILE = '.kiro-local-run.json';
/** The lock file of a running local run. */
export const LOCK_FILE = '.kiro-local-run.lock';
const RUNS_FOLDER = '.runs';
const CURRENT_LINK = 'current';
/** What a good run publishes, each a link into the current generation. */
const PUBLISHED = ['views', 'datasets', 'dashboard.html'] as const;

/**
 * Top-level names a local run writes. A folder holding nothing else (with `execution.json`) is
 * an earlier run from before the marker existed, and is taken over.
 */
const RUN_ENTRIES = new Set<string>(['execution.json', 'alerts.jsonl', ...PUBLISHED, 'user-mapping', 'canonical', 'alerts-sent', 'reports', 'work', 'sample-reports', MARKER_FILE, LOCK_FILE, RUNS_FOLDER]);
/** What an interrupted run leaves at the top of `--out`, this layout's or the one before it. */
const LEFTOVER = /^\.staging-|^\.sample-reports-|\.previous-\d+$|\.tmp-\d+$|\.stale-\d+-[0-9a-f]+$/;

/** Paths inside the output folder: the contract of `npm run local`. */
export type OutputPaths = ReturnType<typeof outputPaths>;

/** The {@link OutputPaths} of `outDir`. */
export function outputPaths(outDir: string) {
  return {
    root: outDir,
    execution: join(outDir, 'execution.json'),
    alerts: join(outDir, 'alerts.jsonl'),
    views: join(outDir, 'views'),
    datasets: join(outDir, 'datasets'),
    dashboard: join(outDir, 'dashboard.html'),
    mapping: join(outDir, 'user-mapping'),
    work: join(outDir, 'work'),
    sampleReports: join(outDir, 'sample-reports'),
    marker: join(outDir, MARKER_FILE),
    lock: join(outDir, LOCK_FILE),
    runs: join(outDir, RUNS_FOLDER),
    current: join(outDir, RUNS_FOLDER, CURRENT_LINK),
  };
}

/** `--out` held by this run: where to build its generation, how to publish it, and the lock. */
export interface OutputFolder {
  paths: OutputPaths;
  /** The folder a run builds its generation in (`.runs/<execution>`). */
  generationDir(executionName: string): string;
  /** Makes a complete generation the current one, in one rename, and removes the one it replaces. */
  publishGeneration(executionName: string): Promise<void>;
  /** Removes a generation that is not to be published (failed or NO_DATA run). */
  discardGeneration(executionName: string): Promise<void>;
  /** Gives the folder back (removes the lock). */
  release(): Promise<void>;
}

/**
 * Checks, writing nothing, that `outDir` may be a local run's output: missing, empty, holding the
 * marker, or an earlier run's from before the marker (nothing but {@link RUN_ENTRIES} and an
 * `execution.json`), and writable. Throws {@link FolderRefusedError} naming the folder.
 */
export async function checkOutputFolder(outDir: string): Promise<void> {
  const label = `--out ${outDir}`;
  const folder = await requireOwnFolder(outDir, label, MARKER_FILE, (entries) =>
    entries.includes('execution.json') && entries.every((entry) => RUN_ENTRIES.has(entry) || LEFTOVER.test(entry)),
  );
  let existing = outDir;
  if (!folder.exists) {
    // The nearest folder that exists is where the first write goes.
    while (dirname(existing) !== existing && !(await exists(existing))) existing = dirname(existing);
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new FolderRefusedError(`${label}: cannot write there (${describeErrno(error)})`);
  }
}

/**
 * Takes `outDir` for one run: checks it ({@link checkOutputFolder}), creates it, takes the lock,
 * writes the marker, removes what interrupted runs left, and moves the results of a run from
 * before generations into one. Problems writing there throw {@link FolderRefusedError}.
 */
export async function openOutputFolder(outDir: string, onNotice?: (message: string) => void): Promise<OutputFolder> {
  const label = `--out ${outDir}`;
  const paths = outputPaths(outDir);
  await checkOutputFolder(outDir);
  const lock = await refusedOnWriteError(label, async () => {
    await mkdir(outDir, { recursive: true });
    return acquireOutputLock(paths.lock, label, onNotice);
  });
  try {
    await refusedOnWriteError(label, async () => {
      if (!(await exists(paths.marker))) {
        await writeFileAtomically(paths.marker, `${JSON.stringify({ writtenBy: 'npm run local', layout: 'generations', note: 'this folder is the output of a local run: a later run replaces views/, datasets/ and dashboard.html' }, null, 2)}\n`);
      }
      const removed = await removeLeftovers(paths);
      if (removed.length > 0) onNotice?.(`removed what an interrupted run left in ${outDir}: ${removed.join(', ')}`);
      await adoptRealEntries(paths);
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    paths,
    generationDir: (executionName) => join(paths.runs, executionName),
    publishGeneration: (executionName) => publishGeneration(paths, executionName),
    discardGeneration: (executionName) => rm(join(paths.runs, executionName), { recursive: true, force: true }),
    release: () => lock.release(),
  };
}

/** Writes a JSON document atomically, pretty-printed. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a text file atomically. */
export async function writeText(path: string, text: string): Promise<void> {
  await writeFileAtomically(path, text);
}

/** Creates a folder (and parents) that may already exist. */
export async function ensureFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

/** The generation `.runs/current` names, if any. */
export async function currentGeneration(paths: OutputPaths): Promise<string | undefined> {
  return readlink(paths.current).catch(() => undefined);
}

async function publishGeneration(paths: OutputPaths, executionName: string): Promise<void> {
  const generation = join(paths.runs, executionName);
  const replaced = await currentGeneration(paths);
  await syncTree(generation);
  faultPoint('publish:generation-written', generation);
  await pointLink(paths.current, executionName, 'publish:link-made');
  await syncFolder(paths.runs);
  await placePublishedLinks(paths);
  faultPoint('publish:switched', generation);
  if (replaced !== undefined && replaced !== executionName) {
    await rm(join(paths.runs, replaced), { recursive: true, force: true });
  }
}

/** Makes `link` a symlink to `target` by renaming a new link over it: readers see the old or the new. */
async function pointLink(link: string, target: string, fault?: 'publish:link-made'): Promise<void> {
  const temporary = `${link}.tmp-${process.pid}`;
  await rm(temporary, { force: true });
  await symlink(target, temporary);
  if (fault) faultPoint(fault, temporary);
  await rename(temporary, link);
}

/** `views`, `datasets` and `dashboard.html` as links through `.runs/current`, created where missing. */
async function placePublishedLinks(paths: OutputPaths): Promise<void> {
  for (const entry of PUBLISHED) {
    const link = join(paths.root, entry);
    const target = join(RUNS_FOLDER, CURRENT_LINK, entry);
    if ((await readlink(link).catch(() => undefined)) !== target) await pointLink(link, target);
  }
}

/**
 * Moves real `views/`, `datasets/` and `dashboard.html` (an `--out` from before generations, or a
 * migration that was interrupted) into the current generation, creating it, and links them.
 * An earlier run's `views.previous-<pid>` that never got back into place is restored first.
 */
async function adoptRealEntries(paths: OutputPaths): Promise<void> {
  const topLevel = await readdir(paths.root);
  const real: string[] = [];
  for (const entry of PUBLISHED) {
    const link = join(paths.root, entry);
    const info = await lstat(link).catch(() => undefined);
    if (info === undefined) {
      const previous = topLevel.filter((name) => name.startsWith(`${entry}.previous-`)).sort().at(-1);
      if (previous === undefined) continue;
      await rename(join(paths.root, previous), link);
    } else if (info.isSymbolicLink()) {
      continue;
    }
    real.push(entry);
  }
  let generation = await currentGeneration(paths);
  if (real.length > 0) {
    if (generation === undefined) {
      generation = 'earlier-run';
      await mkdir(join(paths.runs, generation), { recursive: true });
      await pointLink(paths.current, generation);
    }
    for (const entry of real) {
      const inGeneration = join(paths.runs, generation, entry);
      const destination = (await exists(inGeneration)) ? join(paths.runs, `.replaced-${process.pid}-${entry}`) : inGeneration;
      await rename(join(paths.root, entry), destination);
      faultPoint('migrate:moved', join(paths.root, entry));
      await pointLink(join(paths.root, entry), join(RUNS_FOLDER, CURRENT_LINK, entry));
    }
    await rm(join(paths.runs, `.replaced-${process.pid}-views`), { recursive: true, force: true });
    await rm(join(paths.runs, `.replaced-${process.pid}-datasets`), { recursive: true, force: true });
    await rm(join(paths.runs, `.replaced-${process.pid}-dashboard.html`), { force: true });
  }
  if (generation !== undefined) await placePublishedLinks(paths);
}

/** The folders of objects the handlers write through the folder store, swept for temporary files. */
const OBJECT_FOLDERS = ['user-mapping', 'canonical', 'alerts-sent', 'reports'];

/**
 * Removes what interrupted runs left: temporary and staging files at the top, every `work/`
 * folder (no run is running: this one holds the lock), generations other than the current one,
 * and temporary files among the objects (mapping partitions, canonical reports). Returns what it
 * removed, relative to `--out`.
 */
async function removeLeftovers(paths: OutputPaths): Promise<string[]> {
  const removed: string[] = [];
  const remove = async (folder: string, name: string, relative: string): Promise<void> => {
    await rm(join(folder, name), { recursive: true, force: true });
    removed.push(relative);
  };
  const topLevel = await readdir(paths.root);
  for (const name of topLevel) {
    // A views.previous-<pid> without views/ is the last good data: adoptRealEntries puts it back.
    const previousOf = /^(.*)\.previous-\d+$/.exec(name)?.[1];
    if (previousOf !== undefined && !topLevel.includes(previousOf)) continue;
    if (LEFTOVER.test(name)) await remove(paths.root, name, name);
  }
  for (const name of await readdir(paths.work).catch(() => [])) await remove(paths.work, name, `work/${name}`);
  const current = await currentGeneration(paths);
  for (const name of await readdir(paths.runs).catch(() => [])) {
    if (name !== CURRENT_LINK && name !== current) await remove(paths.runs, name, `${RUNS_FOLDER}/${name}`);
  }
  for (const folder of OBJECT_FOLDERS) {
    const entries = await readdir(join(paths.root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && /\.tmp-\d+$/.test(entry.name)) {
        await remove(entry.parentPath, entry.name, relative(paths.root, join(entry.parentPath, entry.name)));
      }
    }
  }
  return removed;
}

/** Runs `write`, turning a file system refusal (read-only, full, no permission) into a {@link FolderRefusedError}. */
async function refusedOnWriteError<T>(label: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && WRITE_REFUSALS.has(code)) throw new FolderRefusedError(`${label}: cannot write there (${describeErrno(error)})`);
    throw error;
  }
}

const WRITE_REFUSALS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST', 'EIO']);

/** Flushes a generation's files and folders to disk before it becomes current (best effort). */
async function syncTree(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await syncTree(path);
    else if (entry.isFile()) await syncFile(path);
  }
  await syncFolder(folder);
}

async function syncFile(path: string): Promise<void> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return;
  try {
    await file.sync();
  } catch {
    // Not every file system can sync; the rename order still holds.
  } finally {
    await file.close();
  }
}

const syncFolder = syncFile;

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
