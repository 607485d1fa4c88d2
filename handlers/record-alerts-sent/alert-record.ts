/**
 * The record of the foresight alerts sent, kept as data in the analytics bucket: one JSON object
 * per month, `alerts-sent/month=YYYY-MM/sent.json`, listing every notice told that month (a
 * person crossing a threshold, the forecast passing a budget level). EvaluateForesight reads it
 * to leave out what was told; RecordAlertsSent adds what a run published, after SNS accepted it.
 */

/** Key prefix of the records in the analytics bucket, ending in `/`. */
export const ALERTS_SENT_PREFIX = 'alerts-sent/';

/** The alert kinds the record keeps. */
export type RecordedAlertKind = 'allowance' | 'forecast';

/** One notice told: `key` names what was told, once per month (`allowance/<userid>/used/0.8`, `forecast/over/0`). */
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
    throw new Error(`${key}: expected {"month": "YYYY-MM", "sent": [{kind, key, messageId, sentAt}, …]}`);
  }
  return { month: record.month, sent: record.sent };
}

function isNotice(value: unknown): value is SentNotice {
  const notice = value as Partial<SentNotice> | null;
  return (
    (notice?.kind === 'allowance' || notice?.kind === 'forecast') &&
    typeof notice.key === 'string' &&
    typeof notice.messageId === 'string' &&
    typeof notice.sentAt === 'string'
  );
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
