import { describe, expect, it } from 'vitest';
import { REQUIRED_COLUMNS } from '../../handlers/check-tables/check-tables.js';
import { TEST_SUBSTITUTIONS } from './support/pipeline-definition.js';
import { CRAWLERS, EXECUTION_DATE, EXECUTION_NAME, NO_QUALITY_ISSUES, REPORT_DATE, Scenario } from './support/scenario.js';

describe('daily pipeline on a quiet day', () => {
  it('succeeds with the summary as output and sends no alert', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toEqual({
      status: 'SUCCEEDED',
      reportDate: REPORT_DATE,
      rowsSeen: 42,
      viewsCreated: 5,
      usersResolved: { new: 3, refreshed: 501, resolved: 20, deleted: 2 },
      alertsSent: [],
      alertsSuppressed: [],
      dataQuality: { futureRows: 0, issueFiles: 0, files: [], billingSemantics: NO_QUALITY_ISSUES.billingSemantics },
      ingestions: [{ datasetId: 'dataset-credits', status: 'COMPLETED' }],
      // Issue 11: the default PlanNormalise and NormaliseReportBatch fakes' day counts.
      reportIssues: { bad_date: 1, non_numeric: 0, missing_user: 0, out_of_range: 0, unknown_tier: 0, unknown_client: 2, unreadable_row: 0 },
    });
    expect(scenario.sns.published).toEqual([]);
  });

  it('starts both crawlers and creates the views in file order in the configured workgroup and database', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    await scenario.run();

    // Assess
    expect([...scenario.glue.started].sort()).toEqual([...CRAWLERS].sort());
    expect(scenario.athena.queries.map((query) => query.QueryString)).toEqual([
      'CREATE OR REPLACE VIEW credits_daily AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW activity_daily AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW user_directory AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW credits_by_person AS SELECT 1 AS one',
      'CREATE OR REPLACE VIEW activity_by_person AS SELECT 1 AS one',
    ]);
    expect(scenario.athena.queries[0]).toMatchObject({
      WorkGroup: TEST_SUBSTITUTIONS.AthenaWorkGroup,
      QueryExecutionContext: { Database: TEST_SUBSTITUTIONS.GlueDatabase },
    });
  });

  it('passes each Lambda the payload the contract names', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    await scenario.run({ reportDate: REPORT_DATE });

    // Assess
    const calls = scenario.lambdaCalls;
    expect(calls.Prepare).toEqual([{ input: { reportDate: REPORT_DATE }, executionStartTime: expect.any(String) }]);
    expect(calls.CheckTables).toEqual([
      {
        crawled: [
          { crawler: CRAWLERS[0], table: 'user_report', columns: REQUIRED_COLUMNS.user_report.map((Name) => ({ Name, Type: 'string' })) },
          { crawler: CRAWLERS[1], table: 'by_user_analytic', columns: REQUIRED_COLUMNS.by_user_analytic.map((Name) => ({ Name, Type: 'string' })) },
        ],
      },
    ]);
    expect(calls.RenderViews).toEqual([{}]);
    expect(calls.CheckData).toEqual([{ reportDate: REPORT_DATE, executionDate: EXECUTION_DATE }]);
    expect(calls.ReadGroupMemberships).toEqual([{ executionDate: EXECUTION_DATE, executionName: EXECUTION_NAME }]);
    expect(calls.FindUsersToResolve).toEqual([
      { executionDate: EXECUTION_DATE, executionName: EXECUTION_NAME },
    ]);
    expect(calls.ResolveUserBatch).toEqual([
      { key: `work/${EXECUTION_NAME}/ids-0.json`, batchIndex: 0, executionDate: EXECUTION_DATE, executionName: EXECUTION_NAME },
      { key: `work/${EXECUTION_NAME}/ids-1.json`, batchIndex: 1, executionDate: EXECUTION_DATE, executionName: EXECUTION_NAME },
    ]);
    expect(calls.DetectSpikes).toEqual([{ reportDate: REPORT_DATE }]);
    expect(calls.EvaluateForesight).toEqual([{}]);
    expect(calls.BuildStatement).toEqual([{}]);
    expect(Object.keys(calls.RecordAlertsSent[0] ?? {})).toContain('foresight');
    expect(Object.keys(calls.Summarise[0] ?? {}).sort()).toEqual([
      'alertRecord', 'catalog', 'crawled', 'data', 'foresight', 'groups', 'ingestions', 'lookup', 'normalise', 'normalised', 'overlap', 'resolved', 'run', 'spikes',
      'statement', 'viewPlan', 'views',
    ]);
    expect(calls.Summarise[0]?.views).toEqual([
      { view: 'credits_daily' }, { view: 'activity_daily' }, { view: 'user_directory' }, { view: 'credits_by_person' }, { view: 'activity_by_person' },
    ]);
  });

  it('starts one SPICE ingestion per dataset in the account and reports each', async () => {
    // Prepare
    const scenario = new Scenario({
      datasets: { 'dataset-credits': [{ IngestionStatus: 'COMPLETED' }], 'dataset-activity': [{ IngestionStatus: 'QUEUED' }, { IngestionStatus: 'COMPLETED' }] },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    // dataset-credits is one of the IncrementalDatasetIds; the other gets a full refresh.
    expect(scenario.quicksight.created.map((request) => [request.AwsAccountId, request.DataSetId, request.IngestionType]).sort()).toEqual([
      [TEST_SUBSTITUTIONS.AccountId, 'dataset-activity', 'FULL_REFRESH'],
      [TEST_SUBSTITUTIONS.AccountId, 'dataset-credits', 'INCREMENTAL_REFRESH'],
    ]);
    expect(scenario.quicksight.created[0]?.IngestionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.output).toMatchObject({
      ingestions: [{ datasetId: 'dataset-credits', status: 'COMPLETED' }, { datasetId: 'dataset-activity', status: 'COMPLETED' }],
    });
  });

  it('records the state history with timestamps', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    const outcome = await scenario.run();

    // Assess
    const entered = outcome.events.filter((event) => event.type === 'StateEntered' && event.mapIndex === undefined).map((event) => event.state);
    expect(entered).toEqual([
      'Prepare', 'StartWaitForEarlierRun', 'ListRunningExecutions', 'IsAnyExecutionListed', 'FindOldestRunningExecution', 'IsEarlierRunRunning',
      'Crawl', 'CheckTables', 'PlanNormalise', 'NormaliseReports', 'RenderViews', 'CreateViews', 'CheckData', 'HasDataQualityIssues', 'IsDataStale', 'HasDataForDay',
      'ReadGroupMemberships', 'FindUsersToResolve', 'ResolveUsers', 'DetectSpikes', 'IsSpikeAlert', 'EvaluateForesight', 'BuildStatement', 'IsAllowanceAlert', 'IsForecastAlert',
      'IsStatementDue', 'IsReminderDue', 'RecordAlertsSent', 'AfterAlertsRecorded', 'RefreshSpice', 'Summarise',
    ]);
    expect(outcome.events.every((event) => !Number.isNaN(Date.parse(event.timestamp)))).toBe(true);
  });
});
