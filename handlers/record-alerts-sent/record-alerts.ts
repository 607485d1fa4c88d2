/**
 * RecordAlertsSent logic: adds the notices of the alerts this run published to the record of
 * their month (the report date's month for spike, data_quality and stale_data; the month of
 * report_as_of for allowance, forecast and the mid-month reminder; the month stated for the
 * monthly statement). The state reaches it after the publish states (after
 * CheckData's alerts when one went out, and again after the foresight alerts), so only what SNS
 * accepted is kept: a run that fails before or while publishing records nothing, and its re-run
 * tells it again (nothing is lost). A run that published and then failed before this step (or
 * in it) also has its re-run tell it again: a repeat is preferred to a loss. Adding is
 * idempotent: a notice recorded once is not added again, and a re-run of a day whose alerts were
 * recorded finds nothing new to tell, publishes nothing and writes nothing.
 */
import type { PipelineState } from '../../statemachines/steps.js';
import type { ObjectStore } from '../shared/object-store.js';
import type { AlertDraft } from '../evaluate-foresight/evaluate-foresight.js';
import { alertRecordKey, readRecord, withNotices, type RecordedAlertKind, type SentNotice } from './alert-record.js';
import { dataQualityFindings, noticeKey, spikeFindings, staleFindings, type Finding, type ReportDateAlertKind } from './report-date-notices.js';

/** `$.alertRecord`. */
export interface RecordedAlerts {
  /**
   * The record the published notices belong to (the report date's month first, when a backfill
   * of an earlier month also tells this month's allowance or forecast); null when nothing was published.
   */
  key: string | null;
  /** Notices added to the records (0 when every published notice was recorded already). */
  recorded: number;
}

/** What of the state RecordAlertsSent reads. */
export type PublishedAlerts = Pick<
  PipelineState,
  | 'run'
  | 'data'
  | 'spikes'
  | 'foresight'
  | 'statement'
  | 'dataQualityAlert'
  | 'staleAlert'
  | 'spikeAlert'
  | 'allowanceAlert'
  | 'forecastAlert'
  | 'statementAlert'
  | 'reminderAlert'
>;

/** One month's published notices. */
interface MonthNotices {
  month: string;
  notices: SentNotice[];
}

/** Writes the published notices into their months' records. */
export async function recordAlerts(state: PublishedAlerts, store: ObjectStore, now: Date): Promise<RecordedAlerts> {
  const sentAt = now.toISOString();
  const months = publishedNotices(state, sentAt);
  if (months.length === 0) {
    return { key: null, recorded: 0 };
  }
  let recorded = 0;
  for (const { month, notices } of months) {
    const record = await readRecord(store, month);
    const updated = withNotices(record, notices);
    const added = updated.sent.length - record.sent.length;
    if (added > 0) {
      await store.putText(alertRecordKey(month), `${JSON.stringify(updated, null, 2)}\n`);
    }
    recorded += added;
  }
  return { key: alertRecordKey(months[0]!.month), recorded };
}

/** The notices of every alert the state says SNS accepted, by month, the report date's first. */
function publishedNotices(state: PublishedAlerts, sentAt: string): MonthNotices[] {
  const reportDate = state.run?.reportDate ?? state.data?.reportDate;
  const byMonth = new Map<string, SentNotice[]>();
  const add = (month: string, notices: SentNotice[]): void => {
    if (notices.length > 0) byMonth.set(month, [...(byMonth.get(month) ?? []), ...notices]);
  };
  if (reportDate !== undefined) {
    const day = (kind: ReportDateAlertKind, published: boolean, findings: () => Finding[], messageId: string | undefined): SentNotice[] =>
      published && messageId !== undefined ? findings().map((finding) => ({ kind, key: noticeKey(kind, reportDate, finding), messageId, sentAt })) : [];
    const { data, spikes } = state;
    add(reportDate.slice(0, 7), [
      ...day('data_quality', data?.quality?.alert === true, () => dataQualityFindings(data!.quality), state.dataQualityAlert?.messageId),
      ...day('stale_data', data?.stale === true, staleFindings, state.staleAlert?.messageId),
      ...day('spike', spikes?.alert === true, () => spikeFindings(spikes!), state.spikeAlert?.messageId),
    ]);
  }
  const report = state.foresight;
  if (report?.month != null) {
    add(report.month, [
      ...published('allowance', report.allowance, state.allowanceAlert, sentAt),
      ...published('forecast', report.forecast, state.forecastAlert, sentAt),
    ]);
  }
  const statement = state.statement;
  if (statement?.month != null) add(statement.month, published('monthly_statement', statement.statement, state.statementAlert, sentAt));
  if (statement?.reminderMonth != null) add(statement.reminderMonth, published('forecast', statement.reminder, state.reminderAlert, sentAt));
  return [...byMonth].map(([month, notices]) => ({ month, notices }));
}

function published(kind: RecordedAlertKind, draft: AlertDraft | undefined, alert: { messageId: string } | undefined, sentAt: string): SentNotice[] {
  if (draft?.alert !== true || alert?.messageId === undefined) {
    return [];
  }
  return draft.notices.map((key) => ({ kind, key, messageId: alert.messageId, sentAt }));
}
