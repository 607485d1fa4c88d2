/**
 * The progress lines of `npm run local` from scripted histories: one line per step, ✗ for a
 * failure, never a ✓ for the same step after it.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../local/aws/step-functions/run.js';
import { ProgressPrinter } from '../../local/run/progress.js';

/** Plays `events` through a printer and returns the lines, the durations cut out. */
function play(events: Array<Omit<HistoryEvent, 'timestamp'>>): string[] {
  const lines: string[] = [];
  const printer = new ProgressPrinter((line) => lines.push(line.replace(/\s+\d+\.\d\ds\s*/, ' | ').replace(/ \| ?$/, '')));
  events.forEach((event, index) => printer.onEvent({ ...event, timestamp: new Date(Date.UTC(2026, 10, 20, 3, 0, index)).toISOString() }));
  printer.finish();
  return lines;
}

describe('ProgressPrinter', () => {
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
