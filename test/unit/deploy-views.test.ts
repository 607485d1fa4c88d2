/**
 * The deploy-time views custom resource: through the real Athena adapter against a mocked
 * Athena client (aws-sdk-client-mock bypasses the SDK's own retries, so what is retried here is
 * the handler's own backoff), over a folder of view files like the bundled `sql/`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InternalServerException,
  InvalidRequestException,
  StartQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VIEW_RETRY, ViewDeployError, deployViews, viewsResourceEvent } from '../../handlers/deploy-views/deploy-views.js';
import { createHandler } from '../../handlers/deploy-views/handler.js';
import { AthenaQueryRunner } from '../../handlers/shared/athena-query-runner.js';
import { logger } from '../../handlers/shared/logger.js';
import { testSettings } from './support/settings.js';

const athena = mockClient(AthenaClient);
// Test files share their worker's modules: give the next one the real client back.
afterAll(() => {
  athena.restore();
});
const settings = testSettings();

const view = (name: string, from = 'user_report'): string => `-- ${name}\nCREATE OR REPLACE VIEW ${name} AS\nSELECT 1 AS one FROM ${from};\n`;

/** The SQL of every StartQueryExecution call, in order. */
function startedQueries(): string[] {
  return athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input.QueryString ?? '');
}

/** The view each started statement creates (`CREATE OR REPLACE VIEW <name>`). */
function startedViews(): string[] {
  return startedQueries().map((sql) => /CREATE OR REPLACE VIEW (\w+)/.exec(sql)?.[1] ?? sql);
}

/**
 * Answers each StartQueryExecution by the view it creates and how often that view was started
 * before (from 1): `undefined` starts it (a fresh query id), an error rejects the call.
 */
function startAnswers(answer: (view: string, attempt: number) => Error | string | undefined): void {
  const attempts = new Map<string, number>();
  let query = 0;
  athena.on(StartQueryExecutionCommand).callsFake(async (input: { QueryString?: string }) => {
    const name = /CREATE OR REPLACE VIEW (\w+)/.exec(input.QueryString ?? '')?.[1] ?? '';
    const attempt = (attempts.get(name) ?? 0) + 1;
    attempts.set(name, attempt);
    const answered = answer(name, attempt);
    if (answered instanceof Error) throw answered;
    return { QueryExecutionId: answered ?? `q-${(query += 1)}` };
  });
}

const throttled = (): TooManyRequestsException => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

