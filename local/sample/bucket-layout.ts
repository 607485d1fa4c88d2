/**
 * Object keys of the sample, laid out like the customer's report bucket under the prefix `kiro`.
 *
 * Files are named as if written at about 02:00 UTC on the day after the report date (T+1), the
 * folder being the report date. Split files follow one convention: `_part_<n>` (from 1) before
 * the timestamp, e.g. `KIRO_IDE_111122223333_user_report_part_2_202611210201.csv`.
 */
import {
  BY_USER_ANALYTIC_TABLE,
  logsFolderKey,
  reportDayFolder,
  reportPrefixes,
  USER_REPORT_TABLE,
} from '../../handlers/shared/report-format.js';
import { addDays } from './calendar.js';
import { ACCOUNT_ID, REGION, type ClientType } from './catalog.js';

/** Bucket prefix of the sample, before `AWSLogs/`. */
const BUCKET_PREFIX = 'kiro';

/** The Kiro logs root inside the sample folder. */
const LOGS_ROOT = logsFolderKey(BUCKET_PREFIX, ACCOUNT_ID, 'KiroLogs');

const [USER_REPORT_PREFIX, ANALYTIC_PREFIX] = reportPrefixes(
  { prefix: BUCKET_PREFIX, logsFolder: 'KiroLogs', analyticLogsFolder: 'KiroLogs' },
  ACCOUNT_ID,
);

/** Stray non-CSV marker objects the vendor leaves under KiroLogs/, and their text. */
export const ACCESS_MARKERS = {
  keys: [`${LOGS_ROOT}/access-validation`, `${USER_REPORT_PREFIX.keyPrefix}access-validation`],
  text: 'Access validation successful.',
};

/** The `<yyyymmddHHMM>` of a file for `reportDate` written at `hhmm` the next day. */
export function fileStamp(reportDate: string, hhmm: string): string {
  return `${addDays(reportDate, 1).replaceAll('-', '')}${hhmm}`;
}

/** Key of a user_report file; `part` only for a day split into several files. */
export function userReportKey(reportDate: string, client: ClientType, stamp: string, part?: number): string {
  const partTag = part === undefined ? '' : `part_${part}_`;
  const folder = `${USER_REPORT_PREFIX.keyPrefix}${reportDayFolder(REGION, reportDate)}`;
  return `${folder}/${client}_${ACCOUNT_ID}_${USER_REPORT_TABLE}_${partTag}${stamp}.csv`;
}

/** Key of the day's by_user_analytic file. */
export function analyticKey(reportDate: string, stamp: string): string {
  return `${ANALYTIC_PREFIX.keyPrefix}${reportDayFolder(REGION, reportDate)}/${ACCOUNT_ID}_${BY_USER_ANALYTIC_TABLE}_${stamp}_report.csv`;
}
