/**
 * `npm run local` when things go wrong, through the real CLI: every failure ends with the
 * exit-code contract (0 succeeded, 1 failed run with `error:` and `cause:`, 2 bad input with a
 * one-line reason, nothing written), no stack trace without `--debug`, and a run that started
 * always leaves `execution.json` and its failure alert. Faults the machine cannot be made to
 * have here (a full disk, a read-only folder, an unreadable folder when tests run as root) come
 * from the `KIRO_LOCAL_FAULT` seam (`local/fault-injection.ts`).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE_BUCKET = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/hostile', import.meta.url));
const DAY_FOLDER = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/09/16';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx local/cli.ts <args>` from the project folder, with `KIRO_LOCAL_FAULT` when given. */
function runCli(args: string[], fault?: string): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/cli.ts', ...args],
      { cwd: PROJECT_DIR, timeout: 120_000, env: { ...process.env, KIRO_LOCAL_FAULT: fault ?? '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/** The contract's one-line refusal: exit 2, the reason, no stack trace, no usage unless asked. */
function expectRefused(run: CliRun, reason: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiro-local-failures-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('npm run local refuses bad inputs with exit 2, writing nothing', () => {
  it('refuses an --out folder that holds other files, naming it, and leaves them alone', async () => {
    // Prepare
    const outDir = join(workDir, 'documents');
    await mkdir(join(outDir, 'views'), { recursive: true });
    await writeFile(join(outDir, 'thesis.docx'), 'years of work');
    await writeFile(join(outDir, 'views', 'mine.csv'), 'a,b\n1,2\n');
    await writeFile(join(outDir, 'dashboard.html'), 'my page');

    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir]);

    // Assess
    expectRefused(run, new RegExp(`--out ${outDir}: folder is not empty and holds no \\.kiro-local-run\\.json; choose a new folder`));
    expect((await readdir(outDir)).sort()).toEqual(['dashboard.html', 'thesis.docx', 'views']);
    expect(await readFile(join(outDir, 'views', 'mine.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(await readFile(join(outDir, 'dashboard.html'), 'utf8')).toBe('my page');
  });

  it('refuses an --out that is a file', async () => {
    // Prepare
    const outFile = join(workDir, 'out-file');
    await writeFile(outFile, 'x');

    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', outFile]);

    // Assess
    expectRefused(run, /--out .*out-file: is a file, not a folder/);
    expect(await readFile(outFile, 'utf8')).toBe('x');
  });

  it('refuses a read-only --out', async () => {
    // Act: the first write there fails as on a read-only mount.
    const outDir = join(workDir, 'read-only');
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir], 'write=EROFS');

    // Assess
    expectRefused(run, /--out .*read-only: cannot write there \(EROFS: read-only file system\)/);
  });

  it('refuses --reports naming a file', async () => {
    // Act
    const run = await runCli(['--reports', join(HOSTILE, 'README.md'), '--out', join(workDir, 'never-1')]);

    // Assess
    expectRefused(run, /--reports .*README\.md: is a file, not a folder/);
    await expect(stat(join(workDir, 'never-1'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses reports with a folder that cannot be read, naming the folder', async () => {
    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', join(workDir, 'never-2')], 'readdir@2026/09=EACCES');

    // Assess
    expectRefused(run, /--reports .*bucket: cannot read the folder .*user_report\/us-east-1\/2026\/09 \(EACCES: permission denied\)/);
    await expect(stat(join(workDir, 'never-2'))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['directory-users-null.json', /directory-users-null\.json: Users\[0\] is not a user object \(null\)$/m],
    ['directory-array.json', /directory-array\.json: expected the output of 'aws identitystore list-users' .*got an array$/m],
    ['directory-latin1.csv', /directory-latin1\.csv: line 3 is not UTF-8 text; save the file as UTF-8$/m],
  ])('refuses the directory file %s with the reason', async (file, reason) => {
    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--directory', join(HOSTILE, file), '--out', join(workDir, 'never-3')]);

    // Assess
    expectRefused(run, reason);
    await expect(stat(join(workDir, 'never-3'))).rejects.toThrow(/ENOENT/);
  });

  it('checks --directory before writing sample reports (sample mode)', async () => {
    // Act
    const outDir = join(workDir, 'sample-mode');
    const run = await runCli(['--directory', join(HOSTILE, 'directory-users-null.json'), '--out', outDir]);

    // Assess
    expectRefused(run, /Users\[0\] is not a user object/);
    expect(run.stdout).not.toContain('generating sample reports');
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a second run while one holds the --out lock, naming it', async () => {
    // Prepare: an earlier run's folder whose lock names a live process (this test's).
    const outDir = join(workDir, 'locked');
    await mkdir(outDir);
    await writeFile(join(outDir, '.kiro-local-run.json'), '{}');
    await writeFile(join(outDir, '.kiro-local-run.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }));

    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir]);

    // Assess
    expectRefused(run, new RegExp(`--out ${outDir}: another run is using it \\(pid ${process.pid}, started 20\\d\\d-.*Z\\); wait for it to end`));
    expect((await readdir(outDir)).sort()).toEqual(['.kiro-local-run.json', '.kiro-local-run.lock']);
  });
});

describe('npm run local once the run has started', () => {
  let outDir: string;
  let good: { dashboard: string; view: string; datasets: string[] };

  beforeAll(async () => {
    outDir = join(workDir, 'started');
    const first = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir]);
    expect(first.code, first.stderr).toBe(0);
    good = {
      dashboard: await readFile(join(outDir, 'dashboard.html'), 'utf8'),
      view: await readFile(join(outDir, 'views', 'credits_daily.csv'), 'utf8'),
      datasets: (await readdir(join(outDir, 'datasets'))).sort(),
    };
  });

  it('ends a full disk while publishing as a FAILED run: exit 1, error and cause, execution.json and the failure alert, the last good results kept', async () => {
    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir, '--date', '2026-07-10'], 'write@dashboard.html=ENOSPC');

    // Assess
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^error: LocalPublishFailed$/m);
    expect(run.stderr).toMatch(/^cause: ENOSPC: .*dashboard\.html/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const execution = JSON.parse(await readFile(join(outDir, 'execution.json'), 'utf8'));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'LocalPublishFailed', input: { reportDate: '2026-07-10' } });
    const alerts = (await readFile(join(outDir, 'alerts.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(alerts.at(-1)).toMatchObject({ subject: 'Kiro activity pipeline failed at Publish', attributes: { alert_kind: 'failure' } });
    expect(await readFile(join(outDir, 'dashboard.html'), 'utf8')).toBe(good.dashboard);
    expect(await readFile(join(outDir, 'views', 'credits_daily.csv'), 'utf8')).toBe(good.view);
    expect((await readdir(join(outDir, 'datasets'))).sort()).toEqual(good.datasets);
    expect(await readdir(join(outDir, '.runs'))).toHaveLength(2);
  });

  it('says so when execution.json itself cannot be written (a full disk): exit 1, error and cause', async () => {
    // Act
    const run = await runCli(['--reports', FIXTURE_BUCKET, '--out', outDir], 'write@execution.json=ENOSPC');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: LocalRecordFailed$/m);
    expect(run.stderr).toMatch(/^cause: execution\.json or alerts\.jsonl could not be written \(ENOSPC: no space left on device\)$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints an unexpected error as error and cause, its stack only with --debug', async () => {
    // Prepare: a write failing in a way nobody foresaw (EBADF), before the run starts.
    const args = ['--reports', FIXTURE_BUCKET, '--out', join(workDir, 'unexpected')];

    // Act
    const plain = await runCli(args, 'write@.kiro-local-run.json=EBADF');
    const debug = await runCli([...args, '--debug'], 'write@.kiro-local-run.json=EBADF');

    // Assess
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error: EBADF\ncause: EBADF: injected fault at write, '.*\.kiro-local-run\.json'\n\(run again with --debug for the stack trace\)$/m);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^error: EBADF$/m);
    expect(debug.stderr).toMatch(/\n\s+at .*fault-injection\.ts/);
  });

  it('strips control characters and escape sequences from what it prints: a path cannot drive the terminal', async () => {
    // Prepare: a broken symlink whose name holds an OSC title and an 8-bit CSI, named in a note.
    const reportsDir = join(workDir, 'escape-bucket');
    await cp(FIXTURE_BUCKET, reportsDir, { recursive: true });
    await symlink('nowhere.csv', join(reportsDir, DAY_FOLDER, '00', 'KIRO_CLI_111122223333_user_report_202609161200\u001b]0;pwned\u0007\u009b2J.csv'));

    // Act
    const noted = await runCli(['--reports', reportsDir, '--out', join(workDir, 'escape-out')]);
    const refused = await runCli(['--reports', join(workDir, 'no\u001b[2Jsuch'), '--out', join(workDir, 'escape-out')]);

    // Assess
    expect(noted.code, noted.stderr).toBe(0);
    expect(noted.stdout).toMatch(/^note: broken symlink .*KIRO_CLI_111122223333_user_report_202609161200\.csv \(ENOENT: no such file or folder\); skipped$/m);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--reports .*nosuch: no such folder/);
    for (const run of [noted, refused]) expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
