/**
 * Builds the execution output: a compact summary of the whole state, on both the full path and
 * the no-data path (where lookup, resolved, spikes and ingestions never ran).
 */

/** The parts of the state machine's state the summary reads; the rest is ignored. */
export interface PipelineState {
  run?: { reportDate?: string };
  data?: { reportDate?: string; hasData?: boolean; rowsForDay?: number };
  views?: unknown[];
  lookup?: { newUsers?: number; refreshUsers?: number };
  resolved?: { resolved?: number; deleted?: number }[];
  spikes?: { alert?: boolean };
  staleAlert?: { messageId?: string };
  spikeAlert?: { messageId?: string };
  ingestions?: { datasetId: string; status: string }[];
}

/** The execution output. */
export interface RunSummary {
  status: 'SUCCEEDED' | 'NO_DATA';
  reportDate: string;
  rowsSeen: number;
  viewsCreated: number;
  usersResolved: { new: number; refreshed: number; resolved: number; deleted: number };
  /** `alert_kind` of each alert published: `stale_data`, `spike`. */
  alertsSent: string[];
  ingestions: { datasetId: string; status: string }[];
}

/** Summarises the state; the report date must be known (Prepare always sets it). */
export function summarise(state: PipelineState): RunSummary {
  const reportDate = state.run?.reportDate ?? state.data?.reportDate;
  if (reportDate === undefined) {
    throw new Error('summarise: the state has neither run.reportDate nor data.reportDate; pass the whole state ($)');
  }
  const batches = state.resolved ?? [];
  const alertsSent = [
    ...(state.staleAlert?.messageId ? ['stale_data'] : []),
    ...(state.spikeAlert?.messageId ? ['spike'] : []),
  ];
  return {
    status: state.data?.hasData === false ? 'NO_DATA' : 'SUCCEEDED',
    reportDate,
    rowsSeen: state.data?.rowsForDay ?? 0,
    viewsCreated: state.views?.length ?? 0,
    usersResolved: {
      new: state.lookup?.newUsers ?? 0,
      refreshed: state.lookup?.refreshUsers ?? 0,
      resolved: sum(batches.map((batch) => batch.resolved ?? 0)),
      deleted: sum(batches.map((batch) => batch.deleted ?? 0)),
    },
    alertsSent,
    ingestions: (state.ingestions ?? []).map(({ datasetId, status }) => ({ datasetId, status })),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
