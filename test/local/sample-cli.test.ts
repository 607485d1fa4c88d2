import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSampleArgs, SampleUsageError } from '../../local/sample/args.js';
import { prepareOutputFolder } from '../../local/sample/write-files.js';

const run = promisify(execFile);
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function newFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'kiro-sample-cli-'));
  folders.push(folder);
  return folder;
}

describe('parseSampleArgs', () => {
  it('uses fixed defaults, never the clock', () => {
    // Act
    const args = parseSampleArgs([]);

    // Assess
    expect(args).toEqual({
      options: { users: 40, days: 45, seed: 42, endDate: '2026-11-20', partSize: 1000 },
      outDir: 'sample-reports',
      help: false,
    });
  });

  it('reads every flag', () => {
    // Act
    const args = parseSampleArgs(['--users', '1000', '--days', '90', '--seed', '0', '--out', 'x', '--end-date', '2026-07-31', '--part-size', '500']);

    // Assess
    expect(args.options).toEqual({ users: 1000, days: 90, seed: 0, endDate: '2026-07-31', partSize: 500 });
    expect(args.outDir).toBe('x');
  });

  it.each([
    [['--users', '9'], /^--users 9: expected a whole number from 10 to 100000$/],
    [['--users', '1e3'], /^--users 1e3: expected a whole number/],
    [['--days', '14'], /^--days 14: expected a whole number from 15 to 1000$/],
    [['--seed=-1'], /^--seed -1: expected a whole number/],
    [['--seed', '-1'], /'--seed' argument is ambiguous/],
    [['--seed', '4294967296'], /^--seed 4294967296: expected a whole number from 0 to 4294967295$/],
    [['--end-date', '2026-02-30'], /^--end-date 2026-02-30: expected a calendar date YYYY-MM-DD$/],
    [['--end-date', '2024-02-01', '--days', '90'], /^--end-date 2024-02-01 with --days 90 starts on 2023-11-04: report days start on 2024-01-01/],
    [['--part-size', '0'], /^--part-size 0: expected a whole number from 1 to 100000$/],
    [['--out', ' '], /^--out needs a value$/],
    [['--colour'], /--colour/],
    [['extra'], /extra/],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseSampleArgs(argv)).toThrow(SampleUsageError);
    expect(() => parseSampleArgs(argv)).toThrow(message);
  });
});

describe('prepareOutputFolder', () => {
  it('refuses a non-empty folder that holds no earlier sample, and leaves it alone', async () => {
    // Prepare
    const folder = await newFolder();
    await writeFile(join(folder, 'precious.csv'), 'keep me');

    // Act
    const attempt = prepareOutputFolder(folder);

    // Assess
    await expect(attempt).rejects.toThrow(`--out ${folder}: folder is not empty and holds no sample.json`);
    expect(await readdir(folder)).toEqual(['precious.csv']);
  });
});

describe('npm run sample (CLI)', () => {
  it('accepts --debug, and refuses an --out that is a file with one line, exit 2', async () => {
    // Prepare
    const folder = await newFolder();
    await writeFile(join(folder, 'a-file'), 'x');

    // Act
    const failure = await run('npx', ['tsx', 'local/sample/cli.ts', '--debug', '--out', join(folder, 'a-file')]).catch((error: { code: number; stderr: string }) => error);

    // Assess
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/^--out .*a-file: is a file, not a folder\n/);
    expect((failure as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with the usage for a bad flag and writes nothing', async () => {
    // Prepare
    const folder = await newFolder();

    // Act
    const failure = await run('npx', ['tsx', 'local/sample/cli.ts', '--days', 'many', '--out', folder]).catch((error: { code: number; stderr: string }) => error);

    // Assess
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--days many: expected a whole number');
    expect((failure as { stderr: string }).stderr).toContain('Usage: npm run sample --');
    expect(await readdir(folder)).toEqual([]);
  });

  it('writes the sample tree and says what it wrote', async () => {
    // Prepare
    const folder = await newFolder();

    // Act
    const { stdout } = await run('npx', ['tsx', 'local/sample/cli.ts', '--users', '12', '--days', '15', '--out', folder]);

    // Assess
    expect(stdout).toMatch(/^Wrote \d+ files for 12 users over 15 days ending 2026-11-20 \(seed 42\)/);
    expect((await readdir(folder)).sort()).toEqual(['directory.json', 'kiro', 'sample.json']);
    const days = await readdir(join(folder, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/11'));
    expect(days).toContain('20');
  });
});
