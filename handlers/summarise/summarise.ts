/**
 * Builds the execution output: a compact summary of the whole state, on both the full path and
 * the no-data path (where lookup, resolved, spikes and ingestions never ran).
 */
import type { BillingSemantics } from '../check-data/evaluate-billing.js';
import type { FileIssue } from '../check-data/evaluate-quality.js';
import { ALERT_STEPS, type AlertKind, type PipelineState } from '../../statemachines/steps.js';
import { dataQualityFindings, spikeFindings, staleFindings } from '../record-alerts-sent/report-date-notices.js';
import { DATA_QUALITY_ISSUES, type DataQualityIssue } from '../shared/report-format.js';

/** The execution output. */
export interface RunSummary {
  status: 'SUCCEEDED' | 'NO_DATA';
  reportDate: string;
  rowsSeen: number;
  viewsCreated: number;
  usersResolved: { new: number; refreshed: number; resolved: number; deleted: number };
  /** `alert_kind` of each alert published, in the order the steps run. */
  alertsSent: AlertKind[];
  /**
   * The notices due again this run but not repeated, since the alert record says they were told,
   * per alert kind in the order the steps run (only kinds with any): the findings of a spike,
   * data_quality or stale_data alert told for the report date already (such an alert goes out
   * whole when any finding is new, and then suppresses nothing), the allowance and forecast
   * notices told this month (the mid-month reminder counts as a forecast), and the monthly statement.
   */
  alertsSuppressed: { alertKind: AlertKind; notices: number }[];
  /**
   * What CheckData found (the data_quality alert's content): rows dated after the run day, how
   * many files have lines or rows the views cannot use, the first of them with line (when known)
   * and reason, and what billing_semantics says the data means beside the configured billing
   * settings, with a sentence per setting the data contradicts (`contradictions`, empty when
   * none); null only when CheckData did not run.
   */
  dataQuality: { futureRows: number; issueFiles: number; files: FileIssue[]; billingSemantics: BillingSemantics | null };
  ingestions: { datasetId: string; status: string }[];
  /**
   * Rows of the report date's user_report files with each issue the normaliser counts (every
   * issue named, 0 when none, but `missing_column`, named only when a file has it;
   * data_quality_issues has them per file): from the files read this run and, for those not read
   * again, their manifests.
   */
  reportIssues: Partial<Record<DataQualityIssue, number>>;
}

/** Summarises the state; the report date must be known (Prepare always sets it). */
export function summarise(state: PipelineState): RunSummary {
  const reportDate = state.run?.reportDate ?? state.data?.reportDate;
  if (reportDate === undefined) {
    throw new Error('summarise: the state has neither run.reportDate nor data.reportDate; pass the whole state ($)');
  }
  const batches = state.resolved ?? [];
  return {
    status: state.data?.hasData === false ? 'NO_DATA' : 'SUCCEEDED',
    reportDate,
    rowsSeen: state.data?.rowsForDay ?? 0,
    viewsCreated: state.views?.length ?? 0,
    usersResolved: {
      new: state.lookup?.newUsers ?? 0,
      refreshed: state.lookup?.refreshUsers ?? 0,
      resolved: sum(batches.map((batch) => batch.resolved)),
      deleted: sum(batches.map((batch) => batch.deleted)),
    },
    alertsSent: ALERT_STEPS.filter((step) => state[step.resultPath]?.messageId).map((step) => step.alertKind),
    alertsSuppressed: [...new Set(ALERT_STEPS.map((step) => step.alertKind))].map((alertKind) => ({ alertKind, notices: suppressedNotices(state, alertKind) })).filter(
      (suppressed) => suppressed.notices > 0,
    ),
    dataQuality: {
      futureRows: state.data?.quality?.futureRows ?? 0,
      issueFiles: state.data?.quality?.issueFiles ?? 0,
      files: state.data?.quality?.files ?? [],
      billingSemantics: state.data?.quality?.billingSemantics ?? null,
    },
    ingestions: (state.ingestions ?? []).map(({ datasetId, status }) => ({ datasetId, status })),
    reportIssues: reportIssuesOf(state),
  };
}

/**
 * A report-date alert that found something but did not go out was told before: its findings
 * are suppressed (CheckData and DetectSpikes turn the alert off only then).
 */
function suppressedNotices(state: PipelineState, kind: AlertKind): number {
  const { data, spikes, foresight, statement } = state;
  switch (kind) {
    case 'data_quality':
      return data?.quality !== undefined && !data.quality.alert ? dataQualityFindings(data.quality).length : 0;
    case 'stale_data':
      return data?.stale === true && data.subject === '' && state.staleAlert === undefined ? staleFindings().length : 0;
    case 'spike':
      return spikes !== undefined && !spikes.alert ? spikeFindings(spikes).length : 0;
    case 'allowance':
      return foresight?.suppressed.allowance ?? 0;
    case 'forecast':
      // Two states publish forecasts: the budget alert and the mid-month reminder.
      return (foresight?.suppressed.forecast ?? 0) + (statement?.suppressed.reminder ?? 0);
    case 'monthly_statement':
      return statement?.suppressed.statement ?? 0;
  }
}

/**
 * The report date's rows per issue kind. `missing_column` (a header without a column every
 * version has) is listed only when some file has it: the summary's other kinds are always there.
 */
function reportIssuesOf(state: PipelineState): Partial<Record<DataQualityIssue, number>> {
  const parts = [state.normalise?.dataQuality ?? {}, ...(state.normalised ?? []).map((batch) => batch.dataQuality)];
  const counts = DATA_QUALITY_ISSUES.map((issue) => [issue, sum(parts.map((part) => part[issue] ?? 0))] as const);
  return Object.fromEntries(counts.filter(([issue, rows]) => issue !== 'missing_column' || rows > 0));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
