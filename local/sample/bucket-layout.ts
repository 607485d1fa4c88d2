/**
 * Object keys of the sample, laid out like the customer's report bucket under the prefix `kiro`.
 *
 * Files are named as if written at about 02:00 UTC on the day after the report date (T+1), the
 * folder being the report date. Split files follow one convention: `_part_<n>` (from 1) before
 * the timestamp, e.g. `KIRO_IDE_111122223333_user_report_part_2_202611210201.csv`.
 */
import { addDays } from './calendar.js';
import { ACCOUNT_ID, REGION, type ClientType } from './catalog.js';

/** The Kiro logs root inside the sample folder. */
export const LOGS_ROOT = `kiro/AWSLogs/${ACCOUNT_ID}/KiroLogs`;

/** Stray non-CSV marker objects the vendor leaves under KiroLogs/, and their text. */
export const ACCESS_MARKERS = {
  keys: [`${LOGS_ROOT}/access-validation`, `${LOGS_ROOT}/user_report/access-validation`],
  text: 'Access validation successful.',
};

/** The `<yyyymmddHHMM>` of a file for `reportDate` written at `hhmm` the next day. */
export function fileStamp(reportDate: string, hhmm: string): string {
  return `${addDays(reportDate, 1).replaceAll('-', '')}${hhmm}`;
}

/** Key of a user_report file; `part` only for a day split into several files. */
export function userReportKey(reportDate: string, client: ClientType, stamp: string, part?: number): string {
  const partTag = part === undefined ? '' : `part_${part}_`;
  return `${LOGS_ROOT}/user_report/${REGION}/${datePath(reportDate)}/00/${client}_${ACCOUNT_ID}_user_report_${partTag}${stamp}.csv`;
}

/** Key of the day's by_user_analytic file. */
export function analyticKey(reportDate: string, stamp: string): string {
  return `${LOGS_ROOT}/by_user_analytic/${REGION}/${datePath(reportDate)}/00/${ACCOUNT_ID}_by_user_analytic_${stamp}_report.csv`;
}

function datePath(isoDate: string): string {
  return isoDate.replaceAll('-', '/');
}
