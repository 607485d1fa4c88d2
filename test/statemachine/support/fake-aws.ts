import { namedError } from '../../../local/aws/step-functions/handlers.js';

/** One answer of glue:GetCrawler, as Step Functions' aws-sdk integration returns it. */
export interface CrawlerSnapshot {
  State: 'READY' | 'RUNNING' | 'STOPPING';
  LastCrawl?: { Status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; ErrorMessage?: string };
}

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

  constructor(private readonly crawlers: Record<string, CrawlerScript>) {}

  startCrawler = async (input: unknown): Promise<unknown> => {
    const { Name } = input as { Name: string };
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
    return { Crawler: { Name, ...snapshots[Math.min(count, snapshots.length - 1)] } };
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
    return { MessageId: `message-${this.published.length}` };
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

  constructor(private readonly failing: Record<string, string> = {}) {}

  startQueryExecution = async (input: unknown): Promise<unknown> => {
    const query = input as AthenaQuery;
    this.queries.push(query);
    const failure = Object.entries(this.failing).find(([fragment]) => query.QueryString.includes(fragment));
    if (failure) throw namedError('States.TaskFailed', failure[1]);
    return { QueryExecution: { QueryExecutionId: `query-${this.queries.length}`, Status: { State: 'SUCCEEDED' } } };
  };
}

/** One answer of quicksight:DescribeIngestion (the Ingestion object). */
export interface IngestionSnapshot {
  IngestionStatus: 'INITIALIZED' | 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  ErrorInfo?: { Type: string; Message: string };
}

/** An ingestion that completes on the second check. */
export const ingestsSuccessfully: IngestionSnapshot[] = [{ IngestionStatus: 'RUNNING' }, { IngestionStatus: 'COMPLETED' }];

/** QuickSight datasets whose ingestions follow scripts, recording CreateIngestion calls. */
export class FakeQuickSight {
  readonly created: Array<{ AwsAccountId: string; DataSetId: string; IngestionId: string }> = [];
  private readonly checks = new Map<string, number>();

  constructor(private readonly datasets: Record<string, IngestionSnapshot[]>) {}

  createIngestion = async (input: unknown): Promise<unknown> => {
    const request = input as { AwsAccountId: string; DataSetId: string; IngestionId: string };
    this.created.push(request);
    return { IngestionId: request.IngestionId, IngestionStatus: 'INITIALIZED', RequestId: 'request-1', Status: 201 };
  };

  describeIngestion = async (input: unknown): Promise<unknown> => {
    const { DataSetId, IngestionId } = input as { DataSetId: string; IngestionId: string };
    const snapshots = this.datasets[DataSetId] ?? ingestsSuccessfully;
    const count = this.checks.get(DataSetId) ?? 0;
    this.checks.set(DataSetId, count + 1);
    return { Ingestion: { IngestionId, ...snapshots[Math.min(count, snapshots.length - 1)] } };
  };
}
