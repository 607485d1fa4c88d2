/**
 * Judges whether the report data is there and fresh, and words the stale-data alert.
 */
import { daysBetween, requireIsoDate } from '../shared/dates.js';
import { toSnsSubject } from '../shared/sns-subject.js';
import type { DataQuality } from './evaluate-quality.js';

/** What the presence query found. */
export interface DataPresence {
  creditsRows: number;
  activityRows: number;
  /** Newest report_date on or before the run day in either view, or null when there is none. */
  newestDate: string | null;
}

/** `$.data`: the freshness verdict and, under `quality`, the data_quality one. */
export interface DataCheck extends Freshness {
  quality: DataQuality;
}

/** What {@link evaluateFreshness} decides. */
export interface Freshness {
  reportDate: string;
  hasData: boolean;
  rowsForDay: number;
  creditsRows: number;
  activityRows: number;
  newestDate: string | null;
  daysBehind: number | null;
  /** Whether the newest data is older than `staleAfterDays` (or there is none). */
  stale: boolean;
  /**
   * The stale-data alert's subject when stale (else a one-line state of the data); CheckData
   * empties it when the alert was told for the report date already, and PublishStaleAlert runs
   * only for stale data with a subject.
   */
  subject: string;
  message: string;
}

const HOW_TO_CHECK = [
  'How to check:',
  '- Kiro console > Settings > User activity report: is the report still enabled, with the expected bucket and prefix?',
  '- The report bucket policy: does it still allow Kiro to write into the bucket and prefix?',
  '- The bucket itself: are there new *.csv files under <prefix>/AWSLogs/<account>/KiroLogs/user_report/ and by_user_analytic/?',
  'Reports land about 02:00 UTC for the previous day; the first files appear a day or two after enabling.',
].join('\n');

/** Compares the newest data day with the execution day; stale beyond `staleAfterDays`. */
export function evaluateFreshness(
  presence: DataPresence,
  days: { reportDate: string; executionDate: string },
  staleAfterDays: number,
): Freshness {
  const { reportDate, executionDate } = days;
  const newestDate = presence.newestDate === null ? null : requireIsoDate(presence.newestDate, 'check-data: newest report_date');
  const rowsForDay = presence.creditsRows + presence.activityRows;
  const daysBehind = newestDate === null ? null : daysBetween(newestDate, executionDate);
  const stale = daysBehind === null || daysBehind > staleAfterDays;
  const counts = { reportDate, hasData: rowsForDay > 0, rowsForDay, creditsRows: presence.creditsRows, activityRows: presence.activityRows };
  if (newestDate === null || daysBehind === null) {
    return {
      ...counts,
      newestDate,
      daysBehind,
      stale,
      subject: toSnsSubject(`Kiro usage data missing: no report rows at all (run ${executionDate})`),
      message: [
        `No Kiro usage data was found at all: the views credits_daily and activity_daily are empty (run of ${executionDate}, report day ${reportDate}).`,
        '',
        HOW_TO_CHECK,
      ].join('\n'),
    };
  }
  const summary =
    `The newest Kiro usage data is for ${newestDate}, ${daysBehind} day(s) before the run day ${executionDate} ` +
    `(alert after ${staleAfterDays}). Rows for ${reportDate}: ${presence.creditsRows} in credits_daily, ${presence.activityRows} in activity_daily.`;
  return {
    ...counts,
    newestDate,
    daysBehind,
    stale,
    subject: toSnsSubject(
      stale
        ? `Kiro usage data stale: newest day ${newestDate}, ${daysBehind} days behind`
        : `Kiro usage data current: newest day ${newestDate}`,
    ),
    message: stale ? `${summary}\n\n${HOW_TO_CHECK}` : summary,
  };
}
