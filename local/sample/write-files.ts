/** The disk edge of the sample generator: writes generated files with bounded concurrency. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FolderRefusedError, requireOwnFolder } from '../own-folder.js';
import { DIRECTORY_FILE, MANIFEST_FILE, type SampleFile } from './generate.js';
import { SampleUsageError } from './args.js';

/** Files written at the same time: enough to keep the disk busy without exhausting handles. */
const MAX_CONCURRENT_WRITES = 32;

/**
 * Checks that `outDir` may take a new sample, writing nothing: the rule of `local/own-folder.ts`
 * with the sample manifest as the marker, so a real report download is never deleted.
 */
export async function checkOutputFolder(outDir: string, label = `--out ${outDir}`): Promise<void> {
  try {
    await requireOwnFolder(outDir, label, MANIFEST_FILE);
  } catch (error) {
    throw error instanceof FolderRefusedError ? new SampleUsageError(error.message) : error;
  }
}

/** Makes `outDir` ready for a new sample: creates it, or empties a previous sample in it (see {@link checkOutputFolder}). */
export async function prepareOutputFolder(outDir: string, label?: string): Promise<void> {
  await checkOutputFolder(outDir, label);
  for (const entry of ['kiro', DIRECTORY_FILE, MANIFEST_FILE]) await rm(join(outDir, entry), { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
}

/** Writes every file under `outDir`, consuming `files` lazily. Returns how many were written. */
export async function writeSampleFiles(outDir: string, files: Iterable<SampleFile>): Promise<number> {
  const folders = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<void>>();
  let written = 0;
  try {
    for (const file of files) {
      const target = join(outDir, ...file.path.split('/'));
      const folder = dirname(target);
      if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
      const write: Promise<void> = (folders.get(folder) as Promise<unknown>)
        .then(() => writeFile(target, file.content))
        .then(() => {
          written += 1;
          pending.delete(write);
        });
      pending.add(write);
      if (pending.size >= MAX_CONCURRENT_WRITES) await Promise.race(pending);
    }
  } finally {
    // Let every started write settle before reporting, so no failure goes unobserved.
    const results = await Promise.allSettled(pending);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return written;
}
