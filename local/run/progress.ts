/**
 * Prints the execution history of a local run as it happens: one line per top-level step with
 * its duration and a one-line result, as an operator would read the console's history; and, while
 * a long step runs, how far it has come (files loaded of total, views written, …).
 */
import { ALERT_STEPS, FAILURE_ALERT, HANDLER_NAMES, LAMBDA_STEPS, type LambdaStep } from '../../statemachines/steps.js';
import type { HistoryEvent } from '../aws/step-functions/run.js';

/** The service-integration Map that creates the views (one item per view). */
export const VIEWS_MAP = 'CreateViews';
/** The service-integration Map that refreshes the SPICE datasets (one item per dataset). */
export const SPICE_MAP = 'RefreshSpice';

/** The column a step's name is padded to: the definition's longest state name fits (a test holds it). */
export const STATE_NAME_WIDTH = 31;

/** How far a long step has come: `done` of `total` `unit` (e.g. 120 of 451 files). */
export interface StepProgress {
  /** A state of the definition (`NormaliseReports`) or a local phase (`Load reports`, `Write views`). */
  step: string;
  done: number;
  total: number;
  unit: string;
  /** The count is the engine's estimate (a share of the work done), not a count of items. */
  estimate?: boolean;
}

/** Where the lines of a step still running go, and how often. */
export interface LiveProgressOptions {
  /**
   * A terminal's status line: shows `text` in place of the last (`''` clears it). Without it
   * (output to a file or a pipe) a step's progress is printed as ordinary lines instead, at most
   * one per {@link everyMs} of silence, so a log stays short.
   */
  status?: (text: string) => void;
  /** Milliseconds without output before a progress line is printed (no `status`); default 5000. */
  everyMs?: number;
  /** Clock in milliseconds (tests); default `performance.now`. */
  now?: () => number;
}

/** `NormaliseReports: 120 of 451 files`, numbers grouped by thousands. */
export function progressText(progress: StepProgress): string {
  const number = (value: number): string => Math.round(value).toLocaleString('en-US');
  return `${progress.step}: ${progress.estimate ? '~' : ''}${number(progress.done)} of ${number(progress.total)} ${progress.unit}`;
}

/**
 * Turns history events into progress lines; keeps the entry times of running steps. A step prints
 * one line: ✓ when it exits, ✗ when it fails for good. A failure a Catch handles still ends with
 * `StateExited` (the state moves on to its catcher), which must not print ✓ after the ✗; a failure
 * that is retried prints ↻ with its error instead of ✗ (the failure's line waits for the next
 * event to know which). Call {@link finish} after the run for the line of the last event.
 */
export class ProgressPrinter {
  private readonly entered = new Map<string, number>();
  /** Steps that failed and were caught since they were entered. */
  private readonly caught = new Set<string>();
  /** Map items' failures not yet printed, by item: a retried one is dropped, the rest print once. */
  private readonly itemFailures = new Map<number, string>();
  /** Map items whose failure has been printed in this run of the Map. */
  private readonly itemsReported = new Set<number>();
  /** The last top-level failure, printed once the next event says whether it is retried. */
  private pendingFailure: { state: string; error: string; line: string } | undefined;

  private readonly status: ((text: string) => void) | undefined;
  private readonly everyMs: number;
  private readonly now: () => number;
  private statusShown = false;
  private lastOutput: number;
  private readonly print: (line: string) => void;

  constructor(print: (line: string) => void, live: LiveProgressOptions = {}) {
    this.status = live.status;
    this.everyMs = live.everyMs ?? 5000;
    this.now = live.now ?? (() => performance.now());
    this.lastOutput = this.now();
    this.print = (line) => {
      this.clearStatus();
      print(line);
      this.lastOutput = this.now();
    };
  }

  /**
   * Shows how far a step still running has come: on a terminal in the status line; otherwise as a
   * line once {@link LiveProgressOptions.everyMs} passed without output, never for the last item
   * (the step's own line follows).
   */
  onProgress = (progress: StepProgress): void => {
    const text = `  … ${progressText(progress)}`;
    if (this.status) {
      this.status(text);
      this.statusShown = true;
    } else if (progress.done < progress.total && this.now() - this.lastOutput >= this.everyMs) {
      this.print(text);
    }
  };

