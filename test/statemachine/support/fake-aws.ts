import type { GetQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Crawler, GetCrawlerResponse, GetTableResponse } from '@aws-sdk/client-glue';
import type { CreateIngestionResponse, DescribeIngestionResponse, Ingestion, IngestionErrorType } from '@aws-sdk/client-quicksight';
import type { ExecutionListItem, ListExecutionsOutput } from '@aws-sdk/client-sfn';
import type { PublishResponse } from '@aws-sdk/client-sns';
import { REQUIRED_COLUMNS } from '../../../handlers/check-tables/check-tables.js';
import type { Assert, ModelledBy, SdkResultPart } from '../../../local/aws/sdk-results.js';
import { namedError } from '../../../local/aws/step-functions/handlers.js';

/** One answer of glue:GetCrawler, as Step Functions' aws-sdk integration returns it. */
export interface CrawlerSnapshot {
  State: 'READY' | 'RUNNING' | 'STOPPING';
  LastCrawl?: { Status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; ErrorMessage?: string };
}
/** The snapshot's members and values are Glue's (the SDK's Crawler type). */
export type CrawlerSnapshotIsModelled = Assert<ModelledBy<CrawlerSnapshot, SdkResultPart<Crawler>>>;

/** How a fake crawler behaves: whether it is already running, and what each GetCrawler call sees. */
export interface CrawlerScript {
  alreadyRunning?: boolean;
  /** Successive GetCrawler answers; the last one repeats. */
  snapshots: CrawlerSnapshot[];
}

/** A crawler that runs once and succeeds. */
export const crawlsSuccessfully: CrawlerScript = {
  snapshots: [{ State: 'RUNNING' }, { State: 'READY', LastCrawl: { Status: 'SUCCEEDED' } }],
};

/** Glue crawlers driven by scripts, recording StartCrawler and GetCrawler calls. */
export class FakeGlue {
  readonly started: string[] = [];
  readonly polls = new Map<string, number>();
  readonly tableRequests: Array<{ DatabaseName: string; Name: string }> = [];
  /** Per crawler: StartCrawler throws these, one per call, before it succeeds. */
  readonly startErrors: Record<string, ServiceError[]> = {};

  /**
   * `tables`: the columns GetTable lists per table, `null` for a table the crawl did not make;
   * a table not named has the report's required columns.
   */
  constructor(
    private readonly crawlers: Record<string, CrawlerScript>,
    private readonly tables: Record<string, string[] | null> = {},
  ) {}

  startCrawler = async (input: unknown): Promise<unknown> => {
    const { Name } = input as { Name: string };
    const next = this.startErrors[Name]?.shift();
    if (next) throw serviceError(next);
    if (this.script(Name).alreadyRunning) {
      throw namedError('Glue.CrawlerRunningException', `Crawler with name ${Name} has already started`);
    }
    this.started.push(Name);
    return {};
  };

  getCrawler = async (input: unknown): Promise<unknown> => {
    const { Name } = input as { Name: string };
    const { snapshots } = this.script(Name);
    const count = this.polls.get(Name) ?? 0;
    this.polls.set(Name, count + 1);
    return { Crawler: { Name, ...snapshots[Math.min(count, snapshots.length - 1)] } } satisfies SdkResultPart<GetCrawlerResponse>;
  };

  getTable = async (input: unknown): Promise<unknown> => {
    const request = input as { DatabaseName: string; Name: string };
    this.tableRequests.push(request);
    const columns = request.Name in this.tables ? this.tables[request.Name] : REQUIRED_COLUMNS[request.Name as keyof typeof REQUIRED_COLUMNS];
    if (columns === null || columns === undefined) {
      throw namedError('Glue.EntityNotFoundException', `Table ${request.Name} not found. (Service: AWSGlue; Status Code: 400; Error Code: EntityNotFoundException)`);
    }
    return {
      Table: {
        Name: request.Name,
        DatabaseName: request.DatabaseName,
        StorageDescriptor: { Columns: columns.map((Name) => ({ Name, Type: 'string' })) },
        PartitionKeys: [{ Name: 'partition_0', Type: 'string' }],
      },
    } satisfies SdkResultPart<GetTableResponse>;
  };

  private script(name: string): CrawlerScript {
    const script = this.crawlers[name];
    if (!script) throw namedError('Glue.EntityNotFoundException', `Crawler ${name} not found`);
    return script;
  }
}

/** A published SNS message, as the sns:publish task passed it. */
export interface PublishedMessage {
  TopicArn: string;
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: string; StringValue: string }>;
}

/** An SNS topic that keeps what was published. */
export class FakeSns {
  readonly published: PublishedMessage[] = [];

  publish = async (input: unknown): Promise<unknown> => {
    this.published.push(input as PublishedMessage);
    return { MessageId: `message-${this.published.length}` } satisfies SdkResultPart<PublishResponse>;
  };

  /** Messages whose `alert_kind` attribute is `kind`. */
  ofKind(kind: string): PublishedMessage[] {
    return this.published.filter((message) => message.MessageAttributes.alert_kind?.StringValue === kind);
  }
}

/** A query as the athena:startQueryExecution.sync task passed it. */
export interface AthenaQuery {
  QueryString: string;
  WorkGroup: string;
  QueryExecutionContext: { Database: string };
}

/** Athena running DDL; a query containing a `failing` key fails the way the .sync integration reports it. */
export class FakeAthena {
  readonly queries: AthenaQuery[] = [];
  private readonly errorsLeft: Map<string, ServiceError[]>;

