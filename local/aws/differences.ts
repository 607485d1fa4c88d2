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
 * They re-parse the report text on every read; a run reads them dozens of times while the
 * crawled data cannot change. Athena pays per scan instead.
 */
export const MATERIALISED_VIEWS: readonly string[] = ['credits_daily', 'activity_daily'];

/** The deliberate differences, in the order a run meets them. */
export const LOCAL_DIFFERENCES: readonly LocalDifference[] = [
  {
    id: 'reports-loaded-first',
    aws: 'The Crawl step runs the two Glue crawlers; Prepare defaults the report date to the day before the execution.',
    local: 'The report files are loaded into DuckDB before the state machine starts and the report date defaults to the newest day in the data (without rows: the newest day folder); the Crawl step then finds them loaded.',
    why: 'Exported reports are rarely from yesterday; the default must be a day that has data.',
  },
  {
    id: 'one-crawl',
    aws: 'Each crawler catalogs its own prefix.',
    local: 'Both crawlers share one load of the folder; a load error is reported as a FAILED crawl of both.',
    why: 'One pass over the folder catalogs both tables.',
  },
  {
    id: 'materialised-base-views',
    aws: 'Every view is evaluated by Athena when read.',
    local: `${MATERIALISED_VIEWS.join(' and ')} are computed once into tables after they are created.`,
    why: 'Speed: the same rows, read from a table instead of re-parsing CSV text on every read.',
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
    aws: 'CreateIngestion starts a SPICE import that DescribeIngestion polls; the dataset ids are the deployed QuickSight datasets.',
    local: "CreateIngestion writes datasets/<key>.csv at once and DescribeIngestion answers COMPLETED; the dataset ids are the dashboard spec's keys.",
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
