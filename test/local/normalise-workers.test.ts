/**
 * The NormaliseReports Map's iterations in worker threads (`local/run/normalise-workers.ts`): a
 * local run with two threads writes the same canonical tables as the in-process run, and an
 * error a worker's handler throws reaches the state machine by the same name and message.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../handlers/shared/logger.js';
import { readConfigFile, type PipelineConfig } from '../../handlers/shared/config.js';
import { createHandler } from '../../handlers/normalise-reports/handler.js';
import { ReportFolderStore } from '../../local/aws/report-folder-store.js';
import { FolderObjectStore } from '../../local/aws/s3-folder-store.js';
import { lambdaHandler } from '../../local/aws/step-functions/handlers.js';
import { NormaliseWorkers, normaliseWorkerCount } from '../../local/run/normalise-workers.js';
import type { StepProgress } from '../../local/run/progress.js';
import { runLocal, type LocalRunOptions, type LocalRunResult } from '../../local/run/run-local.js';
import { fromThrown, toThrown } from '../../local/run/thrown.js';
import { DEFAULT_SAMPLE_OPTIONS, generateSampleFiles } from '../../local/sample/generate.js';
import { writeSampleFiles } from '../../local/sample/write-files.js';
import { outcomeOf } from './support/run-outcome.js';

// Counts the worker threads started and ended (the workers themselves run outside Vitest).
const started = vi.hoisted(() => ({ workers: 0, exited: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      started.workers += 1;
      this.on('exit', () => {
        started.exited += 1;
      });
    }
  }
  return { ...real, Worker: CountedWorker };
});

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const REPORT_DATE = '2026-11-30';
const TWO_THREADS = { memoryBytes: 2 ** 30, threads: 2 };

let workDir: string;
let reportsDir: string;
let config: PipelineConfig;

/** Every file under `<out>/canonical/`, by its path there, with its bytes. */
async function canonicalFiles(outDir: string): Promise<Map<string, Buffer>> {
  const root = join(outDir, 'canonical');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return new Map(await Promise.all(files.map(async (file) => [relative(root, file), await readFile(file)] as const)));
}

/**
 * Runs over the sample into `outDir`; the run, each NormaliseReportBatch answer by Map index (its
 * batch file by name: the folder is the execution's) and the NormaliseReports progress told.
 */
async function run(
  outDir: string,
  options: Partial<LocalRunOptions> = {},
): Promise<{ run: LocalRunResult; batches: unknown[]; progress: StepProgress[]; exitedBeforeLastStep?: number }> {
  const batches: unknown[] = [];
  let exitedBeforeLastStep: number | undefined;
  const progress: StepProgress[] = [];
  const result = await runLocal({
    reportsDir,
    outDir,
    config,
    reportDate: REPORT_DATE,
    onEvent: (event, output) => {
      if (event.type === 'StateEntered' && event.state === 'Summarise') exitedBeforeLastStep = started.exited;
      if (event.type === 'StateExited' && event.state === 'NormaliseReportBatch' && event.mapIndex !== undefined) {
        const answer = output as { key: string };
        batches[event.mapIndex] = { ...answer, key: basename(answer.key) };
      }
    },
    onProgress: (told) => {
      if (told.step === 'NormaliseReports') progress.push(told);
    },
    ...options,
  });
  return { run: result, batches, progress, ...(exitedBeforeLastStep === undefined ? {} : { exitedBeforeLastStep }) };
}

/** The run's error, cause and NormaliseReportBatch failures, with its --out folder written as `<out>`. */
function failure(run: LocalRunResult, outDir: string): unknown {
  const text = JSON.stringify({
    error: run.error,
    cause: run.cause,
    failed: run.events.filter((event) => event.type === 'StateFailed').map(({ state, error, cause }) => ({ state, error, cause })),
  });
  return JSON.parse(text.split(outDir).join('<out>'));
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  config = readConfigFile(EXAMPLE_CONFIG);
  workDir = await mkdtemp(join(tmpdir(), 'kiro-normalise-workers-'));
  reportsDir = join(workDir, 'reports');
  // 20 days of report files: two batches of whole days (50 files each at most).
  await writeSampleFiles(reportsDir, generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, users: 8, days: 20, seed: 5, endDate: REPORT_DATE }));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('normaliseWorkerCount', () => {
  it('is the engine threads, at most the Map concurrency, and at least one', () => {
    // Prepare, Act, Assess
    expect([normaliseWorkerCount(2, 4), normaliseWorkerCount(8, 4), normaliseWorkerCount(1, 4), normaliseWorkerCount(3, undefined), normaliseWorkerCount(3, 0)]).toEqual([
      2, 4, 1, 3, 3,
    ]);
  });
});

