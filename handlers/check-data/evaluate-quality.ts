/**
 * Judges the quality of what was read, apart from its freshness: files with lines or rows the
 * views cannot use, rows dated after the run day, the report date's rows with a data-quality
 * issue, and billing settings the data contradicts. Nothing here stops a run; it words the one
 * data_quality alert of the run.
 */
import type { LoadIssue, Row } from '../shared/query-runner.js';
import { numberCell, optionalTextCell, textCell } from '../shared/row-values.js';
import { toSnsSubject } from '../shared/sns-subject.js';
import type { BillingSemantics } from './evaluate-billing.js';

/** Most files the result (and so the state, the alert and the summary) lists. */
export const MAX_LISTED_FILES = 20;
/** Most line numbers listed per file and reason. */
const MAX_LISTED_LINES = 5;

/** One file with lines or rows that were not used, for one reason. */
export interface FileIssue {
  /** `user_report`, `by_user_analytic` or `user_mapping`. */
  table: string;
  /** The file (`"$path"`). */
  file: string;
  /** Lines or rows concerned. */
  count: number;
  /** The first few line numbers (from 1, the header is line 1); empty when unknown (Athena has no line numbers). */
  lines: number[];
  reason: string;
}

/** `$.data.quality`. */
export interface DataQuality {
  /**
   * Whether the data_quality alert goes out: there is a finding (a file with an issue, a row
   * dated in the future, a row issue of the report date, a billing setting to change) that the
   * alert record does not hold for the report date yet (CheckData applies the record).
   */
  alert: boolean;
  /**
   * Rows of credits_daily and activity_daily dated after the run day. In AWS those of the day
   * after today only: the canonical tables project no later day (difference `projected-days`).
   */
  futureRows: number;
  /** Files with an issue, also those beyond {@link MAX_LISTED_FILES}. */
  issueFiles: number;
  /** The issues of the first {@link MAX_LISTED_FILES} files, by table and file. */
  files: FileIssue[];
  /** The report date's rows in data_quality_issues per issue kind (kinds with rows only). */
  dayIssues: Record<string, number>;
  /** What billing_semantics says, and the settings the data contradicts. */
  billingSemantics: BillingSemantics;
  subject: string;
  message: string;
}

/** What the queries and the load found. */
export interface QualityFindings {
  /** Rows of fileQualityQuery. */
  fileRows: readonly Row[];
  /** What the local load left out (none in AWS). */
  loadIssues: readonly LoadIssue[];
  futureRows: number;
  /** Rows of dayIssuesQuery: `issue`, `rows`. */
  dayIssueRows: readonly Row[];
  billingSemantics: BillingSemantics;
}

/** The issues of the file-quality query's rows, one per file and reason. */
function queriedIssues(rows: readonly Row[]): FileIssue[] {
  return rows.flatMap((row) => {
    const table = textCell(row, 'source_table');
    const file = textCell(row, 'file');
    const badDates = numberCell(row, 'bad_date_rows', 0);
    const noUserid = numberCell(row, 'no_userid_rows', 0);
    const example = optionalTextCell(row, 'example_date');
    const issues: FileIssue[] = [];
    if (badDates > 0) {
      const shown = example === null ? 'empty' : JSON.stringify(example);
      issues.push({ table, file, count: badDates, lines: [], reason: `no date the views can read (e.g. ${shown}), left out` });
    }
    if (noUserid > 0) {
      issues.push({
        table,
        file,
        count: noUserid,
        lines: [],
        reason: table === 'user_mapping' ? 'a JSON line the SerDe cannot read, its id looked up again' : 'no UserId, left out',
      });
    }
    return issues;
  });
}

/** The load's issues, one per file and reason with the first line numbers. */
function loadedIssues(issues: readonly LoadIssue[]): FileIssue[] {
  const grouped = new Map<string, FileIssue>();
  for (const issue of issues) {
    const key = JSON.stringify([issue.table, issue.file, issue.reason]);
    const entry = grouped.get(key) ?? { table: issue.table, file: issue.file, count: 0, lines: [], reason: issue.reason };
    entry.count += 1;
    if (issue.line !== null && entry.lines.length < MAX_LISTED_LINES) entry.lines.push(issue.line);
    grouped.set(key, entry);
  }
  return [...grouped.values()];
}

