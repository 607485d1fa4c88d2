/**
 * Holds each crawled table to the report it was crawled from before any view is built on it:
 * a table without the report's columns fails the run here, naming the crawler, the table and
 * what to look at, instead of an Athena "cannot be resolved" in CreateViews. (A crawl that left
 * no table at all fails earlier, in the Crawl step's GetCrawledTable.)
 */
import {
  BY_USER_ANALYTIC_COLUMNS,
  BY_USER_ANALYTIC_TABLE,
  USER_REPORT_HEADERS,
  USER_REPORT_TABLE,
  glueColumnName,
  type ReportTable,
} from '../shared/report-format.js';

/**
 * The columns every version of each report has, as the crawler names them. Later user_report
 * headers add columns (`new_user`, …) that older files lack; those are not required here.
 */
export const REQUIRED_COLUMNS: Readonly<Record<ReportTable, readonly string[]>> = {
  [USER_REPORT_TABLE]: USER_REPORT_HEADERS.original.map(glueColumnName),
  [BY_USER_ANALYTIC_TABLE]: BY_USER_ANALYTIC_COLUMNS,
};

/** One Crawl iteration's result: the crawler, its table, and the columns Glue's GetTable lists. */
export interface CrawledTable {
  crawler: string;
  table: string;
  /** `Table.StorageDescriptor.Columns` of glue:GetTable. */
  columns: Array<{ Name: string }>;
}

/** What the CheckTables state passes: every Crawl iteration's result. */
export interface CheckTablesEvent {
  crawled: CrawledTable[];
}

/** `$.catalog`: each report table and how many columns it has. */
export interface TableCheck {
  tables: Array<{ table: string; crawler: string; columns: number }>;
}

/** The error a table without the report's columns fails the run with (its name is the Lambda error type). */
export class TableColumnsMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableColumnsMissing';
  }
}

const MAX_LISTED = 12;

/**
 * Checks every crawled table against {@link REQUIRED_COLUMNS}.
 *
 * @throws TableColumnsMissingError naming, per table, its crawler, the missing columns, the
 * columns it has instead, and the likely causes.
 */
export function checkTables(event: CheckTablesEvent): TableCheck {
  const problems = event.crawled.flatMap((crawled) => {
    const required = REQUIRED_COLUMNS[crawled.table as ReportTable];
    if (required === undefined) {
      // Not the operator's doing: Prepare pairs the crawlers with the report tables.
      throw new Error(`check-tables: crawler ${crawled.crawler} reports table ${crawled.table}, which is none of ${Object.keys(REQUIRED_COLUMNS).join(', ')}`);
    }
    const present = new Set(crawled.columns.map((column) => column.Name));
    const missing = required.filter((column) => !present.has(column));
    if (missing.length === 0) return [];
    const has = crawled.columns.length === 0 ? 'no columns' : `columns ${list(crawled.columns.map((column) => column.Name))}`;
    return [`Crawler ${crawled.crawler} made table ${crawled.table} without the report's columns ${list(missing)} (it has ${has}).`];
  });
  if (problems.length > 0) {
    throw new TableColumnsMissingError(
      `${problems.join(' ')} Likely causes: the crawler read files that are not this Kiro report (check report.prefix, ` +
        'report.accountId and the logs folders in the config), the header row was not recognised (columns named col0, col1, …: ' +
        'the CSV classifier did not apply), or the report format changed (docs/report-format.md). The crawler log names the files it read.',
    );
  }
  return { tables: event.crawled.map((crawled) => ({ table: crawled.table, crawler: crawled.crawler, columns: crawled.columns.length })) };
}

function list(names: readonly string[]): string {
  return names.length <= MAX_LISTED ? names.join(', ') : `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more`;
}
