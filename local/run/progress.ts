/**
 * Prints the execution history of a local run as it happens: one line per top-level step with
 * its duration and a one-line result, as an operator would read the console's history.
 */
import type { HistoryEvent } from '../state-machine/run.js';

/** Turns history events into progress lines; keeps the entry times of running steps. */
export class ProgressPrinter {
  private readonly entered = new Map<string, number>();

  constructor(private readonly print: (line: string) => void) {}

  /** Handles one event (see `runLocally`'s `onEvent`). */
  onEvent = (event: HistoryEvent, output?: unknown): void => {
    if (event.mapIndex !== undefined) {
      // Inside a Map: only failures are worth a line of their own.
      if (event.type === 'StateFailed') this.print(`    ✗ ${event.state} (item ${event.mapIndex}): ${event.error ?? ''}`);
      return;
    }
    const at = Date.parse(event.timestamp);
    if (event.type === 'StateEntered') {
      this.entered.set(event.state, at);
      return;
    }
    const seconds = ((at - (this.entered.get(event.state) ?? at)) / 1000).toFixed(2).padStart(6);
    if (event.type === 'StateExited') {
      this.print(`  ✓ ${event.state.padEnd(22)} ${seconds}s  ${describeResult(event.state, output)}`.trimEnd());
    } else if (event.type === 'StateFailed') {
      this.print(`  ✗ ${event.state.padEnd(22)} ${seconds}s  ${event.error ?? 'failed'}`);
    } else if (event.type === 'StateRetried') {
      this.print(`  ↻ ${event.state} retried`);
    }
  };
}

/** A one-line summary of what a step produced, from its output state. */
export function describeResult(state: string, output: unknown): string {
  const data = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'Prepare':
      return `report date ${data.run?.reportDate}, run date ${data.run?.executionDate}`;
    case 'Crawl':
      return `${data.run?.crawlers?.length ?? 0} crawlers finished`;
    case 'RenderViews':
      return `${data.viewPlan?.statements?.length ?? 0} view statements`;
    case 'CreateViews':
      return `${data.views?.length ?? 0} views created`;
    case 'CheckData':
      return `${data.data?.rowsForDay} rows for the day, newest data ${data.data?.newestDate ?? 'none'}${data.data?.stale ? ' (stale)' : ''}`;
    case 'FindUsersToResolve':
      return `${data.lookup?.newUsers} new ids, ${data.lookup?.refreshUsers} names to refresh, ${data.lookup?.batches?.length} batches`;
    case 'ResolveUsers':
      return `${sum(data.resolved, 'resolved')} resolved, ${sum(data.resolved, 'deleted')} deleted`;
    case 'DetectSpikes':
      return `${data.spikes?.spikingUsers?.length ?? 0} spiking people, team overage $${Number(data.spikes?.teamOverageUsd ?? 0).toFixed(2)}`;
    case 'RefreshSpice':
      return `${data.ingestions?.length ?? 0} datasets refreshed`;
    case 'PublishStaleAlert':
    case 'PublishSpikeAlert':
    case 'NotifyFailure':
      return 'alert published';
    default:
      return '';
  }
}

function sum(items: unknown, field: string): number {
  return Array.isArray(items) ? items.reduce((total: number, item) => total + Number(item?.[field] ?? 0), 0) : 0;
}
