/**
 * The thin Lambda entries: each reads its event and PIPELINE_SETTINGS and wires the AWS
 * adapters with the right work group, database, bucket and identity store.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DescribeUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../../handlers/shared/logger.js';
import { SETTINGS_ENV } from '../../handlers/shared/settings.js';
import { lambdaContext } from './support/lambda-context.js';
import { testSettings } from './support/settings.js';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const identityStore = mockClient(IdentitystoreClient);
/** The invocation context the runtime passes; the entries only hand it to the logger. */
const context = lambdaContext();
const settings = testSettings({ users: { nameRefreshDays: 30, nameRefreshBatchSize: 200, resolveBatchSize: 2, describeConcurrency: 2 } });

/** Athena answers the n-th query with the n-th result (columns from the first row). */
function athenaAnswers(...results: Record<string, string | undefined>[][]) {
  results.forEach((rows, index) => {
    const columns = Object.keys(rows[0] ?? { userid: '' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: `q-${index + 1}` }).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map((Name) => ({ Name, Type: 'varchar' })) },
        Rows: [columns, ...rows.map((row) => columns.map((column) => row[column]))].map((values) => ({
          Data: values.map((VarCharValue) => ({ VarCharValue })),
        })),
      },
    });
  });
  const start = athena.on(StartQueryExecutionCommand);
  results.forEach((_rows, index) => start.resolvesOnce({ QueryExecutionId: `q-${index + 1}` }));
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
}

let checkData: typeof import('../../handlers/check-data/index.js').handler;
let findUsers: typeof import('../../handlers/find-users/index.js').handler;
let resolveUsers: typeof import('../../handlers/resolve-users/index.js').handler;
let detectSpikes: typeof import('../../handlers/detect-spikes/index.js').handler;
let summarise: typeof import('../../handlers/summarise/index.js').handler;

// The entries read PIPELINE_SETTINGS when their module loads, as a Lambda does at cold start.
beforeAll(async () => {
  process.env[SETTINGS_ENV] = JSON.stringify(settings);
  ({ handler: checkData } = await import('../../handlers/check-data/index.js'));
  ({ handler: findUsers } = await import('../../handlers/find-users/index.js'));
  ({ handler: resolveUsers } = await import('../../handlers/resolve-users/index.js'));
  ({ handler: detectSpikes } = await import('../../handlers/detect-spikes/index.js'));
  ({ handler: summarise } = await import('../../handlers/summarise/index.js'));
  delete process.env[SETTINGS_ENV];
});

beforeEach(() => {
  logger.setLogLevel('SILENT');
  athena.reset();
  s3.reset();
  identityStore.reset();
});

describe('Lambda entries', () => {
  it('check-data queries Athena in the configured work group and database', async () => {
    // Prepare
    athenaAnswers(
      [{ credits_rows: '4', activity_rows: '2', newest_date: '2026-11-20', future_rows: '0' }],
      [],
      [],
      [
        {
          overage_steps: '0', overage_falls: '0', overage_month_changes: '0', overage_month_restarts: '0',
          credits_evidence_months: '0', credits_above_allowance_months: '0',
          // Athena leaves VarCharValue out for SQL NULL.
          overage_looks_month_to_date: undefined, credits_used_looks_inclusive: undefined,
          configured_overage_credits_used: 'daily', configured_credits_used_includes_overage: 'true',
        },
      ],
    );

    // Act
    const data = await checkData({ reportDate: '2026-11-20', executionDate: '2026-11-21' }, context);

    // Assess
    expect(data).toMatchObject({ hasData: true, rowsForDay: 6, stale: false, daysBehind: 1, quality: { alert: false } });
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      WorkGroup: 'kiro-test-wg',
      QueryExecutionContext: { Database: 'kiro_activity' },
    });
  });

  it('find-users writes batch files of resolveBatchSize ids into the analytics bucket', async () => {
    // Prepare
    athenaAnswers([{ userid: 'u-1' }, { userid: 'u-2' }, { userid: 'u-3' }], []);
    s3.on(PutObjectCommand).resolves({});

    // Act
    const lookup = await findUsers({ reportDate: '2026-11-20', executionDate: '2026-11-21', executionName: 'run-1' }, context);

    // Assess
    expect(lookup).toEqual({
      newUsers: 3,
      refreshUsers: 0,
      batches: [
        { key: 'work/run-1/batch-0001.json', count: 2 },
        { key: 'work/run-1/batch-0002.json', count: 1 },
      ],
    });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'example-analytics-bucket',
      Key: 'work/run-1/batch-0002.json',
      Body: '{"ids":["u-3"]}',
    });
  });

  it('find-users refuses an execution name that would change the key layout', async () => {
    // Act + Assess
    await expect(findUsers({ reportDate: '2026-11-20', executionDate: '2026-11-21', executionName: '../run' }, context)).rejects.toThrow(
      'find-users: event.executionName: expected an execution name of 1-80 characters without spaces or slashes, got "../run"',
    );
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('resolve-users reads the batch and describes users in the configured identity store', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'example-analytics-bucket', Key: 'work/run-1/batch-0001.json' }).resolves({
      // The SDK's streaming body; only transformToString is used.
      Body: { transformToString: async () => '{"ids":["u-1"]}' } as never,
    });
    s3.on(PutObjectCommand).resolves({});
    identityStore.on(DescribeUserCommand).resolves({ UserId: 'u-1', IdentityStoreId: 'd-1234567890', UserName: 'u1.example', DisplayName: 'One Example' });

    // Act
    const result = await resolveUsers({ key: 'work/run-1/batch-0001.json', batchIndex: 3, executionDate: '2026-11-21', executionName: 'run-1' }, context);

    // Assess
    expect(result).toEqual({ key: 'user-mapping/resolved_date=2026-11-21/run-1-0003.json', resolved: 1, deleted: 0 });
    expect(identityStore).toHaveReceivedCommandWith(DescribeUserCommand, { IdentityStoreId: 'd-1234567890', UserId: 'u-1' });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'example-analytics-bucket', Key: result.key });
  });

  it('resolve-users names a missing batch index', async () => {
    // Act + Assess
    await expect(resolveUsers({ key: 'work/run-1/batch-0001.json', executionDate: '2026-11-21', executionName: 'run-1' }, context)).rejects.toThrow(
      'resolve-users: event.batchIndex: expected a non-negative integer, got undefined',
    );
  });

  it('detect-spikes evaluates the Athena rows with the configured thresholds', async () => {
    // Prepare
    athenaAnswers([
      {
        userid: 'u-1', display_name: 'One Example', day_overage_credits: '200', trailing_overage_credits: '0',
        tier: 'PRO', month_cost_usd: '28', recommended_tier: 'PRO', recommended_action: 'KEEP', monthly_saving_usd: '0', recommended_effective: undefined,
      },
    ]);
    // No alert told yet this month: S3 answers the record's key as a missing object.
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    // Act
    const spikes = await detectSpikes({ reportDate: '2026-11-20' }, context);

    // Assess
    expect(spikes).toMatchObject({ alert: true, teamOverageCredits: 200, teamOverageUsd: 8, teamAlert: false });
    expect(spikes.subject).toBe('Kiro overage spike 2026-11-20: 1 person, team $8.00');
  });

  it('summarise returns the summary of the state it is given', async () => {
    // Act
    const summary = await summarise({ run: { reportDate: '2026-11-20' }, data: { hasData: false, rowsForDay: 0 } }, context);

    // Assess
    expect(summary).toMatchObject({ status: 'NO_DATA', reportDate: '2026-11-20' });
  });
});
