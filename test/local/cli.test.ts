/**
 * `npm run local` as a newcomer runs it: a real process, its output and its exit code.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE_BUCKET = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx local/cli.ts <args>` from the project folder. */
function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/cli.ts', ...args],
      { cwd: PROJECT_DIR, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiro-local-cli-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('npm run local', () => {
  it('runs the whole pipeline on generated sample reports when given nothing but --out', async () => {
    // Prepare
    const outDir = join(workDir, 'newcomer');

    // Act
    const run = await runCli(['--out', outDir]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('generating sample reports');
    expect(run.stdout).toMatch(/✓ Crawl .*2 crawlers finished/);
    expect(run.stdout).toMatch(/✓ ResolveUsers .*39 resolved, 1 deleted/);
    expect(run.stdout).toContain('alert [spike]');
    expect(run.stdout).toContain('SUCCEEDED');
    for (const entry of ['execution.json', 'alerts.jsonl', 'views', 'datasets', 'dashboard.html', 'user-mapping']) {
      await expect(stat(join(outDir, entry))).resolves.toBeDefined();
    }
    expect((await readdir(join(outDir, 'views'))).length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(await readFile(join(outDir, 'execution.json'), 'utf8')).status).toBe('SUCCEEDED');

    // Act: again, into the same --out with its own sample-reports/.
    const again = await runCli(['--out', outDir]);

    // Assess
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('SUCCEEDED');
    expect((await readdir(join(outDir, 'sample-reports'))).sort()).toEqual(['directory.json', 'kiro', 'sample.json']);
    expect((await readdir(outDir)).filter((name) => name.startsWith('.sample-reports-'))).toEqual([]);
  });

  it.each([
    [['--date', '2026-13-01'], /--date 2026-13-01: expected a calendar date YYYY-MM-DD/],
    [['--date', '2999-01-01'], /--date 2999-01-01: is in the future/],
    [['--colour', 'blue'], /Unknown option '--colour'/],
    [['--reports'], /--reports/],
  ])('exits 2 with the usage for bad arguments %j', async (args, message) => {
    // Prepare
    const outDir = join(workDir, 'bad-args');

    // Act
    const run = await runCli([...args, '--out', outDir]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: npm run local');
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('exits 2 naming a missing reports folder, writing nothing', async () => {
    // Prepare
    const outDir = join(workDir, 'missing');

    // Act
    const run = await runCli(['--reports', join(workDir, 'no-such-folder'), '--out', outDir]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--reports .*no-such-folder: no such folder/);
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('exits 1 with the error and cause when the run fails (a report file deeper than the crawler\'s partitions)', async () => {
    // Prepare: a broken CSV no longer fails a run (issue 9); a layout the crawler cannot catalog still does.
    const reportsDir = join(workDir, 'broken');
    await cp(FIXTURE_BUCKET, reportsDir, { recursive: true });
    const tooDeep = join(reportsDir, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/07/11/00/extra');
    await mkdir(tooDeep, { recursive: true });
    await writeFile(join(tooDeep, 'KIRO_CLI_111122223333_user_report_202607110200.csv'), 'Date,UserId\n2026-07-10,u1\n');

    // Act
    const run = await runCli(['--reports', reportsDir, '--out', join(workDir, 'out-broken'), '--date', '2026-07-10']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FAILED');
    expect(run.stderr).toContain('error: CrawlerFailed');
    expect(run.stderr).toMatch(/cause: .*extra\/KIRO_CLI_111122223333_user_report_202607110200\.csv/);
  });

  it('exits 0 over a broken CSV, naming it in a data_quality alert', async () => {
    // Prepare
    const reportsDir = join(workDir, 'broken-csv');
    await cp(FIXTURE_BUCKET, reportsDir, { recursive: true });
    const day = join(reportsDir, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/07/11/00');
    await writeFile(join(day, 'KIRO_CLI_111122223333_user_report_202607110200.csv'), 'Date,UserId\n"2026-07-10,\n');

    // Act
    const run = await runCli(['--reports', reportsDir, '--out', join(workDir, 'out-broken-csv')]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('alert [data_quality]');
    expect(run.stdout).toContain('KIRO_CLI_111122223333_user_report_202607110200.csv');
  });
});
