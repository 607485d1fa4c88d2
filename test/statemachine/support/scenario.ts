import type { AslDefinition } from '../../../local/state-machine/definition.js';
import { lambdaHandler, namedError, type LocalHandler } from '../../../local/state-machine/handlers.js';
import { runLocally, type ExecutionOutcome } from '../../../local/state-machine/run.js';
import { FakeAthena, FakeGlue, FakeQuickSight, FakeSns, crawlsSuccessfully, type CrawlerScript, type IngestionSnapshot } from './fake-aws.js';
import { loadPipelineDefinition } from './pipeline-definition.js';

/** Names of the fake report crawlers Prepare hands out. */
export const CRAWLERS = ['kiro-test-user-report', 'kiro-test-by-user-analytic'] as const;
export const REPORT_DATE = '2026-07-10';
export const EXECUTION_DATE = '2026-07-11';
export const EXECUTION_NAME = 'daily-2026-07-11';

type Payload = Record<string, unknown>;
/** A fake Lambda: the payload in, the handler's answer out. */
export type FakeLambda = (event: Payload) => unknown;

/** The seven Lambda states, by state name. */
export interface PipelineLambdas {
  Prepare: FakeLambda;
  RenderViews: FakeLambda;
  CheckData: FakeLambda;
  FindUsersToResolve: FakeLambda;
  ResolveUserBatch: FakeLambda;
  DetectSpikes: FakeLambda;
  Summarise: FakeLambda;
}

/** What a test can change; everything else is a quiet, successful day. */
export interface ScenarioOptions {
  crawlers?: Partial<Record<(typeof CRAWLERS)[number], CrawlerScript>>;
  failingViews?: Record<string, string>;
  datasets?: Record<string, IngestionSnapshot[]>;
  lambdas?: Partial<PipelineLambdas>;
}

const VIEW_FILES = [
  ['credits_daily', '01_credits_daily.sql'],
  ['activity_daily', '02_activity_daily.sql'],
  ['user_directory', '03_user_directory.sql'],
  ['credits_by_person', '04_credits_by_person.sql'],
  ['activity_by_person', '05_activity_by_person.sql'],
] as const;

