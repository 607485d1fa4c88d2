/**
 * The record of the alerts sent, kept as data in the analytics bucket: one JSON object per
 * month, `alerts-sent/month=YYYY-MM/sent.json`, listing every notice told that month. A notice
 * is one thing an alert told, named by its record key: a person crossing an allowance threshold
 * or the forecast passing a budget level (the month of report_as_of), a person or the team
 * spiking on a report date, a data-quality finding of a report date, a report date's stale data
 * (the month of the report date; see report-date-notices.ts), the mid-month reminder (the month
 * of report_as_of) and a month's statement (the month it states). The steps that word an alert read
 * it to leave out what was told; RecordAlertsSent adds what a run published, after SNS accepted it.
 * This module is the one owner of the record's format and place.
 */
import type { ObjectStore } from '../shared/object-store.js';

/** Key prefix of the records in the analytics bucket, ending in `/`. */
export const ALERTS_SENT_PREFIX = 'alerts-sent/';

/** The alert kinds the record keeps: every alert of a successful run (failure and overlap alerts are each news). */
export const RECORDED_ALERT_KINDS = ['data_quality', 'stale_data', 'spike', 'allowance', 'forecast', 'monthly_statement'] as const;

/** An alert kind the record keeps. */
export type RecordedAlertKind = (typeof RECORDED_ALERT_KINDS)[number];

/**
 * One notice told: `key` names what was told (`allowance/<userid>/used/0.8`, `forecast/over/0`,
 * `spike/2026-07-10/person/<userid>`, `data_quality/2026-07-10/row_issue/bad_date#3`, `stale_data/2026-07-10`,
 * `forecast/reminder`, `monthly_statement/2026-06`).
 */
export interface SentNotice {
  kind: RecordedAlertKind;
  key: string;
  /** The SNS message that told it. */
  messageId: string;
  /** When RecordAlertsSent kept it (after SNS accepted the message), ISO 8601. */
  sentAt: string;
}

/** The record of one month. */
export interface AlertRecord {
  /** `YYYY-MM`. */
  month: string;
  sent: SentNotice[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `alerts-sent/month=2026-09/sent.json`. */
export function alertRecordKey(month: string): string {
  if (!MONTH.test(month)) {
    throw new Error(`alert record: expected a month YYYY-MM, got ${JSON.stringify(month)}`);
  }
  return `${ALERTS_SENT_PREFIX}month=${month}/sent.json`;
}

/** An empty record of `month`. */
export function emptyRecord(month: string): AlertRecord {
  return { month, sent: [] };
}

/** Parses a stored record; a damaged one is an error naming the key (guessing would repeat or lose alerts). */
export function parseAlertRecord(text: string, key: string): AlertRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${key}: not valid JSON: ${(error as Error).message}`);
  }
  const record = parsed as Partial<AlertRecord> | null;
  if (typeof record?.month !== 'string' || !Array.isArray(record.sent) || !record.sent.every(isNotice)) {
    throw new Error(`${key}: expected {"month": "YYYY-MM", "sent": [{kind, key, messageId, sentAt}, …]} with kind one of ${RECORDED_ALERT_KINDS.join(', ')}`);
  }
  return { month: record.month, sent: record.sent };
}

function isNotice(value: unknown): value is SentNotice {
  const notice = value as Partial<SentNotice> | null;
  return (
    RECORDED_ALERT_KINDS.some((kind) => kind === notice?.kind) &&
    typeof notice?.key === 'string' &&
    typeof notice.messageId === 'string' &&
    typeof notice.sentAt === 'string'
  );
}

/** The month's record, empty when nothing was told yet. */
export async function readRecord(store: ObjectStore, month: string): Promise<AlertRecord> {
  const key = alertRecordKey(month);
  const text = await store.findText(key);
  return text === undefined ? emptyRecord(month) : parseAlertRecord(text, key);
}

/** The keys told already. */
export function sentKeys(record: AlertRecord): ReadonlySet<string> {
  return new Set(record.sent.map((notice) => notice.key));
}

/** `record` with the `notices` it does not hold yet added (a key once told stays as first told). */
export function withNotices(record: AlertRecord, notices: readonly SentNotice[]): AlertRecord {
  const known = new Set(sentKeys(record));
  const added = notices.filter((notice) => !known.has(notice.key) && known.add(notice.key));
  return { month: record.month, sent: [...record.sent, ...added] };
}
