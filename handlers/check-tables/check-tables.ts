/**
 * Holds each report table to the report after its crawl, before any view is built on it. The
 * stack defines both tables with the report's columns and the crawlers (catalog targets) only
 * merge new columns into them, so what can still go wrong shows in the columns: a table that
 * lost the report's columns (changed outside the stack), or columns the crawl merged in from
 * files that are not this report (`col0, col1, …`: a header it did not recognise; in
 * by_user_analytic, whose columns never vary, any other name). Either fails the run here,
 * naming the crawler, the table and what to look at, instead of an Athena "cannot be resolved"
 * in CreateViews or numbers read from the wrong positions. (A table deleted outside the stack
 * fails earlier, in the Crawl step's GetCrawledTable; a crawl that found no file leaves the table
 * without partitions, which CheckData reports as no data for the day and stale data.)
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

/** Names a crawler gives the columns of a CSV file whose header it did not recognise. */
const UNNAMED_COLUMN = /^col[0-9]+$/;

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

/** The error a table without the report's columns, or with foreign ones, fails the run with (its name is the Lambda error type). */
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
    const names = crawled.columns.map((column) => column.Name);
    const present = new Set(names);
    const missing = required.filter((column) => !present.has(column));
    if (missing.length > 0) {
      const has = names.length === 0 ? 'no columns' : `columns ${list(names)}`;
      return [`Crawler ${crawled.crawler} made table ${crawled.table} without the report's columns ${list(missing)} (it has ${has}).`];
    }
    const known = new Set(required);
    const foreign = names.filter((name) => UNNAMED_COLUMN.test(name) || (crawled.table === BY_USER_ANALYTIC_TABLE && !known.has(name)));
    return foreign.length === 0
      ? []
      : [`Crawler ${crawled.crawler} merged columns into table ${crawled.table} that are not the report's: ${list(foreign)}.`];
  });
  if (problems.length > 0) {
    throw new TableColumnsMissingError(
      `${problems.join(' ')} Likely causes: the crawler read files that are not this Kiro report (check report.prefix, ` +
        'report.accountId and the logs folders in the config), the header row was not recognised (columns named col0, col1, …: ' +
        'the CSV classifier did not apply), the table was changed outside the stack (a deploy restores its columns; drop merged ' +
        'columns in Glue), or the report format changed (docs/report-format.md: the table reads columns by position). ' +
        'The crawler log names the files it read.',
    );
  }
  return { tables: event.crawled.map((crawled) => ({ table: crawled.table, crawler: crawled.crawler, columns: crawled.columns.length })) };
}

function list(names: readonly string[]): string {
  return names.length <= MAX_LISTED ? names.join(', ') : `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more`;
}
