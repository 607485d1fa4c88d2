/**
 * The steps of `daily-pipeline.asl.json`, described once. Per Lambda step: the ASL state that
 * invokes it, its handler folder, size and timeout, where its result lands in the state and
 * the keys of that result; per alert: the publishing state, its `alert_kind` and result path.
 * The CDK functions, every `definitionSubstitutions` builder (stack, local run, tests), the
 * local bindings, the progress lines and the run summary's state type derive from this module;
 * `test/statemachine/step-registry.test.ts` holds the ASL file to it.
 */
import type { CheckDataEvent } from '../handlers/check-data/check-data.js';
import type { CheckTablesEvent, TableCheck } from '../handlers/check-tables/check-tables.js';
import type { DataCheck } from '../handlers/check-data/evaluate-freshness.js';
import type { DetectSpikesEvent } from '../handlers/detect-spikes/detect-spikes.js';
import type { SpikeReport } from '../handlers/detect-spikes/evaluate-spikes.js';
import type { ForesightReport } from '../handlers/evaluate-foresight/evaluate-foresight.js';
import type { RecordedAlerts } from '../handlers/record-alerts-sent/record-alerts.js';
import type { StatementReport } from '../handlers/build-statement/build-statement.js';
import type { FindUsersEvent, UserLookupPlan } from '../handlers/find-users/find-users.js';
import type { GroupsRead, ReadGroupsEvent } from '../handlers/read-groups/read-groups.js';
import type { NormaliseBatchEvent, NormalisedBatch } from '../handlers/normalise-reports/normalise-batch.js';
import type { NormalisePlan, PlanNormaliseEvent } from '../handlers/normalise-reports/plan.js';
import type { PrepareEvent, RunPlan } from '../handlers/prepare/prepare-run.js';
import type { ViewPlan } from '../handlers/render-views/plan-views.js';
import type { ResolveBatchEvent, ResolvedBatch } from '../handlers/resolve-users/resolve-batch.js';
import type { RunSummary } from '../handlers/summarise/summarise.js';

/** The definition file, relative to the project root. */
export const DEFINITION_FILE = 'statemachines/daily-pipeline.asl.json';

