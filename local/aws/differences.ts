/**
 * Every deliberate difference between the local run and AWS, in one place. Each stand-in in
 * `local/aws/` behaves like the service its handler's port stands for, except where listed
 * here; the code that makes a difference cites its id, and a difference with a setting
 * (`MATERIALISED_VIEWS`) has it here. The README's "Where the local run differs from AWS"
 * table lists the same ids (tested).
 */

/** One difference: what AWS does, what the local run does instead, and why. */
export interface LocalDifference {
  id: string;
  aws: string;
  local: string;
  why: string;
}

/**
 * Views computed once into a table right after CreateView creates them (same name, same rows).
 * They pick the latest export of every row on every read; a run reads them dozens of times while
 * the canonical data cannot change in between. Athena pays per scan instead.
 */
export const MATERIALISED_VIEWS: readonly string[] = ['credits_daily', 'activity_daily'];

/** The deliberate differences, in the order a run meets them. */
export const LOCAL_DIFFERENCES: readonly LocalDifference[] = [
  {
    id: 'reports-loaded-first',
    aws: 'The Crawl step runs the two Glue crawlers; Prepare defaults the report date to the day before the execution.',
    local: 'The report files are loaded into DuckDB before the state machine starts and the report date defaults to the newest day in the data that is not after today (without rows: the newest day folder); the Crawl step then finds them loaded.',
    why: 'Exported reports are rarely from yesterday; the default must be a day that has data.',
  },
  {
    id: 'single-execution',
    aws: 'ListRunningExecutions lists the RUNNING executions of the state machine; an execution waits for an earlier one (overlap.waitMinutes).',
    local: 'The list is empty: there is never another execution to wait for.',
    why: 'A local run is one execution of its own definition; nothing else runs it.',
  },
  {
    id: 'one-crawl',
    aws: 'Each crawler catalogs its own prefix.',
    local: 'Both crawlers share one load of the folder; a load error is reported as a FAILED crawl of both.',
    why: 'One pass over the folder catalogs both tables.',
  },
  {
    id: 'every-account',
    aws: 'The crawlers read the prefixes of one account, report.accountId (default: the deploying account).',
    local: 'Every AWSLogs/<account>/ folder under --reports is read; the views keep the accounts apart (account_id) and add them up per person.',
    why: 'A folder of reports copied from several accounts is read whole, so what they add up to can be checked.',
  },
  {
    id: 'load-issues',
    aws: 'Athena reads what it can of a damaged report file, by position as it reads every line: a cell too many lands in the next column of the table (or, past its last, is not read), a short line reads NULLs, bytes that are not UTF-8 become replacement characters. CheckData names a file only by its rows without a readable date or UserId, without line numbers.',
    local: "Whole files are read by position as in AWS, but each line strictly: a line whose cells do not match its file's header in number (or a file whose header cannot be read) is left out, and CheckData names it with file, line and DuckDB's reason, besides the same per-file counts.",
    why: 'Leaving a line out and naming it is the honest counterpart of a lenient read; the per-line list is what lets a person fix the file.',
  },
  {
    id: 'mapping-damage',
    aws: 'The JSON SerDe (ignore.malformed.json) reads a damaged user-mapping line as a row without a userid, which CheckData names by object; an object outside a resolved_date=<day> folder is never read, and nothing says so.',
    local: 'A damaged line is left out and named with its line; a file outside a resolved_date=YYYY-MM-DD folder is not read and is named.',
    why: 'The ids on a damaged line are looked up again either way; locally the run can also say what it skipped.',
  },
  {
    id: 'report-etag',
    aws: "PlanNormalise compares each user_report object's ETag and LastModified with the manifest.",
    local: "The --reports folder's files are compared by size and modification time (their ETag), and their key is the path below --reports.",
    why: 'A folder has no ETag; size and mtime change whenever a file is rewritten, as the ETag does.',
  },
  {
    id: 'canonical-reread',
    aws: 'Athena reads the canonical objects (the tables with partition projection) from S3 at query time.',
    local: 'The canonical tables are views over the Parquet files under --out/canonical/, read at query time; their file lists are taken again once PlanNormalise or NormaliseReportBatch has written, before the next step of another kind (one listing after the whole NormaliseReports Map).',
    why: 'DuckDB reads the files each view lists; listing them again gives later steps what was just written, and what earlier runs wrote, as S3 does.',
  },
  {
    id: 'projected-days',
    aws: 'The canonical tables project the days from FIRST_REPORT_DAY to the day after the UTC day a query runs on: a row dated later is in no partition Athena reads until its day comes.',
    local: 'Every day folder from FIRST_REPORT_DAY on is read, later ones too: a row dated after the run day is in the views and in CheckData’s future_rows count, and the data_quality alert tells of it.',
    why: 'Athena lists every projected day on each read, so the range must end near today; the local run lists its folder once, and a report dated far ahead (a vendor fault, or an exported sample) is told of rather than left unseen.',
  },
  {
    id: 'materialised-base-views',
    aws: 'Every view is evaluated by Athena when read.',
    local: `${MATERIALISED_VIEWS.join(' and ')} are computed into tables when they are created, a month of report days at a time, and again when a table they read is loaded again.`,
    why: 'Speed: the same rows, read from a table instead of deduplicating the canonical rows again on every read.',
  },
  {
    id: 'views-computed-once',
    aws: 'Athena evaluates a view each time it is read: every SPICE import and every query derives its rows again from the tables.',
    local: 'A view is computed once into a table when a query first reads it (with the views it reads, in the order the views were created), and later queries, the datasets and views/ read those tables (the same rows); loading a table again or creating a view puts back the views that read it, so the next reader computes them from the new rows.',
    why: 'Speed and memory: each step query, dataset and views/ file derived the people views again from the daily rows (DetectSpikes alone took 11 s at 10,000 people × 90 days).',
  },
  {
    id: 'no-directory',
    aws: 'FindUsersToResolve writes batches that ResolveUsers looks up in Identity Center.',
    local: 'Without --directory, FindUsersToResolve still counts the ids to resolve but returns no batches: ids stay unresolved, nothing is written as deleted.',
    why: 'A trial without a directory export must not record every person as deleted.',
  },
  {
    id: 'mapping-reread',
    aws: 'Athena reads the user-mapping objects from S3 at query time.',
    local: 'The user_mapping table is reloaded from --out/user-mapping/ after each resolved batch.',
    why: 'DuckDB holds the loaded table; reloading gives later steps the names just written, as S3 does.',
  },
  {
    id: 'spice-synchronous',
    aws: 'CreateIngestion starts a SPICE import that DescribeIngestion polls; the dataset ids are the deployed QuickSight datasets, the daily ones refreshed incrementally (their look-back window imported again).',
    local: "CreateIngestion writes datasets/<key>.csv at once, the whole view whatever the IngestionType (the run asks for full refreshes), and DescribeIngestion answers COMPLETED; the dataset ids are the dashboard spec's keys.",
    why: 'There is no SPICE locally; the files are what the dashboard page draws.',
  },
  {
    id: 'no-waiting',
    aws: 'Wait states wait and retries back off for their IntervalSeconds.',
    local: 'Wait states do not wait and retries pause 1 ms.',
    why: 'A local run takes seconds, not minutes.',
  },
  {
    id: 'alerts-recorded',
    aws: 'SNS delivers alerts to the subscribed e-mail addresses.',
    local: 'Published alerts are written to --out/alerts.jsonl and printed.',
    why: 'Nothing leaves the machine.',
  },
];
