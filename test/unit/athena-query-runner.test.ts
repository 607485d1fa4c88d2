import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AthenaQueryRunner } from '../../handlers/shared/athena-query-runner.js';

const athena = mockClient(AthenaClient);
// Test files share their worker's modules: give the next one the real client back.
afterAll(() => {
  athena.restore();
});

const header = (...names: string[]) => ({ Data: names.map((name) => ({ VarCharValue: name })) });
const row = (...values: (string | undefined)[]) => ({ Data: values.map((value) => (value === undefined ? {} : { VarCharValue: value })) });
const metadata = (...names: string[]) => ({ ColumnInfo: names.map((name) => ({ Name: name, Type: 'varchar' })) });

function runner(sleep = vi.fn<(ms: number) => Promise<void>>(async () => undefined)) {
  return {
    sleep,
    queries: new AthenaQueryRunner(new AthenaClient({}), {
      workGroup: 'kiro-test-wg',
      database: 'kiro_activity',
      sleep,
      firstPollDelayMs: 100,
      maxPollDelayMs: 400,
    }),
  };
}

describe('AthenaQueryRunner', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  });

  it('starts in the work group and database, polls with backoff until SUCCEEDED, then returns rows without the header', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { ResultSetMetadata: metadata('userid', 'n'), Rows: [header('userid', 'n'), row('u-1', '3'), row('u-2', undefined)] },
    });
    const { queries, sleep } = runner();

    // Act
    const rows = await queries.run('SELECT userid, n FROM t');

    // Assess
    expect(rows).toEqual([
      { userid: 'u-1', n: '3' },
      { userid: 'u-2', n: null },
    ]);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: 'SELECT userid, n FROM t',
      WorkGroup: 'kiro-test-wg',
      QueryExecutionContext: { Database: 'kiro_activity' },
    });
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 5);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 200, 400, 400]);
  });

  it.each(['FAILED', 'CANCELLED'] as const)('fails with the state change reason when the query is %s', async (state) => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: state, StateChangeReason: 'TABLE_NOT_FOUND: line 1:15: Table credits_daily does not exist' } },
    });
    const { queries } = runner();

    // Act + Assess
    await expect(queries.run('SELECT 1 FROM credits_daily')).rejects.toThrow(
      `Athena query q-1 ${state}: TABLE_NOT_FOUND: line 1:15: Table credits_daily does not exist`,
    );
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('follows NextToken through every page and skips the header only on the first', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const ids = Array.from({ length: 2500 }, (_, index) => `u-${index}`);
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({
        ResultSet: { ResultSetMetadata: metadata('userid'), Rows: [header('userid'), ...ids.slice(0, 999).map((id) => row(id))] },
        NextToken: 'page-2',
      })
      .resolvesOnce({ ResultSet: { Rows: ids.slice(999, 1999).map((id) => row(id)) }, NextToken: 'page-3' })
      .resolvesOnce({ ResultSet: { Rows: ids.slice(1999).map((id) => row(id)) } });
    const { queries } = runner();

    // Act
    const rows = await queries.run('SELECT userid FROM t');

    // Assess
    expect(rows.map((r) => r.userid)).toEqual(ids);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 3);
    expect(athena).toHaveReceivedNthCommandWith(GetQueryResultsCommand, 1, { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: undefined });
    expect(athena).toHaveReceivedNthCommandWith(GetQueryResultsCommand, 2, { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'page-2' });
    expect(athena).toHaveReceivedNthCommandWith(GetQueryResultsCommand, 3, { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'page-3' });
  });

  it('fails clearly when Athena returns no query id', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({});
    const { queries } = runner();

    // Act + Assess
    await expect(queries.run('SELECT 1')).rejects.toThrow('Athena StartQueryExecution returned no QueryExecutionId');
  });
});