/** `K` when it lists every key of `T`; otherwise a type naming the keys it misses. */
type AllKeysOf<T, K extends readonly (keyof T)[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? K
  : readonly [`missing: ${Exclude<keyof T, K[number]> & string}`];

/** One Lambda step. `Result` is what the handler returns; `Landed` what the state holds of it. */
export interface LambdaStep<Result = unknown, Landed = Result> {
  /** The Task state that invokes the function. */
  readonly state: string;
  /** The Map state around it, when it runs once per item (its results land as an array). */
  readonly mapState?: string;
  /** What the function does: its description in AWS. */
  readonly description: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /** Copies `sql/*.sql` into the bundle (the function reads them beside its module). */
  readonly bundleSqlFiles?: boolean;
  /**
   * Where the result lands in the state (`$.<resultPath>`); `null`: it is the execution output.
   * The first step replaces the execution input with `{<resultPath>: result}`.
   */
  readonly resultPath: string | null;
  /** Every key of the handler's result: the state's `ResultSelector` selects exactly these. */
  readonly resultKeys: readonly string[];
  /** The keys of the `Payload` the state passes, or `state` when it passes the whole state (`$`). */
  readonly eventKeys: readonly string[] | 'state';
  /** The one-line progress of a local run once the step is done. */
  describe(landed: Landed): string;
  /** Carries the result type only; never set. */
  readonly resultType?: Result;
}

/**
 * Declares a Lambda step whose handler takes `Event` and returns `Result`: the compiler rejects
 * `resultKeys` or `eventKeys` that miss a key of either type.
 */
function lambdaStep<Event, Result>() {
  return <
    const State extends string,
    const Path extends string | null,
    const R extends readonly (keyof Result & string)[],
    const E extends readonly (keyof Event & string)[],
  >(
    step: Omit<LambdaStep<Result>, 'state' | 'resultPath' | 'resultKeys' | 'eventKeys' | 'mapState'> & {
      state: State;
      resultPath: Path;
      resultKeys: AllKeysOf<Result, R>;
      eventKeys: AllKeysOf<Event, E> | 'state';
    },
  ) => step as LambdaStep<Result> & { state: State; resultPath: Path };
}

/** Like {@link lambdaStep}, for a function a Map state invokes once per item. */
function mapLambdaStep<Event, Result>() {
  return <
    const State extends string,
    const Path extends string,
    const R extends readonly (keyof Result & string)[],
    const E extends readonly (keyof Event & string)[],
  >(
    step: Omit<LambdaStep<Result, Result[]>, 'state' | 'resultPath' | 'resultKeys' | 'eventKeys' | 'mapState'> & {
      state: State;
      mapState: string;
      resultPath: Path;
      resultKeys: AllKeysOf<Result, R>;
      eventKeys: AllKeysOf<Event, E> | 'state';
    },
  ) => step as LambdaStep<Result, Result[]> & { state: State; resultPath: Path; mapState: string };
}

/** The Lambda steps, by handler folder (`handlers/<name>/index.ts`), in the order they run. */
export const LAMBDA_STEPS = {
  prepare: lambdaStep<PrepareEvent, RunPlan>()({
    state: 'Prepare',
    description: 'Validates the execution input and picks the report date',
    memorySize: 256,
    timeoutSeconds: 30,
    resultPath: 'run',
    resultKeys: ['reportDate', 'executionDate', 'crawlers', 'datasetIds'],
    eventKeys: ['input', 'executionStartTime'],
    describe: (run) => `report date ${run.reportDate}, run date ${run.executionDate}`,
  }),
  'check-tables': lambdaStep<CheckTablesEvent, TableCheck>()({
    state: 'CheckTables',
    description: "Checks that each crawled report table has the report's columns",
    memorySize: 256,
    timeoutSeconds: 30,
    resultPath: 'catalog',
    resultKeys: ['tables'],
    eventKeys: ['crawled'],
    describe: (check) => check.tables.map((table) => `${table.table} (${table.columns} columns)`).join(', '),
  }),
  // Issue 11: user_report and by_user_analytic read by header into the canonical tables, new or changed files only.
  'plan-normalise': lambdaStep<PlanNormaliseEvent, NormalisePlan>()({
    state: 'PlanNormalise',
    description: 'Lists the report files and writes the new or changed ones as batches',
    memorySize: 512,
    timeoutSeconds: 300,
    resultPath: 'normalise',
    resultKeys: ['files', 'changed', 'batches', 'dataQuality'],
    eventKeys: ['reportDate', 'executionName'],
    describe: (plan) => `${plan.files} report files, ${plan.changed} new or changed, ${plan.batches.length} batches`,
  }),
  'normalise-reports': mapLambdaStep<NormaliseBatchEvent, NormalisedBatch>()({
    state: 'NormaliseReportBatch',
    mapState: 'NormaliseReports',
    description: 'Reads one batch of report files by header into the canonical tables',
    memorySize: 1024,
    timeoutSeconds: 900,
    resultPath: 'normalised',
    resultKeys: ['key', 'files', 'rows', 'modelRows', 'dataQuality'],
    eventKeys: ['key', 'reportDate'],
    describe: (batches) =>
      `${batches.reduce((sum, batch) => sum + batch.files, 0)} files read, ${batches.reduce((sum, batch) => sum + batch.modelRows, 0)} model counts`,
  }),
  'render-views': lambdaStep<Record<never, never>, ViewPlan>()({
    state: 'RenderViews',
    description: 'Renders the view statements from the bundled SQL files',
    memorySize: 256,
    timeoutSeconds: 30,
    bundleSqlFiles: true,
    resultPath: 'viewPlan',
    resultKeys: ['statements'],
    eventKeys: [],
    describe: (plan) => `${plan.statements.length} view statements`,
  }),
  'check-data': lambdaStep<CheckDataEvent, DataCheck>()({
    state: 'CheckData',
    description: 'Counts the report rows of the day, finds the newest report date and leaves out the data alerts told for the day',
    memorySize: 256,
    timeoutSeconds: 300,
    resultPath: 'data',
    resultKeys: ['reportDate', 'hasData', 'rowsForDay', 'creditsRows', 'activityRows', 'newestDate', 'daysBehind', 'stale', 'subject', 'message', 'quality'],
    eventKeys: ['reportDate', 'executionDate'],
    // creditsRows, activityRows and daysBehind are for operators reading the execution history;
    // what the data_quality alert says is added only when there is something to say.
    describe: (data) =>
      `${data.rowsForDay} rows for the day, newest data ${data.newestDate ?? 'none'}${data.stale ? ' (stale)' : ''}` +
      (data.quality.alert
        ? `, ${data.quality.issueFiles} file(s) with unread lines, ${data.quality.futureRows} future row(s), ` +
          `${Object.values(data.quality.dayIssues).reduce((sum, rows) => sum + rows, 0)} row issue(s), ` +
          `${data.quality.billingSemantics.contradictions.length} billing setting(s) to change`
        : ''),
  }),
  // Issue 13: the members of the configured Identity Center groups (teams, seats), once per run.
  'read-groups': lambdaStep<ReadGroupsEvent, GroupsRead>()({
    state: 'ReadGroupMemberships',
    description: 'Reads the members of the configured Identity Center groups into one snapshot',
    memorySize: 256,
    timeoutSeconds: 300,
    resultPath: 'groups',
    resultKeys: ['key', 'groups', 'missingGroups', 'members'],
    eventKeys: ['executionDate', 'executionName'],
    describe: (read) => `${read.groups} groups read, ${read.missingGroups} not found, ${read.members} members`,
  }),
  'find-users': lambdaStep<FindUsersEvent, UserLookupPlan>()({
    state: 'FindUsersToResolve',
    description: 'Finds new and stale-name user ids and writes them in batches',
    memorySize: 512,
    timeoutSeconds: 600,
    resultPath: 'lookup',
    resultKeys: ['newUsers', 'refreshUsers', 'batches'],
    eventKeys: ['executionDate', 'executionName'],
    describe: (lookup) => `${lookup.newUsers} new ids, ${lookup.refreshUsers} names to refresh, ${lookup.batches.length} batches`,
  }),
  'resolve-users': mapLambdaStep<ResolveBatchEvent, ResolvedBatch>()({
    state: 'ResolveUserBatch',
    mapState: 'ResolveUsers',
    description: 'Resolves one batch of user ids through Identity Center',
    memorySize: 512,
    timeoutSeconds: 600,
    resultPath: 'resolved',
    resultKeys: ['key', 'resolved', 'deleted'],
    eventKeys: ['key', 'batchIndex', 'executionDate', 'executionName'],
    describe: (batches) => `${total(batches, 'resolved')} resolved, ${total(batches, 'deleted')} deleted`,
  }),
  'detect-spikes': lambdaStep<DetectSpikesEvent, SpikeReport>()({
    state: 'DetectSpikes',
    description: 'Detects overage spikes per person and for the team, leaving out what was told for the day',
    memorySize: 256,
    timeoutSeconds: 300,
    resultPath: 'spikes',
    resultKeys: ['alert', 'subject', 'message', 'spikingUsers', 'teamOverageCredits', 'teamOverageUsd', 'teamAlert'],
    eventKeys: ['reportDate'],
    describe: (spikes) => `${spikes.spikingUsers.length} spiking people, team overage $${spikes.teamOverageUsd.toFixed(2)}`,
  }),
  // Issue 12: the allowance and forecast alerts, each notice told once a month.
  'evaluate-foresight': lambdaStep<Record<never, never>, ForesightReport>()({
    state: 'EvaluateForesight',
    description: 'Finds the plan allowances and the month forecast to alert about, leaving out what was told this month',
    memorySize: 256,
    timeoutSeconds: 300,
    resultPath: 'foresight',
    resultKeys: ['month', 'allowance', 'forecast', 'suppressed'],
    eventKeys: [],
    describe: (report) =>
      `${report.allowance.notices.length} allowance and ${report.forecast.notices.length} forecast notices to tell, ` +
      `${report.suppressed.allowance + report.suppressed.forecast} told before`,
  }),
  // Issue 13: last month's statement (once, on the first run in a new month) and the mid-month reminder.
  'build-statement': lambdaStep<Record<never, never>, StatementReport>()({
    state: 'BuildStatement',
    description: "Builds last month's statement (SNS message, CSV and HTML) and the mid-month reminder, each once a month",
    memorySize: 256,
    timeoutSeconds: 300,
    resultPath: 'statement',
    resultKeys: ['month', 'statement', 'files', 'reminderMonth', 'reminder', 'suppressed'],
    eventKeys: [],
    describe: (report) =>
      `${report.statement.alert ? `statement of ${report.month} to send (${report.files.length} files written)` : 'no statement to send'}, ` +
      `${report.reminder.alert ? `reminder of ${report.reminderMonth} to send` : 'no reminder to send'}, ` +
      `${report.suppressed.statement + report.suppressed.reminder} told before`,
  }),
  // Its event is the whole state: it reads what the publish states left. The state is reached
  // after CheckData's alerts when one went out, and again after the foresight alerts.
  'record-alerts-sent': lambdaStep<Record<never, never>, RecordedAlerts>()({
    state: 'RecordAlertsSent',
    description: 'Records the alert notices SNS accepted, so a re-run or backfill does not tell them again',
    memorySize: 256,
    timeoutSeconds: 30,
    resultPath: 'alertRecord',
    resultKeys: ['key', 'recorded'],
    eventKeys: 'state',
    describe: (result) => `${result.recorded} notices recorded`,
  }),
  // Its event is the whole state: PipelineState, derived below from this table.
  summarise: lambdaStep<Record<never, never>, RunSummary>()({
    state: 'Summarise',
    description: 'Builds the compact execution summary',
    memorySize: 256,
    timeoutSeconds: 30,
    resultPath: null,
    resultKeys: ['status', 'reportDate', 'rowsSeen', 'viewsCreated', 'usersResolved', 'alertsSent', 'alertsSuppressed', 'dataQuality', 'ingestions', 'reportIssues'],
    eventKeys: 'state',
    // The summary itself follows the progress lines.
    describe: () => '',
  }),
} as const;

/** A handler folder under `handlers/`. */
export type HandlerName = keyof typeof LAMBDA_STEPS;

/** The handler folders, in the order their steps run. */
export const HANDLER_NAMES = Object.keys(LAMBDA_STEPS) as HandlerName[];

/** What a step's handler returns. */
export type StepResult<H extends HandlerName> = NonNullable<(typeof LAMBDA_STEPS)[H]['resultType']>;

/** The name of a Lambda step's Task state. */
export type LambdaStateName = (typeof LAMBDA_STEPS)[HandlerName]['state'];

/** What one SNS publish state leaves in the state: the message id. */
export interface PublishedAlert {
  messageId: string;
}

/**
 * The alerts a run can publish (the failure alert aside): each state's `alert_kind` and result
 * path. Each is told once (handlers/record-alerts-sent/alert-record.ts keeps what was told):
 * data_quality, stale_data and spike once per report date, allowance and forecast once a month,
 * the monthly statement once per month stated, the mid-month reminder (a `forecast`) once a month.
 */
export const ALERT_STEPS = [
  { state: 'PublishDataQualityAlert', alertKind: 'data_quality', resultPath: 'dataQualityAlert' },
  { state: 'PublishStaleAlert', alertKind: 'stale_data', resultPath: 'staleAlert' },
  { state: 'PublishSpikeAlert', alertKind: 'spike', resultPath: 'spikeAlert' },
  { state: 'PublishAllowanceAlert', alertKind: 'allowance', resultPath: 'allowanceAlert' },
  { state: 'PublishForecastAlert', alertKind: 'forecast', resultPath: 'forecastAlert' },
  { state: 'PublishMonthlyStatement', alertKind: 'monthly_statement', resultPath: 'statementAlert' },
  { state: 'PublishReminder', alertKind: 'forecast', resultPath: 'reminderAlert' },
] as const;

/** `alert_kind` of an alert a successful run can publish. */
export type AlertKind = (typeof ALERT_STEPS)[number]['alertKind'];

/** The failure alert: published by NotifyFailure on every failed run. */
export const FAILURE_ALERT = { state: 'NotifyFailure', alertKind: 'failure', resultPath: 'failureAlert' } as const;

/**
 * The overlap alert: published by PublishOverlapAlert when an earlier execution was still running
 * after `overlap.waitMinutes`; the run then fails with `EarlierRunStillRunning` without doing anything.
 */
export const OVERLAP_ALERT = { state: 'PublishOverlapAlert', alertKind: 'overlap', resultPath: 'overlapAlert' } as const;

type Steps = typeof LAMBDA_STEPS;
type Landed<S> = S extends LambdaStep<unknown, infer L> ? L : never;

/** What the Lambda steps leave in the state, by result path. */
export type LambdaResults = {
  [H in HandlerName as Steps[H]['resultPath'] & string]: Landed<Steps[H]>;
};

/** What the alert steps leave in the state, by result path. */
export type AlertResults = { [A in (typeof ALERT_STEPS)[number] as A['resultPath']]: PublishedAlert };

/** What the service-integration Maps leave in the state. */
export interface ServiceResults {
  /** CreateViews: one entry per view created. */
  views: { view: string }[];
  /** RefreshSpice: one entry per dataset refreshed. */
  ingestions: { datasetId: string; status: string }[];
}

/**
 * The state as Summarise receives it. Every part is optional: on the no-data path the lookup,
 * resolve, spike and SPICE steps never ran.
 */
export type PipelineState = Partial<LambdaResults & AlertResults & ServiceResults>;

/** `${<Name>FunctionArn}`: the placeholder of a handler's function ARN in the definition. */
export function functionArnKey(handler: HandlerName): string {
  return `${pascalCase(handler)}FunctionArn`;
}

/** `find-users` → `FindUsers`: the handler's name in CloudFormation ids and placeholders. */
export function pascalCase(handler: HandlerName): string {
  return handler.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

/** What the definition's placeholders stand for, apart from the function ARNs. */
export interface DefinitionValues {
  functionArn: (handler: HandlerName) => string;
  alertTopicArn: string;
  athenaWorkGroup: string;
  glueDatabase: string;
  accountId: string;
  region: string;
  /** Minutes an execution waits for an earlier running one (`overlap.waitMinutes`): its polls, one a minute. */
  overlapWaitMinutes: number;
  /** The datasets RefreshSpice refreshes incrementally (the deployed daily ones); the others fully. None when absent. */
  incrementalDatasetIds?: readonly string[];
}

/** Every `definitionSubstitutions` value of the definition. */
export function definitionSubstitutions(values: DefinitionValues): Record<string, string> {
  return {
    ...Object.fromEntries(HANDLER_NAMES.map((handler) => [functionArnKey(handler), values.functionArn(handler)])),
    AlertTopicArn: values.alertTopicArn,
    AthenaWorkGroup: values.athenaWorkGroup,
    GlueDatabase: values.glueDatabase,
    AccountId: values.accountId,
    Region: values.region,
    // A number inside a string: the definition reads it with States.StringToJson.
    OverlapWaitMinutes: String(values.overlapWaitMinutes),
    // A list inside a string: the definition splits it with States.StringSplit (ids hold no comma).
    IncrementalDatasetIds: (values.incrementalDatasetIds ?? []).join(','),
  };
}

function total(items: readonly ResolvedBatch[], field: 'resolved' | 'deleted'): number {
  return items.reduce((sum, item) => sum + item[field], 0);
}