describe('deploy-views custom resource', () => {
  let sqlDir: string;
  let sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(async () => {
    logger.setLogLevel('SILENT');
    athena.reset();
    startAnswers(() => undefined);
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } });
    sqlDir = await mkdtemp(join(tmpdir(), 'deploy-views-'));
    await writeFile(join(sqlDir, '02_activity_daily.sql'), view('activity_daily', 'by_user_analytic'));
    await writeFile(join(sqlDir, '01_credits_daily.sql'), view('credits_daily'));
    await writeFile(join(sqlDir, 'README.md'), '# not a view');
    sleep = vi.fn<(ms: number) => Promise<void>>(async () => undefined);
    const queries = new AthenaQueryRunner(new AthenaClient({ maxAttempts: 1 }), {
      workGroup: settings.athenaWorkGroup,
      database: settings.glueDatabase,
      sleep,
    });
    handler = createHandler({ settings, queries, effects: { sleep, random: () => 0.5 }, sqlDir });
  });

  afterEach(async () => {
    await rm(sqlDir, { recursive: true, force: true });
  });

  it.each(['Create', 'Update'])('on %s runs the RenderViews plan in order, in the workgroup and database, and reports the view count', async (requestType) => {
    // Act
    const result = await handler({ RequestType: requestType, PhysicalResourceId: requestType === 'Update' ? 'kiro_activity/views' : undefined });

    // Assess
    expect(startedViews()).toEqual(['pipeline_settings', 'tier_prices', 'credits_daily', 'activity_daily']);
    // The statements are the plan's own: no trailing semicolon (Athena rejects one), comments kept.
    expect(startedQueries()[2]).toBe('-- credits_daily\nCREATE OR REPLACE VIEW credits_daily AS\nSELECT 1 AS one FROM user_report');
    for (const call of athena.commandCalls(StartQueryExecutionCommand)) {
      expect(call.args[0].input).toMatchObject({ WorkGroup: settings.athenaWorkGroup, QueryExecutionContext: { Database: settings.glueDatabase } });
    }
    expect(result).toEqual({ PhysicalResourceId: `${settings.glueDatabase}/views`, Data: { Views: 4 } });
  });

  it('renders the configured prices into tier_prices, as the daily run does', async () => {
    // Act
    await handler({ RequestType: 'Create' });

    // Assess
    expect(startedQueries()[1]).toContain("('PRO', CAST(20 AS double), CAST(1000 AS double), true)");
  });

  it('does nothing on Delete and keeps the physical id (the views go with the database)', async () => {
    // Act
    const result = await handler({ RequestType: 'Delete', PhysicalResourceId: 'kiro_activity/views' });

    // Assess
    expect(athena.calls()).toHaveLength(0);
    expect(result).toEqual({ PhysicalResourceId: 'kiro_activity/views', Data: { Views: 0 } });
  });

  it('retries a throttled or internally failing Athena with its own jittered backoff, then goes on', async () => {
    // Prepare: the third statement's start is throttled twice, then fails internally once.
    startAnswers((name, attempt) => {
      if (name !== 'credits_daily' || attempt > 3) return undefined;
      return attempt < 3 ? throttled() : new InternalServerException({ message: 'internal', $metadata: { httpStatusCode: 500 } });
    });

    // Act
    const result = await handler({ RequestType: 'Create' });

    // Assess
    expect(startedViews()).toEqual(['pipeline_settings', 'tier_prices', 'credits_daily', 'credits_daily', 'credits_daily', 'credits_daily', 'activity_daily']);
    // Full jitter (random 0.5) of 1 s, 2 s and 4 s.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([500, 1000, 2000]);
    expect(result.Data.Views).toBe(4);
  });

  it('gives up after its attempts, naming the view, its file and the last Athena error; later views are not tried', async () => {
    // Prepare
    startAnswers((name) => (name === 'credits_daily' ? throttled() : undefined));

    // Act
    const outcome = handler({ RequestType: 'Create' });

    // Assess
    await expect(outcome).rejects.toThrow(ViewDeployError);
    await expect(outcome).rejects.toThrow(
      `View credits_daily (01_credits_daily.sql) could not be created in database ${settings.glueDatabase}: TooManyRequestsException: Rate exceeded`,
    );
    expect(startedViews().filter((name) => name === 'credits_daily')).toHaveLength(VIEW_RETRY.maxAttempts);
    expect(startedViews()).not.toContain('activity_daily');
  });

  it('fails at once on a view Athena rejects, with Athena’s reason, without retrying it', async () => {
    // Prepare
    startAnswers((name) => (name === 'activity_daily' ? 'q-bad' : undefined));
    athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-bad' }).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: "line 3:22: Table 'awsdatacatalog.kiro_activity.by_user_analytic' does not exist" } },
    });

    // Act
    const outcome = handler({ RequestType: 'Update', PhysicalResourceId: 'kiro_activity/views' });

    // Assess
    await expect(outcome).rejects.toThrow(
      "View activity_daily (02_activity_daily.sql) could not be created in database kiro_activity: Athena query q-bad FAILED: line 3:22: Table 'awsdatacatalog.kiro_activity.by_user_analytic' does not exist",
    );
    expect(startedViews().filter((name) => name === 'activity_daily')).toHaveLength(1);
  });

  it('does not retry a request Athena refuses (InvalidRequestException)', async () => {
    // Prepare
    startAnswers((name) =>
      name === 'pipeline_settings' ? new InvalidRequestException({ message: 'WorkGroup kiro-test-wg is disabled', $metadata: { httpStatusCode: 400 } }) : undefined,
    );

    // Act + Assess
    await expect(handler({ RequestType: 'Create' })).rejects.toThrow(
      'View pipeline_settings ((generated from config)) could not be created in database kiro_activity: InvalidRequestException: WorkGroup kiro-test-wg is disabled',
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('fails before any query when the view files are not bundled', async () => {
    // Prepare
    const queries = new AthenaQueryRunner(new AthenaClient({ maxAttempts: 1 }), { workGroup: 'wg', database: 'db', sleep });
    const unbundled = createHandler({ settings, queries, effects: { sleep, random: () => 0 }, sqlDir: join(sqlDir, 'missing') });

    // Act + Assess
    await expect(unbundled({ RequestType: 'Create' })).rejects.toThrow('render-views: cannot read the SQL folder');
    expect(athena.calls()).toHaveLength(0);
  });

  it.each([
    ['no RequestType', {}, 'deploy-views: event.RequestType: expected one of Create, Update, Delete'],
    ['an unknown RequestType', { RequestType: 'Replace' }, 'got "Replace"'],
    ['a physical id that is no string', { RequestType: 'Update', PhysicalResourceId: 7 }, 'deploy-views: event.PhysicalResourceId: expected a string, got 7'],
    ['no object', 'Create', 'deploy-views: event.RequestType'],
  ])('rejects an event with %s, naming the field', (_label, event, message) => {
    // Act + Assess
    expect(() => viewsResourceEvent(event)).toThrow(message);
  });

  it('names the resource after the database when CloudFormation has not given it an id yet', async () => {
    // Prepare
    const renderPlan = vi.fn(async () => ({ statements: [] }));

    // Act
    const result = await deployViews({ RequestType: 'Create' }, { renderPlan, queries: { run: vi.fn() }, effects: { sleep, random: () => 0 }, database: 'other_db' });

    // Assess
    expect(result).toEqual({ PhysicalResourceId: 'other_db/views', Data: { Views: 0 } });
  });
});
