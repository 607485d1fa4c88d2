/**
 * RecordAlertsSent logic: adds the notices of the foresight alerts this run published to the
 * month's record. Runs after the publish states, so only what SNS accepted is kept: a run that
 * fails before or while publishing records nothing, and its re-run tells it again (nothing is
 * lost). A run that published and then failed before this step (or in it) also has its re-run
 * tell it again: a repeat is preferred to a loss. A re-run of a day whose alerts were recorded
 * finds nothing new to tell, publishes nothing and writes nothing.
 */
import type { ObjectStore } from '../shared/object-store.js';
import { alertRecordKey, withNotices, type RecordedAlertKind, type SentNotice } from '../evaluate-foresight/alert-record.js';
import { readRecord } from '../evaluate-foresight/foresight.js';
import type { AlertDraft, ForesightReport } from '../evaluate-foresight/evaluate-foresight.js';

/** `$.alertRecord`. */
export interface RecordedAlerts {
  /** The record written; null when nothing was published (nothing written). */
  key: string | null;
  /** Notices added to the record. */
  recorded: number;
}

/** What of the state RecordAlertsSent reads. */
export interface PublishedForesight {
  foresight?: ForesightReport;
  allowanceAlert?: { messageId: string };
  forecastAlert?: { messageId: string };
}

/** Writes the published notices into the month's record. */
export async function recordAlerts(state: PublishedForesight, store: ObjectStore, now: Date): Promise<RecordedAlerts> {
  const report = state.foresight;
  const notices = [
    ...published('allowance', report?.allowance, state.allowanceAlert, now),
    ...published('forecast', report?.forecast, state.forecastAlert, now),
  ];
  if (report?.month == null || notices.length === 0) {
    return { key: null, recorded: 0 };
  }
  const record = await readRecord(store, report.month);
  const updated = withNotices(record, notices);
  const recorded = updated.sent.length - record.sent.length;
  const key = alertRecordKey(report.month);
  if (recorded > 0) {
    await store.putText(key, `${JSON.stringify(updated, null, 2)}\n`);
  }
  return { key, recorded };
}

function published(kind: RecordedAlertKind, draft: AlertDraft | undefined, alert: { messageId: string } | undefined, now: Date): SentNotice[] {
  if (draft?.alert !== true || alert?.messageId === undefined) {
    return [];
  }
  return draft.notices.map((key) => ({ kind, key, messageId: alert.messageId, sentAt: now.toISOString() }));
}
