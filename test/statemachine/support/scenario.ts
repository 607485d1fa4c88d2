import { createHandler as createCheckTablesHandler } from '../../../handlers/check-tables/handler.js';
import { createHandler as createPrepareHandler } from '../../../handlers/prepare/handler.js';
import { createHandler as createSummariseHandler } from '../../../handlers/summarise/handler.js';
import { bindTaskStates } from '../../../local/aws/step-functions/bind-tasks.js';
import type { AslDefinition } from '../../../local/aws/step-functions/definition.js';
import { lambdaHandler, type LocalHandler } from '../../../local/aws/step-functions/handlers.js';
import { LOCAL_STATE_MACHINE_ARN, runLocally, type ExecutionOutcome } from '../../../local/aws/step-functions/run.js';
import { HANDLER_NAMES, LAMBDA_STEPS, type HandlerName, type LambdaStateName, type StepResult } from '../../../statemachines/steps.js';
import { testSettings } from '../../unit/support/settings.js';
import {
  FakeAthena,
  FakeGlue,
  FakeQuickSight,
  FakeSns,
  FakeStepFunctions,
  crawlsSuccessfully,
  type CrawlerScript,
  type IngestionSnapshot,
  type ListedExecution,
  type ServiceError,
} from './fake-aws.js';
import { loadPipelineDefinition } from './pipeline-definition.js';
import type { DataQuality } from '../../../handlers/check-data/evaluate-quality.js';
import { NO_BILLING_EVIDENCE } from '../../unit/support/billing.js';

/** Names of the fake report crawlers Prepare hands out. */
export const CRAWLERS = ['kiro-test-user-report', 'kiro-test-by-user-analytic'] as const;
export const REPORT_DATE = '2026-07-10';
export const EXECUTION_DATE = '2026-07-11';
export const EXECUTION_NAME = 'daily-2026-07-11';
/** `$$.Execution.Id` of the execution under test (the local runner's made-up ARN). */
export const EXECUTION_ARN = `arn:aws:states:us-east-1:111122223333:execution:kiro-activity-pipeline:${EXECUTION_NAME}`;
/** An execution of the same state machine started before the one under test. */
export const EARLIER_EXECUTION: ListedExecution = {
  ExecutionArn: 'arn:aws:states:us-east-1:111122223333:execution:kiro-activity-pipeline:backfill-2026-07-01',
  Name: 'backfill-2026-07-01',
  StateMachineArn: LOCAL_STATE_MACHINE_ARN,
  Status: 'RUNNING',
  StartDate: '2026-07-11T02:40:00.000Z',
};
/** The interpreter stamps the real time; Prepare sees this start instead, so dates are fixed. */
const EXECUTION_START = `${EXECUTION_DATE}T03:00:00.000Z`;

type Payload = Record<string, unknown>;

/** CheckData's `quality` when the data has nothing wrong with it. */
export const NO_QUALITY_ISSUES: DataQuality = {
  alert: false, futureRows: 0, issueFiles: 0, files: [], dayIssues: {}, billingSemantics: NO_BILLING_EVIDENCE, subject: '', message: '',
};
type StateOf<H extends HandlerName> = (typeof LAMBDA_STEPS)[H]['state'];

/** A stand-in Lambda, by state name: the payload in, a result of the handler's own type out. */
export type PipelineLambdas = {
  [H in HandlerName as StateOf<H>]: (event: Payload) => StepResult<H> | Promise<StepResult<H>>;
};

/** What a test can change; everything else is a quiet, successful day. */
export interface ScenarioOptions {
  crawlers?: Partial<Record<(typeof CRAWLERS)[number], CrawlerScript>>;
  failingViews?: Record<string, string>;
  /** Per view statement fragment: errors CreateView meets, one per attempt, before it succeeds. */
  viewErrors?: Record<string, ServiceError[]>;
  /** Columns GetTable lists per table (`null`: no such table); unnamed tables have the report's columns. */
  tables?: Record<string, string[] | null>;
  /** An earlier execution RUNNING for this many ListExecutions calls (`Infinity`: for good). */
  earlierRunningFor?: number;
  datasets?: Record<string, IngestionSnapshot[]>;
  lambdas?: Partial<PipelineLambdas>;
}

const VIEW_FILES = [
  ['credits_daily', '01_credits_daily.sql'],
  ['activity_daily', '02_activity_daily.sql'],
  ['user_directory', '03_user_directory.sql'],
  ['credits_by_person', '05_credits_by_person.sql'],
  ['activity_by_person', '06_activity_by_person.sql'],
] as const;

/**
 * The whole outside world of one pipeline run, in memory: fake AWS services, the real Prepare
 * and Summarise handlers, stand-ins for the Lambdas that query Athena or Identity Center, and
 * what each Lambda was called with.
 */
export class Scenario {
  readonly glue: FakeGlue;
  readonly athena: FakeAthena;
  readonly sns = new FakeSns();
  readonly quicksight: FakeQuickSight;
  readonly stepFunctions: FakeStepFunctions;
  readonly lambdaCalls = Object.fromEntries(HANDLER_NAMES.map((handler) => [LAMBDA_STEPS[handler].state, []])) as unknown as Record<
    LambdaStateName,
    Payload[]
  >;
  private readonly lambdas: PipelineLambdas;