/** Stand-in for Prepare: the real one's date check, enough to exercise the InvalidInput path. */
function prepare(event: Payload, datasetIds: string[]): unknown {
  const input = event.input as { reportDate?: string };
  const reportDate = input.reportDate ?? REPORT_DATE;
  const parsed = new Date(`${reportDate}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== reportDate) {
    throw namedError('InvalidInput', `reportDate "${reportDate}" is not a calendar date (YYYY-MM-DD)`);
  }
  return { reportDate, executionDate: EXECUTION_DATE, crawlers: [...CRAWLERS], datasetIds };
}

/** Stand-in for Summarise: reads the state the way the contract describes it. */
function summarise(state: Payload): unknown {
  const data = state.data as { hasData: boolean; rowsForDay: number };
  const lookup = state.lookup as { newUsers: number; refreshUsers: number } | undefined;
  const resolved = (state.resolved as Array<{ resolved: number; deleted: number }> | undefined) ?? [];
  const alertsSent = [state.staleAlert && 'stale_data', state.spikeAlert && 'spike'].filter(Boolean);
  return {
    status: data.hasData ? 'SUCCEEDED' : 'NO_DATA',
    reportDate: (state.run as { reportDate: string }).reportDate,
    rowsSeen: data.rowsForDay,
    viewsCreated: (state.views as unknown[]).length,
    usersResolved: {
      new: lookup?.newUsers ?? 0,
      refreshed: lookup?.refreshUsers ?? 0,
      resolved: resolved.reduce((sum, batch) => sum + batch.resolved, 0),
      deleted: resolved.reduce((sum, batch) => sum + batch.deleted, 0),
    },
    alertsSent,
    ingestions: state.ingestions ?? [],
  };
}

/**
 * The whole outside world of one pipeline run, in memory: fake AWS services, fake Lambdas, what
 * each Lambda was called with and which user-mapping files were written.
 */
export class Scenario {
  readonly glue: FakeGlue;
  readonly athena: FakeAthena;
  readonly sns = new FakeSns();
  readonly quicksight: FakeQuickSight;
  readonly lambdaCalls: Record<keyof PipelineLambdas, Payload[]> = {
    Prepare: [], RenderViews: [], CheckData: [], FindUsersToResolve: [], ResolveUserBatch: [], DetectSpikes: [], Summarise: [],
  };
  readonly mappingFiles: string[] = [];
  private readonly lambdas: PipelineLambdas;

  constructor(options: ScenarioOptions = {}) {
    this.glue = new FakeGlue({
      [CRAWLERS[0]]: options.crawlers?.[CRAWLERS[0]] ?? crawlsSuccessfully,
      [CRAWLERS[1]]: options.crawlers?.[CRAWLERS[1]] ?? crawlsSuccessfully,
    });
    this.athena = new FakeAthena(options.failingViews);
    const datasets = options.datasets ?? { 'dataset-credits': [{ IngestionStatus: 'RUNNING' }, { IngestionStatus: 'COMPLETED' }] };
    this.quicksight = new FakeQuickSight(datasets);
    this.lambdas = {
      Prepare: (event) => prepare(event, Object.keys(datasets)),
      RenderViews: () => ({
        statements: VIEW_FILES.map(([view, file]) => ({ view, file, sql: `CREATE OR REPLACE VIEW ${view} AS SELECT 1 AS one` })),
      }),
      CheckData: (event) => ({
        reportDate: event.reportDate, hasData: true, rowsForDay: 42, creditsRows: 30, activityRows: 12,
        newestDate: event.reportDate, daysBehind: 1, stale: false, subject: '', message: 'Data for the day is present.',
      }),
      FindUsersToResolve: () => ({
        newUsers: 3,
        refreshUsers: 501,
        batches: [{ key: `work/${EXECUTION_NAME}/ids-0.json`, count: 500 }, { key: `work/${EXECUTION_NAME}/ids-1.json`, count: 4 }],
      }),
      ResolveUserBatch: (event) => {
        const key = `user-mapping/resolved_date=${String(event.executionDate)}/${String(event.executionName)}-${String(event.batchIndex)}.json`;
        this.mappingFiles.push(key);
        return { key, resolved: 10, deleted: 1 };
      },
      DetectSpikes: () => ({
        alert: false, subject: '', message: '', spikingUsers: [], teamOverageCredits: 0, teamOverageUsd: 0, teamAlert: false,
      }),
      Summarise: summarise,
      ...options.lambdas,
    };
  }

  /** Runs the pipeline definition against this scenario. */
  async run(input: unknown = {}): Promise<ExecutionOutcome> {
    return runLocally(await pipelineDefinition(), {
      input,
      executionName: EXECUTION_NAME,
      handlers: this.handlers(),
    });
  }

  private handlers(): Record<string, LocalHandler> {
    const lambdas = Object.fromEntries(
      (Object.keys(this.lambdas) as Array<keyof PipelineLambdas>).map((state) => [
        state,
        lambdaHandler((event: Payload) => {
          this.lambdaCalls[state].push(event);
          return this.lambdas[state](event);
        }),
      ]),
    );
    return {
      ...lambdas,
      StartCrawler: this.glue.startCrawler,
      GetCrawler: this.glue.getCrawler,
      CreateView: this.athena.startQueryExecution,
      PublishStaleAlert: this.sns.publish,
      PublishSpikeAlert: this.sns.publish,
      NotifyFailure: this.sns.publish,
      CreateIngestion: this.quicksight.createIngestion,
      DescribeIngestion: this.quicksight.describeIngestion,
    };
  }
}

let cached: Promise<AslDefinition> | undefined;
function pipelineDefinition(): Promise<AslDefinition> {
  cached ??= loadPipelineDefinition();
  return cached;
}
