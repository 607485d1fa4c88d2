/**
 * The NormaliseReports Map's iterations in parallel, as in AWS, where each is its own Lambda: a
 * small pool of worker threads, each running the real NormaliseReportBatch handler over its own
 * file ports (`normalise-worker.ts`). In one Node thread the iterations took turns on one core,
 * while DuckDB sat idle. An iteration's answer, or its error by name and message, reaches the
 * state machine as the in-process handler's would.
 */
import { Worker } from 'node:worker_threads';
import type { logger } from '../../handlers/shared/logger.js';
import type { LocalHandler } from '../aws/step-functions/handlers.js';
import { fromThrown, type Thrown } from './thrown.js';

/** What each worker is started with. */
export interface NormaliseWorkerData {
  /** The `.ts` module `ts-worker.mjs` loads. */
  entry: string;
  /** The --reports folder (the report bucket). */
  reportsDir: string;
  /** The analytics bucket's folder (`--out`). */
  bucketRoot: string;
  /** The run's log level, which the worker's own logger takes. */
  logLevel: Parameters<typeof logger.setLogLevel>[0];
}

/** A worker's answer to one iteration input: the handler's `{Payload}`, or what it threw. */
export type WorkerAnswer = { answer: unknown; thrown?: never } | { thrown: Thrown; answer?: never };

const BOOTSTRAP = new URL('./ts-worker.mjs', import.meta.url);
const ENTRY = new URL('./normalise-worker.ts', import.meta.url).href;

/**
 * How many worker threads run NormaliseReportBatch: the engine's threads, at most the Map's
 * `MaxConcurrency` (unset or 0: no limit); 1 means in process, without workers.
 */
export function normaliseWorkerCount(threads: number, maxConcurrency: number | undefined): number {
  return Math.max(1, maxConcurrency ? Math.min(threads, maxConcurrency) : threads);
}

interface Call {
  input: unknown;
  resolve: (answer: unknown) => void;
  reject: (thrown: unknown) => void;
  settled: Promise<void>;
}

/**
 * Up to `size` workers, started as iterations arrive; each runs one iteration at a time, the rest
 * wait their turn. {@link close} ends them all: the run's process can then exit.
 */
export class NormaliseWorkers {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Call>();
  private readonly waiting: Call[] = [];
  private closed = false;

  constructor(private readonly size: number, private readonly data: Omit<NormaliseWorkerData, 'entry'>) {}

  /** The NormaliseReportBatch Task run in a worker: `{Payload}` in, the handler's `{Payload}` out. */
  readonly invoke: LocalHandler = (input) => {
    if (this.closed) return Promise.reject(new Error('NormaliseReportBatch was invoked after the run ended'));
    let resolve!: Call['resolve'];
    let reject!: Call['reject'];
    const answer = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.waiting.push({ input, resolve, reject, settled: answer.then(() => undefined, () => undefined) });
    this.dispatch();
    return answer;
  };

  /**
   * Ends the workers that have nothing to do, each an isolate of its own that holds its memory
   * for as long as it lives; a later iteration starts a new one.
   */
  async endIdle(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  /**
   * Lets the iterations still running finish (their writes are whole), refuses those still
   * waiting (the run that asked for them is over) and ends every worker.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const call of this.waiting.splice(0)) call.reject(new Error('NormaliseReportBatch was not run: the run ended'));
    await Promise.all([...this.busy.values()].map((call) => call.settled));
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.idle.length + this.busy.size < this.size ? this.start() : undefined);
      if (worker === undefined) return;
      const call = this.waiting.shift() as Call;
      this.busy.set(worker, call);
      // Referenced only while it works: an idle worker never keeps the process alive.
      worker.ref();
      worker.postMessage(call.input);
    }
  }

  private start(): Worker {
    const worker = new Worker(BOOTSTRAP, { workerData: { ...this.data, entry: ENTRY } satisfies NormaliseWorkerData });
    worker.on('message', (message: WorkerAnswer) => {
      const call = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (message.thrown) call?.reject(fromThrown(message.thrown));
      else call?.resolve(message.answer);
      this.dispatch();
    });
    // A worker that dies (an error outside the handler, or it exits) fails the iteration it had.
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`NormaliseReportBatch worker thread stopped (exit code ${code})`)));
    return worker;
  }

  private lost(worker: Worker, error: unknown): void {
    const call = this.busy.get(worker);
    this.busy.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    call?.reject(error);
    if (!this.closed) this.dispatch();
  }
}