  constructor(options: ScenarioOptions = {}) {
    this.glue = new FakeGlue({
      [CRAWLERS[0]]: options.crawlers?.[CRAWLERS[0]] ?? crawlsSuccessfully,
      [CRAWLERS[1]]: options.crawlers?.[CRAWLERS[1]] ?? crawlsSuccessfully,
    }, options.tables);
    this.athena = new FakeAthena(options.failingViews, options.viewErrors);
    const self: ListedExecution = { ...EARLIER_EXECUTION, ExecutionArn: EXECUTION_ARN, Name: EXECUTION_NAME, StartDate: EXECUTION_START };
    this.stepFunctions = new FakeStepFunctions(
      self,
      options.earlierRunningFor === undefined ? undefined : { execution: EARLIER_EXECUTION, runningFor: options.earlierRunningFor },
    );
    const datasets = options.datasets ?? { 'dataset-credits': [{ IngestionStatus: 'RUNNING' }, { IngestionStatus: 'COMPLETED' }] };
    this.quicksight = new FakeQuickSight(datasets);
    const prepare = createPrepareHandler({ settings: testSettings({ crawlerNames: [...CRAWLERS], quicksightDatasetIds: Object.keys(datasets) }) });
    this.lambdas = {
      Prepare: (event) => prepare({ ...event, executionStartTime: EXECUTION_START }),
      CheckTables: createCheckTablesHandler({}),
      PlanNormalise: (event) => ({
        files: 12,
        changed: 3,
        batches: [{ key: `work/${String(event.executionName)}/normalise-0001.json`, count: 3 }],
        dataQuality: { unknown_client: 2 },
      }),
      NormaliseReportBatch: (event) => ({ key: String(event.key), files: 3, rows: 40, modelRows: 90, dataQuality: { bad_date: 1 } }),
      RenderViews: () => ({
        statements: VIEW_FILES.map(([view, file]) => ({ view, file, sql: `CREATE OR REPLACE VIEW ${view} AS SELECT 1 AS one` })),
      }),
      CheckData: (event) => ({
        reportDate: String(event.reportDate), hasData: true, rowsForDay: 42, creditsRows: 30, activityRows: 12,
        newestDate: String(event.reportDate), daysBehind: 1, stale: false, subject: '', message: 'Data for the day is present.',
        quality: NO_QUALITY_ISSUES,
      }),
      ReadGroupMemberships: (event) => ({
        key: `group-membership/read_date=${String(event.executionDate)}/${String(event.executionName)}.json.gz`,
        groups: 2,
        missingGroups: 0,
        members: 7,
      }),
      FindUsersToResolve: () => ({
        newUsers: 3,
        refreshUsers: 501,
        batches: [{ key: `work/${EXECUTION_NAME}/ids-0.json`, count: 500 }, { key: `work/${EXECUTION_NAME}/ids-1.json`, count: 4 }],
      }),
      ResolveUserBatch: (event) => ({
        key: `user-mapping/resolved_date=${String(event.executionDate)}/${String(event.executionName)}-${String(event.batchIndex)}.json`,
        resolved: 10,
        deleted: 1,
      }),
      DetectSpikes: () => ({
        alert: false, subject: '', message: '', spikingUsers: [], teamOverageCredits: 0, teamOverageUsd: 0, teamAlert: false,
      }),
      EvaluateForesight: () => ({
        month: '2026-07',
        allowance: { alert: false, subject: '', message: '', notices: [] },
        forecast: { alert: false, subject: '', message: '', notices: [] },
        suppressed: { allowance: 0, forecast: 0 },
      }),
      BuildStatement: () => ({
        month: null,
        statement: { alert: false, subject: '', message: '', notices: [] },
        files: [],
        reminderMonth: null,
        reminder: { alert: false, subject: '', message: '', notices: [] },
        suppressed: { statement: 0, reminder: 0 },
      }),
      RecordAlertsSent: () => ({ key: null, recorded: 0 }),
      Summarise: createSummariseHandler({}),
      ...options.lambdas,
    };
  }

  /** Runs the pipeline definition against this scenario. */
  async run(input: unknown = {}): Promise<ExecutionOutcome> {
    const definition = await pipelineDefinition();
    return runLocally(definition, { input, executionName: EXECUTION_NAME, handlers: this.handlers(definition) });
  }

  private handlers(definition: AslDefinition): Record<string, LocalHandler> {
    const lambda = (handler: HandlerName): LocalHandler => {
      const state = LAMBDA_STEPS[handler].state;
      const run = this.lambdas[state] as (event: Payload) => unknown;
      return lambdaHandler((event: Payload) => {
        this.lambdaCalls[state].push(event);
        return run(event);
      });
    };
    return bindTaskStates(definition, {
      lambdas: Object.fromEntries(HANDLER_NAMES.map((handler) => [handler, lambda(handler)])) as Record<HandlerName, LocalHandler>,
      services: {
        startCrawler: this.glue.startCrawler,
        getCrawler: this.glue.getCrawler,
        startQueryExecution: this.athena.startQueryExecution,
        // Late-bound: a test may replace sns.publish after construction.
        publish: (input) => this.sns.publish(input),
        createIngestion: this.quicksight.createIngestion,
        describeIngestion: this.quicksight.describeIngestion,
        listExecutions: this.stepFunctions.listExecutions,
        getTable: this.glue.getTable,
      },
    });
  }
}

let cached: Promise<AslDefinition> | undefined;
function pipelineDefinition(): Promise<AslDefinition> {
  cached ??= loadPipelineDefinition();
  return cached;
}
