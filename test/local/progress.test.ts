/**
 * The progress lines of `npm run local` from scripted histories: one line per step, ✗ for a
 * failure, never a ✓ for the same step after it; and how far a long step has come while it runs,
 * in a terminal's status line or, in a log, as a line now and then.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../local/aws/step-functions/run.js';
import { progressText, ProgressPrinter, STATE_NAME_WIDTH, type StepProgress } from '../../local/run/progress.js';

/** Plays `events` through a printer and returns the lines, the durations cut out. */
function play(events: Array<Omit<HistoryEvent, 'timestamp'>>): string[] {
  const lines: string[] = [];
  const printer = new ProgressPrinter((line) => lines.push(line.replace(/\s+\d+\.\d\ds\s*/, ' | ').replace(/ \| ?$/, '')));
  events.forEach((event, index) => printer.onEvent({ ...event, timestamp: new Date(Date.UTC(2026, 10, 20, 3, 0, index)).toISOString() }));
  printer.finish();
  return lines;
}

/** Every state name of an ASL definition, those of Map item processors and Parallel branches too. */
function stateNames(machine: { States?: Record<string, { Iterator?: unknown; ItemProcessor?: unknown; Branches?: unknown[] }> }): string[] {
  return Object.entries(machine.States ?? {}).flatMap(([name, state]) => [
    name,
    ...[state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].flatMap((inner) => (inner ? stateNames(inner as typeof machine) : [])),
  ]);
}

describe('ProgressPrinter', () => {
  it("pads the step names to a column the definition's longest state name fits in, in Maps too", () => {
    // Prepare
    const definition = JSON.parse(readFileSync(new URL('../../statemachines/daily-pipeline.asl.json', import.meta.url), 'utf8'));

    // Act
    const longest = Math.max(...stateNames(definition).map((name) => name.length));

    // Assess
    expect(longest).toBeGreaterThan(10);
    expect(STATE_NAME_WIDTH).toBeGreaterThanOrEqual(longest);
  });

  it('prints a Map that failed and was caught once, as ✗, with its items, and no ✓ after', () => {
    // Act: the history of a crawl of two failing crawlers, caught by FailedAtCrawl.
    const lines = play([
      { type: 'StateEntered', state: 'Crawl' },
      { type: 'StateEntered', state: 'StartCrawler', mapIndex: 0 },
      { type: 'StateFailed', state: 'CrawlerFailed', mapIndex: 0, error: 'CrawlerFailed' },
      { type: 'StateFailed', state: 'Crawl', error: 'CrawlerFailed' },
      { type: 'StateCaught', state: 'Crawl' },
      { type: 'StateFailed', state: 'CrawlerFailed', mapIndex: 1, error: 'CrawlerFailed' },
      { type: 'StateExited', state: 'Crawl' },
      { type: 'StateEntered', state: 'FailedAtCrawl' },
      { type: 'StateExited', state: 'FailedAtCrawl' },
      { type: 'StateEntered', state: 'PipelineFailed' },
      { type: 'StateFailed', state: 'PipelineFailed', error: 'CrawlerFailed' },
    ]);

    // Assess
    expect(lines).toEqual([
      '    ✗ CrawlerFailed (item 0): CrawlerFailed',
      '  ✗ Crawl | CrawlerFailed',
      '    ✗ CrawlerFailed (item 1): CrawlerFailed',
      '  ✓ FailedAtCrawl',
      '  ✗ PipelineFailed | CrawlerFailed',
    ]);
    expect(lines.filter((line) => line.includes(' Crawl '))).toHaveLength(1);
  });

  it('prints a caught Task failure as ✗ only', () => {
    // Act
    const lines = play([
      { type: 'StateEntered', state: 'DetectSpikes' },
      { type: 'StateFailed', state: 'DetectSpikes', error: 'States.TaskFailed' },
      { type: 'StateCaught', state: 'DetectSpikes' },
      { type: 'StateExited', state: 'DetectSpikes' },
    ]);

    // Assess
    expect(lines).toEqual(['  ✗ DetectSpikes | States.TaskFailed']);
  });

  it('prints a retried failure as ↻ with its error, then the ✓ of the attempt that worked', () => {
    // Act
    const lines = play([
      { type: 'StateEntered', state: 'CheckData' },
      { type: 'StateFailed', state: 'CheckData', error: 'Athena.TooManyRequestsException' },
      { type: 'StateRetried', state: 'CheckData' },
      { type: 'StateExited', state: 'CheckData' },
    ]);

    // Assess
    expect(lines).toEqual(['  ↻ CheckData retried after Athena.TooManyRequestsException', '  ✓ CheckData']);
  });

  it('prints one line per failed Map item: a caught item failure once, a retried one not at all', () => {
    // Act
    const lines = play([
      { type: 'StateEntered', state: 'CreateViews' },
      { type: 'StateFailed', state: 'CreateView', mapIndex: 2, error: 'States.TaskFailed' },
      { type: 'StateRetried', state: 'CreateView', mapIndex: 2 },
      { type: 'StateFailed', state: 'CreateView', mapIndex: 3, error: 'States.TaskFailed' },
      { type: 'StateCaught', state: 'CreateView', mapIndex: 3 },
      { type: 'StateFailed', state: 'ViewFailed', mapIndex: 3, error: 'ViewFailed' },
      { type: 'StateFailed', state: 'CreateViews', error: 'ViewFailed' },
      { type: 'StateCaught', state: 'CreateViews' },
      { type: 'StateExited', state: 'CreateViews' },
    ]);

    // Assess
    expect(lines).toEqual(['    ✗ CreateView (item 3): States.TaskFailed', '  ✗ CreateViews | ViewFailed']);
  });
});

