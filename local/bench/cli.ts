/**
 * `npm run bench`: generates sample reports of several sizes and times a full local run over
 * each (end to end, in a fresh process), printing seconds and peak memory. A script that prints
 * numbers, not a test: compare them with the goals in the README.
 *
 *   npm run bench -- [--sizes 1000x90,1000x365,10000x90]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SAMPLE_OPTIONS, DIRECTORY_FILE, generateSampleFiles } from '../sample/generate.js';
import { writeSampleFiles } from '../sample/write-files.js';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000x90,1000x365,10000x90' } } });
const sizes = (values.sizes ?? '').split(',').map((size) => {
  const match = /^(\d+)x(\d+)$/.exec(size.trim());
  if (!match) throw new Error(`--sizes: expected USERSxDAYS[,USERSxDAYS…], got "${size}"`);
  return { users: Number(match[1]), days: Number(match[2]) };
});

const endDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
console.log('users × days | files | generate s | run s | load reports s | create views s | other steps s | write-out s | peak RSS MB');
for (const { users, days } of sizes) {
  const dir = await mkdtemp(join(tmpdir(), 'kiro-bench-'));
  try {
    const generated = performance.now();
    const files = await writeSampleFiles(join(dir, 'reports'), generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, users, days, endDate }));
    const generateSeconds = (performance.now() - generated) / 1000;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'local/bench/measure-run.ts', join(dir, 'reports'), join(dir, 'reports', DIRECTORY_FILE), join(dir, 'out')],
      { cwd: PROJECT_DIR, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const run = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
      status: string;
      seconds: number;
      loadSeconds: number;
      steps: Record<string, number>;
      peakRssMb: number;
    };
    const load = run.loadSeconds;
    const views = run.steps.CreateViews ?? 0;
    const stepsTotal = Object.values(run.steps).reduce((total, seconds) => total + seconds, 0);
    // The reports are loaded before the state machine starts, so Crawl itself only waits; the
    // write-out (mostly every view to views/, then publishing the run's files) follows the last step.
    console.log(
      [
        `${users} × ${days}`,
        files,
        generateSeconds.toFixed(1),
        `${run.seconds.toFixed(1)}${run.status === 'SUCCEEDED' ? '' : ` (${run.status})`}`,
        load.toFixed(1),
        views.toFixed(1),
        (stepsTotal - views).toFixed(1),
        (run.seconds - load - stepsTotal).toFixed(1),
        run.peakRssMb.toFixed(0),
      ].join(' | '),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