  /**
   * `failing`: a query containing the key fails for good, the way the .sync integration reports
   * a FAILED query. `errors`: a query containing the key throws these errors, one per call, in
   * order, then succeeds.
   */
  constructor(
    private readonly failing: Record<string, string> = {},
    errors: Record<string, ServiceError[]> = {},
  ) {
    this.errorsLeft = new Map(Object.entries(errors).map(([fragment, list]) => [fragment, [...list]]));
  }

  startQueryExecution = async (input: unknown): Promise<unknown> => {
    const query = input as AthenaQuery;
    this.queries.push(query);
    const failure = Object.entries(this.failing).find(([fragment]) => query.QueryString.includes(fragment));
    if (failure) throw namedError('States.TaskFailed', failure[1]);
    const [, scripted] = [...this.errorsLeft].find(([fragment, left]) => left.length > 0 && query.QueryString.includes(fragment)) ?? [];
    const next = scripted?.shift();
    if (next) throw serviceError(next);
    return { QueryExecution: { QueryExecutionId: `query-${this.queries.length}`, Status: { State: 'SUCCEEDED' } } } satisfies SdkResultPart<GetQueryExecutionOutput>;
  };
}

/** An error a fake service throws: its Step Functions name and message; no message stands for an error without a Cause. */
export interface ServiceError {
  name: string;
  message?: string;
}

/** Athena throttling StartQueryExecution, as the integration names it. */
export const ATHENA_THROTTLED: ServiceError = { name: 'Athena.TooManyRequestsException', message: 'Rate exceeded' };

/** `count` copies of `error`. */
export function times(count: number, error: ServiceError): ServiceError[] {
  return Array.from({ length: count }, () => error);
}

function serviceError({ name, message }: ServiceError): Error {
  const error = namedError(name, message ?? '');
  // The interpreter passes `message` on as the Cause: none at all, as for States.Timeout in AWS.
  if (message === undefined) Object.defineProperty(error, 'message', { value: undefined });
  return error;
}

/** One answer of quicksight:DescribeIngestion (the Ingestion object). */
export interface IngestionSnapshot {
  IngestionStatus: 'INITIALIZED' | 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  ErrorInfo?: { Type: IngestionErrorType; Message: string };
}
/** The snapshot's members and values are QuickSight's (the SDK's Ingestion type). */
export type IngestionSnapshotIsModelled = Assert<ModelledBy<IngestionSnapshot, SdkResultPart<Ingestion>>>;

/** An ingestion that completes on the second check. */
export const ingestsSuccessfully: IngestionSnapshot[] = [{ IngestionStatus: 'RUNNING' }, { IngestionStatus: 'COMPLETED' }];

/** QuickSight datasets whose ingestions follow scripts, recording CreateIngestion calls. */
export class FakeQuickSight {
  readonly created: Array<{ AwsAccountId: string; DataSetId: string; IngestionId: string; IngestionType?: string }> = [];
  private readonly checks = new Map<string, number>();

  constructor(private readonly datasets: Record<string, IngestionSnapshot[]>) {}

  /** CreateIngestion throws these, one per call, before it succeeds. */
  readonly createErrors: ServiceError[] = [];

  createIngestion = async (input: unknown): Promise<unknown> => {
    const request = input as { AwsAccountId: string; DataSetId: string; IngestionId: string; IngestionType?: string };
    this.created.push(request);
    const next = this.createErrors.shift();
    if (next) throw serviceError(next);
    return { IngestionId: request.IngestionId, IngestionStatus: 'INITIALIZED', RequestId: 'request-1', Status: 201 } satisfies SdkResultPart<CreateIngestionResponse>;
  };

  describeIngestion = async (input: unknown): Promise<unknown> => {
    const { DataSetId, IngestionId } = input as { DataSetId: string; IngestionId: string };
    const snapshots = this.datasets[DataSetId] ?? ingestsSuccessfully;
    const count = this.checks.get(DataSetId) ?? 0;
    this.checks.set(DataSetId, count + 1);
    return { Ingestion: { IngestionId, ...snapshots[Math.min(count, snapshots.length - 1)] } } satisfies SdkResultPart<DescribeIngestionResponse>;
  };
}

/** One entry of sfn:ListExecutions' answer, as the aws-sdk integration returns it. */
export interface ListedExecution {
  ExecutionArn: string;
  Name: string;
  StateMachineArn: string;
  Status: 'RUNNING';
  StartDate: string;
}
/** The entry's members and values are Step Functions' (the SDK's ExecutionListItem, in PascalCase). */
export type ListedExecutionIsModelled = Assert<ModelledBy<ListedExecution, SdkResultPart<ExecutionListItem>>>;

/**
 * Step Functions' ListExecutions for the pipeline's own state machine: the execution under test,
 * and optionally an earlier one that stays RUNNING for `earlierRunningFor` calls (`Infinity`:
 * for good). Newest first, as the API lists them.
 */
export class FakeStepFunctions {
  readonly listRequests: Array<Record<string, unknown>> = [];
  /** ListExecutions throws these, one per call, before it answers. */
  readonly listErrors: ServiceError[] = [];

  constructor(
    private readonly self: ListedExecution,
    private readonly earlier?: { execution: ListedExecution; runningFor: number },
  ) {}

  listExecutions = async (input: unknown): Promise<unknown> => {
    this.listRequests.push(input as Record<string, unknown>);
    const next = this.listErrors.shift();
    if (next) throw serviceError(next);
    const earlierRunning = this.earlier !== undefined && this.listRequests.length <= this.earlier.runningFor;
    return { Executions: [this.self, ...(earlierRunning && this.earlier ? [this.earlier.execution] : [])] } satisfies SdkResultPart<ListExecutionsOutput>;
  };
}
