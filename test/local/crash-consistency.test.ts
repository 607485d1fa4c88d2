/**
 * A local run killed at every step of publishing (SIGKILL from the `KIRO_LOCAL_FAULT` seam, so no
 * `finally` runs): readers of the contract paths (`views/`, `datasets/`, `dashboard.html`) see the
 * old set or the new set, whole, never a mix or a gap; the next run clears the dead run's lock and
 * removes what it left, in `--out` and its DuckDB spill folder in the temporary folder.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE_BUCKET = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], fault = ''): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/cli.ts', ...args],
      { cwd: PROJECT_DIR, timeout: 120_000, env: { ...process.env, KIRO_LOCAL_FAULT: fault, TMPDIR: spillParent } },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
        resolvePromise({ code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0, signal: failed?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/** What a reader of the contract paths sees: every view and dataset file, and the page (its clock cut out). */
async function readersView(outDir: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const folder of ['views', 'datasets']) {
    for (const name of (await readdir(join(outDir, folder))).sort()) seen[`${folder}/${name}`] = await readFile(join(outDir, folder, name), 'utf8');
  }
  seen['dashboard.html'] = (await readFile(join(outDir, 'dashboard.html'), 'utf8')).replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, '<generated>');
  return seen;
}

/** The generation folder each contract path resolves into: one for all three, or a mix. */
async function generationsRead(outDir: string): Promise<Set<string>> {
  return new Set(await Promise.all(['views', 'datasets', 'dashboard.html'].map(async (entry) => dirname(await realpath(join(outDir, entry))))));
}

let workDir: string;
let bucketB: string;
/** The CLI runs' temporary folder, where DuckDB spills. */
let spillParent: string;

const spillFolders = async (): Promise<string[]> => (await readdir(spillParent)).filter((name) => name.startsWith('kiro-local-duckdb-'));

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiro-crash-'));
  spillParent = join(workDir, 'tmp');
  await mkdir(spillParent);
  // Run B reads a bucket without February, so its views differ from run A's.
  bucketB = join(workDir, 'bucket-b');
  await cp(FIXTURE_BUCKET, bucketB, { recursive: true });
  await rm(join(bucketB, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/02'), { recursive: true });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('a run killed while publishing', () => {
  let outDir: string;
  let viewA: Record<string, string>;
  let viewAfterSwitch: Record<string, string>;

  beforeAll(async () => {
    outDir = join(workDir, 'out');
    const first = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir]);
    expect(first.code, first.stderr).toBe(0);
    viewA = await readersView(outDir);
  });

  it.each(['publish:generation-written', 'publish:link-made'])('killed at %s: readers see the old set, whole', async (point) => {
    // Act
    const killed = await runCli(['--reports', bucketB, '--out', outDir], `${point}=kill`);

    // Assess
    expect(killed.signal).toBe('SIGKILL');
    expect(await readersView(outDir)).toEqual(viewA);
    expect((await generationsRead(outDir)).size).toBe(1);
  });

  it('killed right after the switch: readers see the new set, whole', async () => {
    // Act
    const killed = await runCli(['--reports', bucketB, '--out', outDir], 'publish:switched=kill');

    // Assess
    expect(killed.signal).toBe('SIGKILL');
    viewAfterSwitch = await readersView(outDir);
    expect(viewAfterSwitch).not.toEqual(viewA);
    expect(Object.keys(viewAfterSwitch)).toEqual(Object.keys(viewA));
    expect((await generationsRead(outDir)).size).toBe(1);
  });

  it('the next run clears the dead run lock and leftovers, and publishes as usual', async () => {
    // Prepare: each killed run left its spill folder, and the run after it removed it; the last is here.
    expect(await spillFolders()).toHaveLength(1);

    // Act
    const next = await runCli(['--reports', bucketB, '--out', outDir]);

    // Assess
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/note: removed 1 DuckDB spill folder \(\d+ MB\) left in .*\/tmp by a run that is no longer running/);
    expect(await spillFolders()).toEqual([]);
    expect(next.stdout).toMatch(/note: cleared the lock of a run that is no longer running \(pid \d+, started /);
    expect(next.stdout).toMatch(/note: removed what an interrupted run left in .*\.runs\/local-/);
    expect(await readersView(outDir)).toEqual(viewAfterSwitch);
    const runs = await readdir(join(outDir, '.runs'));
    expect(runs.sort()).toEqual(['current', (await realpath(join(outDir, '.runs', 'current'))).split('/').at(-1)].sort());
    expect((await readdir(outDir)).filter((name) => /tmp|previous|staging|lock/.test(name))).toEqual([]);
    expect(await readdir(join(outDir, 'work'))).toEqual([]);
  });
});

describe('an --out from before generations', () => {
  it('killed while being moved into a generation, is whole again after the next run, even one killed before publishing', async () => {
    // Prepare: the layout of the previous version (real folders and file).
    const outDir = join(workDir, 'legacy');
    const legacy = { 'views/credits_daily.csv': 'old view\n', 'datasets/credits_daily.csv': 'old dataset\n', 'dashboard.html': '<p>old page</p>' };
    for (const [path, content] of Object.entries(legacy)) {
      await mkdir(dirname(join(outDir, path)), { recursive: true });
      await writeFile(join(outDir, path), content);
    }
    await writeFile(join(outDir, 'execution.json'), '{}');

    // Act: killed after views/ moved, before its link is placed; then a run killed before publishing.
    const killed = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir], 'migrate:moved@views=kill');
    const interrupted = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir], 'publish:generation-written=kill');

    // Assess: the second run repaired the layout when it took the folder: the old results, whole.
    expect(killed.signal).toBe('SIGKILL');
    expect(interrupted.signal).toBe('SIGKILL');
    expect(await readFile(join(outDir, 'views/credits_daily.csv'), 'utf8')).toBe('old view\n');
    expect(await readFile(join(outDir, 'datasets/credits_daily.csv'), 'utf8')).toBe('old dataset\n');
    expect(await readFile(join(outDir, 'dashboard.html'), 'utf8')).toBe('<p>old page</p>');
    expect((await generationsRead(outDir)).size).toBe(1);
  });
});
