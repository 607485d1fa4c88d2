/**
 * `--out` of the local run, in process: which folders it takes (one rule with the sample's), the
 * lock of one run at a time, what an interrupted run left, and the move from the layout before
 * generations.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderRefusedError } from '../../local/own-folder.js';
import { checkOutputFolder, LOCK_FILE, MARKER_FILE, openOutputFolder } from '../../local/run/output-folder.js';
import { acquireOutputLock, OutputLockedError } from '../../local/run/output-lock.js';
import { checkOutputFolder as checkSampleFolder } from '../../local/sample/write-files.js';

let workDir: string;
let count = 0;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiro-out-folder-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string>): Promise<string> {
  count += 1;
  const folder = join(workDir, `f${count}`);
  await mkdir(folder, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(folder, path, '..'), { recursive: true });
    await writeFile(join(folder, path), content);
  }
  return folder;
}

/** A pid that was alive a moment ago and is not any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolvePromise) => child.on('exit', resolvePromise));
  return child.pid as number;
}

describe('which --out folders a run takes', () => {
  it('refuses a folder holding other files, naming it, and writes nothing there', async () => {
    // Prepare
    const folder = await folderWith({ 'thesis.docx': 'years of work', 'views/mine.csv': 'a,b' });

    // Act + Assess
    await expect(checkOutputFolder(folder)).rejects.toThrow(FolderRefusedError);
    await expect(openOutputFolder(folder)).rejects.toThrow(`--out ${folder}: folder is not empty and holds no ${MARKER_FILE}; choose a new folder`);
    expect((await readdir(folder)).sort()).toEqual(['thesis.docx', 'views']);
    expect(await readdir(join(folder, 'views'))).toEqual(['mine.csv']);
  });

  it('refuses a file', async () => {
    // Prepare
    const folder = await folderWith({ 'out.txt': 'x' });

    // Act + Assess
    await expect(checkOutputFolder(join(folder, 'out.txt'))).rejects.toThrow(`--out ${join(folder, 'out.txt')}: is a file, not a folder`);
  });

  it('takes a new folder, an empty one, one with the marker, and an earlier run from before the marker', async () => {
    // Prepare
    const empty = await folderWith({});
    const marked = await folderWith({ [MARKER_FILE]: '{}', 'anything.txt': 'x' });
    const earlier = await folderWith({ 'execution.json': '{}', 'alerts.jsonl': '', 'views/a.csv': 'a', 'sample-reports/sample.json': '{}', 'views.previous-12/a.csv': 'a' });

    // Act + Assess
    for (const folder of [join(workDir, 'not-yet'), empty, marked, earlier]) await expect(checkOutputFolder(folder)).resolves.toBeUndefined();
  });

  it('is the same rule as the sample generator, with its own marker', async () => {
    // Prepare
    const foreign = await folderWith({ 'notes.txt': 'x' });
    const sample = await folderWith({ 'sample.json': '{}', kiro: '' });

    // Act + Assess
    await expect(checkSampleFolder(foreign)).rejects.toThrow(`--out ${foreign}: folder is not empty and holds no sample.json; choose a new folder`);
    await expect(checkSampleFolder(sample)).resolves.toBeUndefined();
  });
});

describe('one run per --out', () => {
  it('refuses a folder whose lock names a live run, naming its pid and start time', async () => {
    // Prepare: this test process is alive.
    const folder = await folderWith({ [MARKER_FILE]: '{}' });
    const startedAt = new Date().toISOString();
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt }));

    // Act
    const attempt = openOutputFolder(folder);

    // Assess
    await expect(attempt).rejects.toThrow(OutputLockedError);
    await expect(openOutputFolder(folder)).rejects.toThrow(`--out ${folder}: another run is using it (pid ${process.pid}, started ${startedAt}); wait for it to end or choose another --out`);
    expect(JSON.parse(await readFile(join(folder, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, startedAt });
  });

  it('clears the lock of a dead run, says so, and takes the folder', async () => {
    // Prepare
    const folder = await folderWith({ [MARKER_FILE]: '{}' });
    const pid = await deadPid();
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: '2026-11-20T03:00:00.000Z' }));
    const notices: string[] = [];

    // Act
    const taken = await openOutputFolder(folder, (message) => notices.push(message));

    // Assess
    expect(notices).toContain(`cleared the lock of a run that is no longer running (pid ${pid}, started 2026-11-20T03:00:00.000Z)`);
    expect(JSON.parse(await readFile(join(folder, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await taken.release();
    await expect(lstat(join(folder, LOCK_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('clears a lock whose pid now belongs to a process started after it (a reused pid)', async () => {
    // Prepare: our own pid, but a lock from long before this process started.
    const folder = await folderWith({ [MARKER_FILE]: '{}' });
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }));

    // Act
    const lock = await acquireOutputLock(join(folder, LOCK_FILE), 'test');

    // Assess
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('lets only one of two runs racing for a free folder have it', async () => {
    // Prepare
    const folder = await folderWith({});

    // Act
    const results = await Promise.allSettled([openOutputFolder(folder), openOutputFolder(folder)]);

    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(OutputLockedError) });
    for (const result of results) if (result.status === 'fulfilled') await result.value.release();
  });
});

describe('what an interrupted run left', () => {
  it('is removed by the next run, under the lock, and named', async () => {
    // Prepare: a generation layout with what runs killed at different moments leave.
    const folder = await folderWith({
      [MARKER_FILE]: '{}',
      '.runs/local-good/views/a.csv': 'good',
      '.runs/local-killed/views/a.csv': 'half',
      '.runs/current.tmp-4242': '',
      'execution.json.tmp-4242': '{',
      '.staging-local-old/datasets/x.csv': 'x',
      '.sample-reports-4242/sample.json': '{}',
      'work/local-killed/batch-0001.json': '[]',
      'user-mapping/resolved_date=2026-11-20/part.json.tmp-4242': '{',
      'user-mapping/resolved_date=2026-11-20/part.json': '{}',
    });
    await rm(join(folder, '.runs/current.tmp-4242'));
    await symlink('local-good', join(folder, '.runs/current'));
    await symlink('local-killed', join(folder, '.runs/current.tmp-4242'));
    const notices: string[] = [];

    // Act
    const taken = await openOutputFolder(folder, (message) => notices.push(message));
    await taken.release();

    // Assess
    expect((await readdir(join(folder, '.runs'))).sort()).toEqual(['current', 'local-good']);
    expect((await readdir(folder)).sort()).toEqual(['.kiro-local-run.json', '.runs', 'dashboard.html', 'datasets', 'user-mapping', 'views', 'work']);
    expect(await readdir(join(folder, 'work'))).toEqual([]);
    expect(await readdir(join(folder, 'user-mapping/resolved_date=2026-11-20'))).toEqual(['part.json']);
    expect(await readFile(join(folder, 'views/a.csv'), 'utf8')).toBe('good');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/removed what an interrupted run left in .*: .*\.runs\/local-killed/);
  });

  it('puts back the last good views a run of the layout before generations moved aside and never replaced', async () => {
    // Prepare: killed between renaming views/ to views.previous-<pid> and the new views into place.
    const folder = await folderWith({ 'execution.json': '{}', 'views.previous-77/a.csv': 'last good', 'datasets/d.csv': 'd', 'dashboard.html': '<html>' });

    // Act
    const taken = await openOutputFolder(folder);
    await taken.release();

    // Assess
    expect(await readFile(join(folder, 'views/a.csv'), 'utf8')).toBe('last good');
    expect(await readFile(join(folder, 'datasets/d.csv'), 'utf8')).toBe('d');
    expect(await readFile(join(folder, 'dashboard.html'), 'utf8')).toBe('<html>');
    expect(await readlink(join(folder, 'views'))).toBe(join('.runs', 'current', 'views'));
    expect((await readdir(folder)).filter((name) => name.includes('previous'))).toEqual([]);
  });
});