  /** Handles one event (see `runLocally`'s `onEvent`). */
  onEvent = (event: HistoryEvent, output?: unknown): void => {
    if (event.mapIndex !== undefined) {
      this.onItemEvent(event, event.mapIndex);
      return;
    }
    this.printItemFailures();
    const pending = this.pendingFailure;
    this.pendingFailure = undefined;
    if (pending && event.type === 'StateRetried' && event.state === pending.state) {
      this.itemsReported.clear();
      this.print(`  ↻ ${pending.state} retried after ${pending.error}`);
      return;
    }
    if (pending) this.print(pending.line);
    const at = Date.parse(event.timestamp);
    if (event.type === 'StateEntered' || event.type === 'StateRetried') this.itemsReported.clear();
    if (event.type === 'StateEntered') {
      this.entered.set(event.state, at);
      this.caught.delete(event.state);
      return;
    }
    if (event.type === 'StateCaught') {
      this.caught.add(event.state);
      return;
    }
    const seconds = ((at - (this.entered.get(event.state) ?? at)) / 1000).toFixed(2).padStart(6);
    if (event.type === 'StateExited') {
      if (this.caught.delete(event.state)) return;
      this.print(`  ✓ ${event.state.padEnd(STATE_NAME_WIDTH)} ${seconds}s  ${describeResult(event.state, output)}`.trimEnd());
    } else if (event.type === 'StateFailed') {
      const error = event.error ?? 'failed';
      this.pendingFailure = { state: event.state, error, line: `  ✗ ${event.state.padEnd(STATE_NAME_WIDTH)} ${seconds}s  ${error}` };
    } else if (event.type === 'StateRetried') {
      this.print(`  ↻ ${event.state} retried`);
    }
  };

  /** Prints what is still waiting for a next event (the run's last failure). */
  finish = (): void => {
    this.printItemFailures();
    if (this.pendingFailure) this.print(this.pendingFailure.line);
    this.pendingFailure = undefined;
    this.clearStatus();
  };

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.statusShown = false;
    this.status?.('');
  }

  private printItemFailures(): void {
    for (const index of [...this.itemFailures.keys()].sort((a, b) => a - b)) this.printItemFailure(index);
  }

  /**
   * Inside a Map only failures are worth a line, one per item: the first failure that is not
   * retried (a caught one at once, an uncaught one before the Map's own line).
   */
  private onItemEvent(event: HistoryEvent, index: number): void {
    if (event.type === 'StateFailed' && !this.itemsReported.has(index) && !this.itemFailures.has(index)) {
      this.itemFailures.set(index, `    ✗ ${event.state} (item ${index}): ${event.error ?? ''}`.trimEnd());
    } else if (event.type === 'StateRetried') {
      this.itemFailures.delete(index);
    } else if (event.type === 'StateCaught') {
      this.printItemFailure(index);
    }
  }

  private printItemFailure(index: number): void {
    const line = this.itemFailures.get(index);
    if (line === undefined) return;
    this.itemFailures.delete(index);
    this.itemsReported.add(index);
    this.print(line);
  }
}

/** The service-integration Maps' lines; the Lambda and alert steps' come from `statemachines/steps.ts`. */
const SERVICE_STEP_LINES: Record<string, (output: Record<string, any>) => string> = {
  Crawl: (data) => `${data.run?.crawlers?.length ?? 0} crawlers finished`,
  [VIEWS_MAP]: (data) => `${data.views?.length ?? 0} views created`,
  [SPICE_MAP]: (data) => `${data.ingestions?.length ?? 0} datasets refreshed`,
};

const ALERT_STATES = new Set<string>([...ALERT_STEPS.map((step) => step.state), FAILURE_ALERT.state]);

/** A one-line summary of what a top-level step produced, from its output state. */
function describeResult(state: string, output: unknown): string {
  const data = (output ?? {}) as Record<string, any>;
  const step = HANDLER_NAMES.map((handler): LambdaStep => LAMBDA_STEPS[handler]).find((candidate) => (candidate.mapState ?? candidate.state) === state);
  if (step) {
    const landed = step.resultPath === null ? data : data[step.resultPath];
    return landed === undefined ? '' : step.describe(landed);
  }
  if (ALERT_STATES.has(state)) return 'alert published';
  return SERVICE_STEP_LINES[state]?.(data) ?? '';
}
