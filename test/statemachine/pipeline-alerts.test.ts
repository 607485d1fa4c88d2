import { describe, expect, it } from 'vitest';
import { TEST_SUBSTITUTIONS } from './support/pipeline-definition.js';
import { NO_QUALITY_ISSUES, REPORT_DATE, Scenario } from './support/scenario.js';

const noDataForDay = {
  reportDate: REPORT_DATE, hasData: false, rowsForDay: 0, creditsRows: 0, activityRows: 0,
  newestDate: null, daysBehind: null, stale: false, subject: '', message: 'No report rows yet for 2026-07-10.', quality: NO_QUALITY_ISSUES,
};

describe('daily pipeline data checks and alerts', () => {
  it('ends as NO_DATA without looking users up when the day has no rows', async () => {
    // Prepare
    const scenario = new Scenario({ lambdas: { CheckData: () => noDataForDay } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({ status: 'NO_DATA', rowsSeen: 0, alertsSent: [] });
    expect(scenario.lambdaCalls.FindUsersToResolve).toEqual([]);
    expect(scenario.lambdaCalls.ResolveUserBatch).toEqual([]);
    expect(scenario.lambdaCalls.DetectSpikes).toEqual([]);
    expect(scenario.quicksight.created).toEqual([]);
    expect(scenario.sns.published).toEqual([]);
  });

  it('publishes a stale-data alert and carries on', async () => {
    // Prepare
    const scenario = new Scenario({
      lambdas: {
        CheckData: () => ({
          ...noDataForDay, hasData: true, rowsForDay: 9, creditsRows: 9, newestDate: '2026-07-06', daysBehind: 5, stale: true,
          subject: 'Kiro reports are 5 days behind', message: 'The newest Kiro report is for 2026-07-06.',
        }),
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.sns.published).toEqual([
      {
        TopicArn: TEST_SUBSTITUTIONS.AlertTopicArn,
        Subject: 'Kiro reports are 5 days behind',
        Message: 'The newest Kiro report is for 2026-07-06.',
        MessageAttributes: { alert_kind: { DataType: 'String', StringValue: 'stale_data' } },
      },
    ]);
    expect(scenario.lambdaCalls.Summarise[0]?.staleAlert).toEqual({ messageId: 'message-1' });
    expect(scenario.lambdaCalls.FindUsersToResolve).toHaveLength(1);
    expect(outcome.output).toMatchObject({ status: 'SUCCEEDED', alertsSent: ['stale_data'] });
  });

  it('publishes a stale-data alert and then ends as NO_DATA when the day is missing', async () => {
    // Prepare
    const scenario = new Scenario({
      lambdas: { CheckData: () => ({ ...noDataForDay, newestDate: '2026-07-01', daysBehind: 10, stale: true, subject: 'Kiro reports are 10 days behind' }) },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.output).toMatchObject({ status: 'NO_DATA', alertsSent: ['stale_data'] });
    expect(scenario.sns.ofKind('stale_data').map((message) => message.Subject)).toEqual(['Kiro reports are 10 days behind']);
    expect(scenario.lambdaCalls.FindUsersToResolve).toEqual([]);
  });

  it('publishes the spike alert once with the body DetectSpikes wrote', async () => {
    // Prepare
    const spikeMessage = 'Made-up User A used 640 overage credits (average 35).';
    const scenario = new Scenario({
      lambdas: {
        DetectSpikes: () => ({
          alert: true, subject: 'Kiro credit spike on 2026-07-10: 1 person', message: spikeMessage,
          spikingUsers: [
            { userid: 'user-a', overageCredits: 640, overageUsd: 25.6, trailingAverageCredits: 35, tier: 'PRO', monthCostUsd: 45.6, recommendation: null },
          ], teamOverageCredits: 640, teamOverageUsd: 25.6, teamAlert: false,
        }),
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.sns.published).toEqual([
      {
        TopicArn: TEST_SUBSTITUTIONS.AlertTopicArn,
        Subject: 'Kiro credit spike on 2026-07-10: 1 person',
        Message: spikeMessage,
        MessageAttributes: { alert_kind: { DataType: 'String', StringValue: 'spike' } },
      },
    ]);
    expect(outcome.output).toMatchObject({ alertsSent: ['spike'] });
    expect(scenario.quicksight.created).toHaveLength(1);
  });
});