describe('an error thrown in a worker', () => {
  it('is rebuilt with its name, message, stack and plain fields; anything else is passed as itself', () => {
    // Prepare
    const error = Object.assign(new Error('no space left'), { code: 'ENOSPC', errno: -28, path: '/out/x', detail: { nested: true } });
    error.name = 'Glue.CrawlerRunningException';

    // Act: through a message, as the worker sends it.
    const rebuilt = fromThrown(structuredClone(toThrown(error))) as NodeJS.ErrnoException;
    const other = fromThrown(structuredClone(toThrown('a string')));

    // Assess
    expect(rebuilt).toBeInstanceOf(Error);
    expect([rebuilt.name, rebuilt.message, rebuilt.stack, rebuilt.code, rebuilt.errno, rebuilt.path]).toEqual([
      'Glue.CrawlerRunningException',
      'no space left',
      error.stack,
      'ENOSPC',
      -28,
      '/out/x',
    ]);
    expect(rebuilt).not.toHaveProperty('detail');
    expect(other).toBe('a string');
  });
});

describe('NormaliseWorkers', () => {
  it('fails a call as the in-process handler does, lets a running call finish on close, refuses the waiting and later ones, and ends its worker', async () => {
    // Prepare: one worker and the in-process handler, over the same ports; a batch file that does not exist, an event without its key.
    const bucketRoot = join(workDir, 'bucket');
    await mkdir(bucketRoot, { recursive: true });
    const inProcess = lambdaHandler(createHandler({ reports: new ReportFolderStore(reportsDir), store: new FolderObjectStore(bucketRoot) }));
    const missing = { Payload: { key: 'work/none/normalise-0001.json', reportDate: REPORT_DATE } };
    const keyless = { Payload: { reportDate: REPORT_DATE } };
    const [startedBefore, exitedBefore] = [started.workers, started.exited];
    const workers = new NormaliseWorkers(1, { reportsDir, bucketRoot, logLevel: 'SILENT' });
    const caught = (call: Promise<unknown>): Promise<unknown> => call.then(() => 'answered', (error: unknown) => error);

    // Act
    const keylessError = await caught(workers.invoke(keyless));
    const running = caught(workers.invoke(missing));
    const waiting = caught(workers.invoke(missing));
    await workers.close();
    const late = await caught(workers.invoke(missing));

    // Assess
    const parts = (error: unknown): unknown => (error instanceof Error ? { name: error.name, message: error.message } : error);
    expect(parts(keylessError)).toEqual(parts(await caught(inProcess(keyless))));
    expect(parts(await running)).toEqual(parts(await caught(inProcess(missing))));
    expect(parts(await running)).toMatchObject({ message: expect.stringContaining('work/none/normalise-0001.json') });
    expect(parts(await waiting)).toEqual({ name: 'Error', message: 'NormaliseReportBatch was not run: the run ended' });
    expect(parts(late)).toEqual({ name: 'Error', message: 'NormaliseReportBatch was invoked after the run ended' });
    expect([started.workers - startedBefore, started.exited - exitedBefore]).toEqual([1, 1]);
  });
});