/** One issue as a line of the alert. */
function describeIssue(issue: FileIssue): string {
  const where =
    issue.lines.length === 0
      ? `${issue.count} row(s)`
      : `${issue.lines.length === 1 ? 'line' : 'lines'} ${issue.lines.join(', ')}${issue.count > issue.lines.length ? ` (${issue.count} in all)` : ''}`;
  return `- ${issue.table} ${issue.file}: ${where}: ${issue.reason}`;
}

/**
 * The data_quality verdict: the load's issues (local only) and the query's, by table and file;
 * the query's `files_with_issues` counts the files beyond its limit too.
 */
export function evaluateQuality(findings: QualityFindings, days: { reportDate: string; executionDate: string }): DataQuality {
  const issues = [...loadedIssues(findings.loadIssues), ...queriedIssues(findings.fileRows)].sort(
    (a, b) => a.table.localeCompare(b.table) || a.file.localeCompare(b.file),
  );
  const queriedTotal = findings.fileRows.length === 0 ? 0 : numberCell(findings.fileRows[0]!, 'files_with_issues', 0);
  const files = [...new Set(issues.map((issue) => `${issue.table} ${issue.file}`))];
  const listedFiles = new Set(files.slice(0, MAX_LISTED_FILES));
  const listed = issues.filter((issue) => listedFiles.has(`${issue.table} ${issue.file}`));
  const issueFiles = files.length + Math.max(0, queriedTotal - findings.fileRows.length);
  const { futureRows, billingSemantics } = findings;
  const dayIssues = Object.fromEntries(findings.dayIssueRows.map((row) => [textCell(row, 'issue'), numberCell(row, 'rows')]));
  const dayIssueRows = Object.values(dayIssues).reduce((sum, rows) => sum + rows, 0);
  const { contradictions } = billingSemantics;
  const alert = issueFiles > 0 || futureRows > 0 || dayIssueRows > 0 || contradictions.length > 0;
  const parts = [
    issueFiles > 0 ? `${issueFiles} file(s) with unreadable lines` : '',
    futureRows > 0 ? `${futureRows} row(s) dated after ${days.executionDate}` : '',
    dayIssueRows > 0 ? `${dayIssueRows} row issue(s)` : '',
    contradictions.length > 0 ? 'billing settings to change' : '',
  ].filter((part) => part !== '');
  const lines = [
    `The Kiro activity pipeline read the reports for ${days.reportDate} (run of ${days.executionDate}) and went on with every step; it found:`,
    '',
    ...listed.map(describeIssue),
    ...(issueFiles > listedFiles.size ? [`- … and ${issueFiles - listedFiles.size} more file(s)`] : []),
    ...(futureRows > 0
      ? [
          `- ${futureRows} row(s) of credits_daily and activity_daily are dated after the run day ${days.executionDate}: they stay in the views, ` +
            'but the newest-day and freshness checks ignore them. Check the Date column of the newest files.',
        ]
      : []),
    ...(dayIssueRows > 0
      ? [
          `- Rows of the report files of ${days.reportDate} with an issue (view data_quality_issues lists them per file): ` +
            Object.entries(dayIssues)
              .map(([issue, rows]) => `${issue} ${rows}`)
              .join(', ') +
            '.',
        ]
      : []),
    ...contradictions.map((contradiction) => `- Billing settings: ${contradiction}`),
    '',
    'Everything else was read and is in the views. Fix or remove the files named above (the vendor can re-export a day); the next run reads them again.',
  ];
  return {
    alert,
    futureRows,
    issueFiles,
    files: listed,
    dayIssues,
    billingSemantics,
    subject: alert ? toSnsSubject(`Kiro data quality: ${parts.join(', ')}`) : '',
    message: alert ? lines.join('\n') : '',
  };
}