describe('ProgressPrinter while a step runs', () => {
  const normalised = (done: number): StepProgress => ({ step: 'NormaliseReports', done, total: 451, unit: 'files' });

  it('shows a terminal how far the step has come in its status line and clears it before the next line', () => {
    // Prepare
    const output: string[] = [];
    const printer = new ProgressPrinter((line) => output.push(`line ${line}`), { status: (text) => output.push(`status ${text}`) });

    // Act
    printer.onEvent({ type: 'StateEntered', state: 'NormaliseReports', timestamp: '2026-11-20T03:00:00.000Z' });
    printer.onProgress(normalised(120));
    printer.onProgress(normalised(451));
    printer.onEvent({ type: 'StateExited', state: 'NormaliseReports', timestamp: '2026-11-20T03:00:02.000Z' });
    printer.finish();

    // Assess: each count in place, then cleared, then the step's own line; nothing left to clear.
    expect(output).toEqual([
      'status   … NormaliseReports: 120 of 451 files',
      'status   … NormaliseReports: 451 of 451 files',
      'status ',
      `line   ✓ ${'NormaliseReports'.padEnd(STATE_NAME_WIDTH)}   2.00s`,
    ]);
  });

  it('prints to a log at most one progress line per interval of silence, and none for the last item', () => {
    // Prepare: a clock the test moves.
    let now = 0;
    const lines: string[] = [];
    const printer = new ProgressPrinter((line) => lines.push(line), { everyMs: 5000, now: () => now });

    // Act: progress every second for twelve seconds, then the last item.
    for (let second = 1; second <= 12; second += 1) {
      now = second * 1000;
      printer.onProgress(normalised(second * 30));
    }
    now = 13_000;
    printer.onProgress(normalised(451));

    // Assess: two lines (at 5 s and 10 s of silence), never a terminal's control characters.
    expect(lines).toEqual(['  … NormaliseReports: 150 of 451 files', '  … NormaliseReports: 300 of 451 files']);
  });

  it('waits for silence: a step line just printed delays the next progress line', () => {
    // Prepare
    let now = 0;
    const lines: string[] = [];
    const printer = new ProgressPrinter((line) => lines.push(line), { everyMs: 5000, now: () => now });

    // Act: a step line at 4 s, progress at 6 s (2 s after it) and at 9 s.
    now = 4000;
    printer.onEvent({ type: 'StateEntered', state: 'CreateViews', timestamp: '2026-11-20T03:00:00.000Z' });
    printer.onEvent({ type: 'StateExited', state: 'CreateViews', timestamp: '2026-11-20T03:00:01.000Z' });
    now = 6000;
    printer.onProgress({ step: 'Write views', done: 3, total: 33, unit: 'views' });
    now = 9000;
    printer.onProgress({ step: 'Write views', done: 20, total: 33, unit: 'views' });

    // Assess
    expect(lines.slice(1)).toEqual(['  … Write views: 20 of 33 views']);
  });

  it('words a count with thousands separators, and an estimate with ~', () => {
    // Act
    const counted = progressText({ step: 'Write views', done: 12, total: 33, unit: 'views' });
    const estimated = progressText({ step: 'Load reports', done: 12_345.6, total: 25_832, unit: 'report files', estimate: true });

    // Assess
    expect(counted).toBe('Write views: 12 of 33 views');
    expect(estimated).toBe('Load reports: ~12,346 of 25,832 report files');
  });
});
