/**
 * The local run's DuckDB spill folders: each names its run, and a run removes the ones whose run
 * is gone (killed runs leave theirs: no `finally` runs), never a running run's or another host's.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSpillFolder,
  removeStaleSpillFolders,
  SPILL_FOLDER_PREFIX,
  SPILL_HOLDER_FILE,
  UNNAMED_SPILL_FOLDER_AGE_MS,
} from '../../local/run/spill-folder.js';

let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'spill-folder-'));
});

afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** A spill folder as a run on `host` with `pid` leaves it, with `bytes` of spill. */
async function leftFolder(name: string, holder: { pid: number; host?: string }, bytes = 0): Promise<string> {
  const path = join(parent, `${SPILL_FOLDER_PREFIX}${name}`);
  await mkdir(path);
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  await writeFile(join(path, SPILL_HOLDER_FILE), JSON.stringify({ pid: holder.pid, host: holder.host ?? hostname(), startedAt }));
  if (bytes > 0) await writeFile(join(path, 'duckdb_temp_storage-0.tmp'), Buffer.alloc(bytes));
  return path;
}

const present = async (): Promise<string[]> => (await readdir(parent)).sort();

describe('createSpillFolder', () => {
  it('names this process in the folder, and remove() deletes it with its contents', async () => {
    // Act
    const spill = await createSpillFolder(parent);
    await writeFile(join(spill.path, 'spilled.tmp'), 'x');

    // Assess
    expect(spill.path.startsWith(join(parent, SPILL_FOLDER_PREFIX))).toBe(true);
    const holder = JSON.parse(await readFile(join(spill.path, SPILL_HOLDER_FILE), 'utf8')) as { pid: number; host: string };
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    await spill.remove();
    expect(await present()).toEqual([]);
  });
});

describe('removeStaleSpillFolders', () => {
  it("removes a gone run's folder and counts its bytes", async () => {
    // Prepare
    const left = await leftFolder('dead', { pid: exitedPid() }, 4096);
    const holderBytes = (await stat(join(left, SPILL_HOLDER_FILE))).size;

    // Act
    const removed = await removeStaleSpillFolders(parent);

    // Assess
    expect(removed).toEqual({ folders: 1, bytes: 4096 + holderBytes });
    expect(await present()).toEqual([]);
  });

  it("keeps a running run's folder, one of another host, and folders that are not spill folders", async () => {
    // Prepare
    const running = await createSpillFolder(parent);
    await leftFolder('elsewhere', { pid: exitedPid(), host: `not-${hostname()}` });
    await mkdir(join(parent, 'kiro-crash-other'));

    // Act
    const removed = await removeStaleSpillFolders(parent);

    // Assess
    expect(removed.folders).toBe(0);
    expect(await present()).toEqual([running.path.split('/').at(-1), `${SPILL_FOLDER_PREFIX}elsewhere`, 'kiro-crash-other'].sort());
  });

  it('removes a folder naming no run only once it has been left unchanged a day', async () => {
    // Prepare: a fresh one (a run may be writing its holder) and an old one.
    await mkdir(join(parent, `${SPILL_FOLDER_PREFIX}fresh`));
    const old = join(parent, `${SPILL_FOLDER_PREFIX}old`);
    await mkdir(old);
    const then = new Date(Date.now() - UNNAMED_SPILL_FOLDER_AGE_MS - 60_000);
    await utimes(old, then, then);

    // Act
    const removed = await removeStaleSpillFolders(parent);

    // Assess
    expect(removed).toEqual({ folders: 1, bytes: 0 });
    expect(await present()).toEqual([`${SPILL_FOLDER_PREFIX}fresh`]);
  });

  it('finds nothing to do in a temporary folder that does not exist', async () => {
    // Act & Assess
    await expect(removeStaleSpillFolders(join(parent, 'missing'))).resolves.toEqual({ folders: 0, bytes: 0 });
  });
});
