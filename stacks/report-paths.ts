/**
 * Where the two Kiro reports live in the customer's bucket (docs/report-format.md). Each report
 * gets its own crawler and table, because one crawler over `KiroLogs/` merges them into one
 * broken schema.
 */
import type { ReportLocation } from './config.js';

/** One report prefix and the Glue table crawled from it (the prefix's last folder). */
export interface ReportPrefix {
  table: 'user_report' | 'by_user_analytic';
  /** Key prefix inside the report bucket, ending in `/`. */
  keyPrefix: string;
}

/**
 * The `user_report` and `by_user_analytic` prefixes, in the order of the settings' crawler
 * names. `accountId` is the account of the `AWSLogs/` path (a token when it is the stack's own).
 */
export function reportPrefixes(report: ReportLocation, accountId: string): [ReportPrefix, ReportPrefix] {
  const keyPrefix = (folder: string, table: string): string =>
    [report.prefix, 'AWSLogs', accountId, folder, table].filter((part) => part !== '').join('/') + '/';
  return [
    { table: 'user_report', keyPrefix: keyPrefix(report.logsFolder, 'user_report') },
    { table: 'by_user_analytic', keyPrefix: keyPrefix(report.analyticLogsFolder, 'by_user_analytic') },
  ];
}
