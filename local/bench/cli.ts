/**
 * `npm run bench`: generates sample reports of several sizes and, for each, measures in fresh
 * processes (so each peak memory is its own) a full local run and the floor: the time DuckDB
 * alone takes to read the same files once into a table, with the same engine settings. Prints
 * one table row per size with the run's parts, its peak memory, the floor and run ÷ floor. A
 * script that prints numbers, not a test: compare them with the goals in the README (Speed).
 *
 *   npm run bench -- [--sizes 1000x90,10000x90,10000x365] [--part-size 1000]
 *                    [--max-memory SIZE] [--threads N] [--cpu-prof DIR] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SAMPLE_OPTIONS, DIRECTORY_FILE, generateSampleFiles } from '../sample/generate.js';
import { writeSampleFiles } from '../sample/write-files.js';
import { describeEngineSettings, engineSettings, readMachine } from '../run/engine-settings.js';
import { benchRow, BENCH_HEADER, parseSizes, type FloorMeasure, type RunMeasure } from './bench-table.js';
import { printScanEstimate } from './scan-report.js';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000x90,10000x90,10000x365' },
    'part-size': { type: 'string', default: String(DEFAULT_SAMPLE_OPTIONS.partSize) },
    'max-memory': { type: 'string' },
    threads: { type: 'string' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const endDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const sizes = parseSizes(values.sizes ?? '', endDate);
const partSize = Number(values['part-size']);
if (!Number.isInteger(partSize) || partSize < 1) throw new Error(`--part-size ${values['part-size']}: expected a whole number from 1`);
const engineFlags = [
  ...(values['max-memory'] === undefined ? [] : ['--max-memory', values['max-memory']]),
  ...(values.threads === undefined ? [] : ['--threads', values.threads]),
];
// Checked here, so a bad flag stops the bench before any sample is generated.
const engine = engineSettings(readMachine(), { maxMemory: values['max-memory'], threads: values.threads }, process.env);

/** Runs one measuring script in a fresh Node process and reads the JSON line it ends with. */
function measure<T>(script: string, args: readonly string[], profileDir?: string): T {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const output = execFileSync(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    cwd: PROJECT_DIR,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as T;
}

console.log(`DuckDB: ${describeEngineSettings(engine)}; user_report parts of at most ${partSize.toLocaleString('en-US')} rows`);
console.log(BENCH_HEADER);
for (const { users, days } of sizes) {
  const dir = await mkdtemp(join(tmpdir(), 'kiro-bench-'));
  try {
    const reports = join(dir, 'reports');
    const files = await writeSampleFiles(reports, generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, users, days, endDate, partSize }));
    const floor = measure<FloorMeasure>('local/bench/measure-floor.ts', [reports, ...engineFlags]);
    const run = measure<RunMeasure>(
      'local/bench/measure-run.ts',
      [reports, join(reports, DIRECTORY_FILE), join(dir, 'out'), ...engineFlags],
      values['cpu-prof'] === undefined ? undefined : join(values['cpu-prof'], `${users}x${days}`),
    );
    console.log(benchRow({ users, days, files }, run, floor));
  } finally {
    if (values.keep) console.log(`  (kept ${dir})`);
    else await rm(dir, { recursive: true, force: true });
  }
}

// The AWS side: the bytes Athena scans in one daily run, old and new layout (scan-estimate.ts).
console.log('');
await printScanEstimate(PROJECT_DIR);