describe('NormaliseWorkers.endIdle', () => {
  it('ends the idle workers and starts a new one for a later call', async () => {
    // Prepare
    const bucketRoot = join(workDir, 'bucket-idle');
    await mkdir(bucketRoot, { recursive: true });
    const workers = new NormaliseWorkers(1, { reportsDir, bucketRoot, logLevel: 'SILENT' });
    const keyless = { Payload: { reportDate: REPORT_DATE } };
    const [startedBefore, exitedBefore] = [started.workers, started.exited];

    const outcome = (call: Promise<unknown>): Promise<unknown> =>
      call.then(() => 'answered', (error: unknown) => (error instanceof Error ? { name: error.name, message: error.message } : error));

    // Act
    const first = await outcome(workers.invoke(keyless));
    await workers.endIdle();
    const afterEnd = [started.workers - startedBefore, started.exited - exitedBefore];
    const later = await outcome(workers.invoke(keyless));
    await workers.close();

    // Assess: the later call was run (by a new worker), as the first was.
    expect(afterEnd).toEqual([1, 1]);
    expect(first).toMatchObject({ name: 'Error', message: expect.any(String) });
    expect(later).toEqual(first);
    expect([started.workers - startedBefore, started.exited - exitedBefore]).toEqual([2, 2]);
  });
});

describe('a local run with two threads normalises the batches in worker threads', () => {
  let inProcess: Awaited<ReturnType<typeof run>>;
  let inProcessOut: string;

  beforeAll(async () => {
    inProcessOut = join(workDir, 'out-in-process');
    inProcess = await run(inProcessOut);
  });

  it('writes the same canonical tables and Map result as the in-process run, through two workers', async () => {
    // Prepare
    const outDir = join(workDir, 'out-workers');
    const [before, exitedBefore] = [started.workers, started.exited];

    // Act
    const pooled = await run(outDir, { engine: TWO_THREADS });

    // Assess
    expect(outcomeOf(inProcess.run)).toEqual({ status: 'SUCCEEDED' });
    expect(outcomeOf(pooled.run)).toEqual({ status: 'SUCCEEDED' });
    expect(inProcess.batches.length).toBeGreaterThanOrEqual(2);
    expect(pooled.batches).toEqual(inProcess.batches);
    expect(pooled.progress.length).toBe(inProcess.batches.length);
    expect(pooled.progress.at(-1)).toEqual(inProcess.progress.at(-1));
    expect(pooled.progress.at(-1)?.done).toBe(pooled.progress.at(-1)?.total);
    expect(started.workers - before).toBe(2);
    expect(started.exited - exitedBefore).toBe(2);
    // The workers end once the Map is done, steps before the run's end.
    expect((pooled.exitedBeforeLastStep ?? 0) - exitedBefore).toBe(2);
    const [expected, actual] = [await canonicalFiles(inProcessOut), await canonicalFiles(outDir)];
    expect(expected.size).toBeGreaterThan(0);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true);
  });

  it('fails the run with the error the in-process handler gives when a worker cannot write an object', async () => {
    // Prepare: a full disk on the canonical object of the last day's by_user_analytic file.
    const objects = [...(await canonicalFiles(inProcessOut)).keys()].filter((path) => path.startsWith('by_user_analytic_rows/'));
    process.env['KIRO_LOCAL_FAULT'] = `write@${basename(objects.sort().at(-1) as string)}=ENOSPC`;
    const [inProcessFailedOut, pooledFailedOut] = [join(workDir, 'out-fault-in-process'), join(workDir, 'out-fault-workers')];
    const [before, exitedBefore] = [started.workers, started.exited];

    // Act
    let runs: [LocalRunResult, LocalRunResult];
    try {
      runs = [(await run(inProcessFailedOut)).run, (await run(pooledFailedOut, { engine: TWO_THREADS })).run];
    } finally {
      delete process.env['KIRO_LOCAL_FAULT'];
    }

    // Assess
    const [inProcessFailed, pooledFailed] = runs;
    expect([started.workers - before, started.exited - exitedBefore]).toEqual([2, 2]);
    expect(pooledFailed.status).toBe('FAILED');
    expect(failure(pooledFailed, pooledFailedOut)).toEqual(failure(inProcessFailed, inProcessFailedOut));
    expect(failure(pooledFailed, pooledFailedOut)).toMatchObject({
      failed: expect.arrayContaining([{ state: 'NormaliseReportBatch', error: 'Error', cause: expect.stringMatching(/^ENOSPC: injected fault at write, '<out>\/canonical\//) }]),
    });
  });
});
