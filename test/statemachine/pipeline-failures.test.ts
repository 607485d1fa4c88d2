import { describe, expect, it } from 'vitest';
import { namedError } from '../../local/aws/step-functions/handlers.js';
import { batchBody } from '../../handlers/find-users/batches.js';
import { createHandler as createResolveUsersHandler } from '../../handlers/resolve-users/handler.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { testSettings } from '../unit/support/settings.js';
import { TEST_SUBSTITUTIONS } from './support/pipeline-definition.js';
import { EXECUTION_DATE, EXECUTION_NAME, NO_QUALITY_ISSUES, Scenario } from './support/scenario.js';

describe('daily pipeline failure path', () => {
  it('rejects an impossible report date with InvalidInput and alerts', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    const outcome = await scenario.run({ reportDate: '2026-13-40' });

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('InvalidInput');
    expect(outcome.cause).toContain('2026-13-40');
    expect(scenario.sns.published).toHaveLength(1);
    const [alert] = scenario.sns.published;
    expect(alert).toMatchObject({
      TopicArn: TEST_SUBSTITUTIONS.AlertTopicArn,
      Subject: 'Kiro activity pipeline failed at Prepare',
      MessageAttributes: { alert_kind: { DataType: 'String', StringValue: 'failure' } },
    });
    expect(alert?.Message).toContain(`run ${EXECUTION_NAME} failed at step Prepare`);
    expect(alert?.Message).toContain('Error: InvalidInput');
    expect(alert?.Message).toContain('Cause: reportDate "2026-13-40" is not a valid date');
    const executionArn = `arn:aws:states:us-east-1:111122223333:execution:kiro-activity-pipeline:${EXECUTION_NAME}`;
    expect(alert?.Message).toContain(
      `https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/${executionArn}`,
    );
    expect(scenario.glue.started).toEqual([]);
  });

  it('names the view file and Athena error when a view cannot be created', async () => {
    // Prepare
    const athenaError = 'line 4:8: Column \'credits_used\' cannot be resolved';
    const scenario = new Scenario({ failingViews: { 'VIEW credits_by_person ': athenaError } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('ViewFailed');
    expect(outcome.cause).toBe(`View credits_by_person (05_credits_by_person.sql) could not be created: States.TaskFailed: ${athenaError}`);
    // Views before it were created in order; the interpreter (unlike AWS) may still start the next item.
    expect(scenario.athena.queries.slice(0, 4).map((query) => query.QueryString)).toEqual([
      'CREATE OR REPLACE VIEW credits_daily AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW activity_daily AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW user_directory AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW credits_by_person AS SELECT 1 AS one',
    ]);
    const [alert] = scenario.sns.ofKind('failure');
    expect(alert?.Subject).toBe('Kiro activity pipeline failed at CreateViews');
    expect(alert?.Message).toContain('05_credits_by_person.sql');
    expect(alert?.Message).toContain(athenaError);
    expect(scenario.lambdaCalls.CheckData).toEqual([]);
  });

  it('retries a throttled Lambda and carries on', async () => {
    // Prepare
    let attempts = 0;
    const scenario = new Scenario({
      lambdas: {
        CheckData: (event) => {
          attempts += 1;
          if (attempts === 1) throw namedError('Lambda.TooManyRequestsException', 'Rate Exceeded.');
          return {
            reportDate: String(event.reportDate), hasData: true, rowsForDay: 7, creditsRows: 5, activityRows: 2,
            newestDate: String(event.reportDate), daysBehind: 1, stale: false, subject: '', message: '', quality: NO_QUALITY_ISSUES,
          };
        },
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(attempts).toBe(2);
    expect(outcome.events.filter((event) => event.type === 'StateRetried').map((event) => event.state)).toEqual(['CheckData']);
    expect(outcome.output).toMatchObject({ rowsSeen: 7 });
    expect(scenario.sns.published).toEqual([]);
  });

  it('keeps the mapping file of an earlier batch when a later batch fails, and alerts', async () => {
    // Prepare: the real resolve-users handler over two batch files; the directory denies the second batch's id.
    const store = new MemoryStore();
    const batches = [
      { key: `work/${EXECUTION_NAME}/batch-0001.json`, ids: ['user-a', 'user-b'] },
      { key: `work/${EXECUTION_NAME}/batch-0002.json`, ids: ['user-c'] },
    ];
    for (const batch of batches) await store.putText(batch.key, batchBody(batch.ids));
    const resolveUsers = createResolveUsersHandler({
      settings: testSettings(),
      store,
      users: {
        describeUser: async (id: string) => {
          if (id === 'user-c') throw namedError('AccessDeniedException', 'identitystore:DescribeUser denied');
          return { userName: id, displayName: `Made-up ${id}` };
        },
      },
      effects: { sleep: async () => {}, random: () => 0 },
      now: () => new Date(`${EXECUTION_DATE}T03:00:00Z`),
    });
    const scenario = new Scenario({
      lambdas: {
        FindUsersToResolve: () => ({ newUsers: 3, refreshUsers: 0, batches: batches.map(({ key, ids }) => ({ key, count: ids.length })) }),
        ResolveUserBatch: resolveUsers,
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('UserResolutionFailed');
    const mappingFiles = [...store.objects.keys()].filter((key) => key.startsWith('user-mapping/'));
    expect(mappingFiles).toEqual([`user-mapping/resolved_date=${EXECUTION_DATE}/${EXECUTION_NAME}-0000.json`]);
    expect(store.objects.get(mappingFiles[0] ?? '')).toContain('"userid":"user-b"');
    expect(scenario.lambdaCalls.ResolveUserBatch.map((event) => event.batchIndex)).toEqual([0, 1]);
    const [alert] = scenario.sns.ofKind('failure');
    expect(alert?.Subject).toBe('Kiro activity pipeline failed at ResolveUsers');
    expect(alert?.Message).toContain('identitystore:DescribeUser denied');
    expect(scenario.lambdaCalls.DetectSpikes).toEqual([]);
  });

  it('names the dataset and error type when a SPICE ingestion fails', async () => {
    // Prepare
    const scenario = new Scenario({
      datasets: {
        'dataset-credits': [
          { IngestionStatus: 'RUNNING' },
          { IngestionStatus: 'FAILED', ErrorInfo: { Type: 'DATA_SOURCE_NOT_FOUND', Message: 'Table credits_by_person not found' } },
        ],
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('SpiceIngestionFailed');
    expect(outcome.cause).toContain('of dataset dataset-credits ended FAILED');
    expect(outcome.cause).toContain('DATA_SOURCE_NOT_FOUND');
    const [alert] = scenario.sns.ofKind('failure');
    expect(alert?.Subject).toBe('Kiro activity pipeline failed at RefreshSpice');
    expect(alert?.Message).toContain('dataset-credits');
    expect(alert?.Message).toContain('DATA_SOURCE_NOT_FOUND');
    expect(scenario.lambdaCalls.Summarise).toEqual([]);
  });

  it('still fails with the original error when the failure alert cannot be sent', async () => {
    // Prepare
    const scenario = new Scenario({
      lambdas: { RenderViews: () => { throw namedError('Error', 'SQL_DIR has no .sql files'); } },
    });
    scenario.sns.publish = async () => { throw namedError('SNS.AuthorizationErrorException', 'not allowed'); };

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('Error');
    expect(outcome.cause).toBe('SQL_DIR has no .sql files');
    expect(outcome.events.some((event) => event.type === 'StateCaught' && event.state === 'NotifyFailure')).toBe(true);
  });
});
