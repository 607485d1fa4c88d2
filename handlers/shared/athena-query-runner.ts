/**
 * QueryRunner over Athena: start the query in the pipeline's work group and database, poll
 * until it finishes, then page through the results.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import type { QueryRunner, Row } from './query-runner.js';
import { exponentialDelayMs, realSleep, type Sleep } from './retry.js';

/** Where queries run and how patiently to poll. */
export interface AthenaQueryRunnerOptions {
  workGroup: string;
  database: string;
  sleep?: Sleep;
  /** First poll delay; doubles up to `maxPollDelayMs`. */
  firstPollDelayMs?: number;
  maxPollDelayMs?: number;
}

/** GetQueryResults' page size ceiling. */
const PAGE_SIZE = 1000;

/** Runs SQL on Athena; see {@link QueryRunner}. */
export class AthenaQueryRunner implements QueryRunner {
  private readonly sleep: Sleep;
  private readonly firstPollDelayMs: number;
  private readonly maxPollDelayMs: number;

  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaQueryRunnerOptions,
  ) {
    this.sleep = options.sleep ?? realSleep;
    this.firstPollDelayMs = options.firstPollDelayMs ?? 250;
    this.maxPollDelayMs = options.maxPollDelayMs ?? 5000;
  }

  async run(sql: string): Promise<Row[]> {
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.options.workGroup,
        QueryExecutionContext: { Database: this.options.database },
      }),
    );
    const queryId = started.QueryExecutionId;
    if (!queryId) throw new Error('Athena StartQueryExecution returned no QueryExecutionId');
    await this.waitUntilSucceeded(queryId);
    return this.readAllRows(queryId);
  }

  private async waitUntilSucceeded(queryId: string): Promise<void> {
    for (let poll = 1; ; poll += 1) {
      const { QueryExecution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }));
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = QueryExecution?.Status?.StateChangeReason ?? 'no reason given';
        throw new Error(`Athena query ${queryId} ${state}: ${reason}`);
      }
      await this.sleep(exponentialDelayMs(poll, this.firstPollDelayMs, this.maxPollDelayMs));
    }
  }

  private async readAllRows(queryId: string): Promise<Row[]> {
    const rows: Row[] = [];
    let columns: string[] | undefined;
    let nextToken: string | undefined;
    do {
      const page: GetQueryResultsCommandOutput = await this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: queryId, MaxResults: PAGE_SIZE, NextToken: nextToken }),
      );
      const pageRows = page.ResultSet?.Rows ?? [];
      let skip = 0;
      if (columns === undefined) {
        columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => column.Name ?? '');
        skip = 1; // the first page of a SELECT starts with the header row
      }
      for (const row of pageRows.slice(skip)) {
        rows.push(toRow(columns, row.Data ?? []));
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }
}

function toRow(columns: readonly string[], data: readonly { VarCharValue?: string }[]): Row {
  const row: Row = {};
  columns.forEach((column, index) => {
    row[column] = data[index]?.VarCharValue ?? null;
  });
  return row;
}

/** The QueryRunner the Lambdas use: Athena in the pipeline's work group and database. */
export function athenaQueryRunner(
  client: AthenaClient,
  settings: { athenaWorkGroup: string; glueDatabase: string },
): AthenaQueryRunner {
  return new AthenaQueryRunner(client, { workGroup: settings.athenaWorkGroup, database: settings.glueDatabase });
}
