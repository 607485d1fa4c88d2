/**
 * The files a local run leaves in `--out`. Each is written whole (temporary file, then rename),
 * and folders of results are replaced in one move, so a failed or interrupted run never leaves
 * half-written data over the results of a good one.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../aws/s3-folder-store.js';

/** Paths inside the output folder: the contract of `npm run local`. */
export type OutputPaths = ReturnType<typeof outputPaths>;

/** The {@link OutputPaths} of `outDir`. */
export function outputPaths(outDir: string) {
  return {
    execution: join(outDir, 'execution.json'),
    alerts: join(outDir, 'alerts.jsonl'),
    views: join(outDir, 'views'),
    datasets: join(outDir, 'datasets'),
    dashboard: join(outDir, 'dashboard.html'),
    mapping: join(outDir, 'user-mapping'),
    work: join(outDir, 'work'),
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

/**
 * Moves a fully written staging folder to `target`, replacing what was there. The old folder is
 * moved aside first and removed only once the new one is in place.
 */
export async function replaceFolder(staging: string, target: string): Promise<void> {
  const previous = `${target}.previous-${process.pid}`;
  const hadTarget = await exists(target);
  if (hadTarget) await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (error) {
    if (hadTarget) await rename(previous, target);
    throw error;
  }
  if (hadTarget) await rm(previous, { recursive: true, force: true });
}

/** Creates a folder (and parents) that may already exist. */
export async function ensureFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
