/**
 * No two executions overlap, through the real ASL interpreter: an execution waits, one
 * ListExecutions a minute, while an execution that started before it is RUNNING, and gives up
 * after overlap.waitMinutes with its own alert and error.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_STATE_MACHINE_ARN } from '../../local/aws/step-functions/run.js';
import { OVERLAP_ALERT } from '../../statemachines/steps.js';
import { OVERLAP_WAIT_MINUTES, TEST_SUBSTITUTIONS } from './support/pipeline-definition.js';
import { EARLIER_EXECUTION, EXECUTION_NAME, REPORT_DATE, Scenario } from './support/scenario.js';

const entered = (events: Array<{ type: string; state: string }>, state: string): number =>
  events.filter((event) => event.type === 'StateEntered' && event.state === state).length;

describe('waiting for an earlier execution', () => {
  it('proceeds at once when no other execution is running, asking for its own state machine’s RUNNING ones', async () => {
    // Prepare
    const scenario = new Scenario();

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.stepFunctions.listRequests).toEqual([{ StateMachineArn: LOCAL_STATE_MACHINE_ARN, StatusFilter: 'RUNNING', MaxResults: 1000 }]);
    expect(entered(outcome.events, 'WaitForEarlierRun')).toBe(0);
    expect(scenario.glue.started).toHaveLength(2);
  });

  it('proceeds when the list is empty (this execution not listed yet), as the local stand-in answers', async () => {
    // Prepare
    const scenario = new Scenario();
    scenario.stepFunctions.listExecutions = async () => ({ Executions: [] });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(entered(outcome.events, 'FindOldestRunningExecution')).toBe(0);
  });

  it('waits while an earlier execution runs for two more checks, then proceeds', async () => {
    // Prepare: RUNNING at the first two checks, gone at the third.
    const scenario = new Scenario({ earlierRunningFor: 2 });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(entered(outcome.events, 'WaitForEarlierRun')).toBe(2);
    expect(scenario.stepFunctions.listRequests).toHaveLength(3);
    expect(scenario.sns.published).toEqual([]);
    // Nothing of the day's work started before the earlier run ended.
    const firstCrawl = outcome.events.findIndex((event) => event.state === 'Crawl');
    const lastWait = outcome.events.findLastIndex((event) => event.state === 'WaitForEarlierRun');
    expect(firstCrawl).toBeGreaterThan(lastWait);
  });

  it('gives up after overlap.waitMinutes checks: one overlap alert, then EarlierRunStillRunning, nothing crawled', async () => {
    // Prepare
    const scenario = new Scenario({ earlierRunningFor: Infinity });

    // Act
    const outcome = await scenario.run({ reportDate: REPORT_DATE });

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('EarlierRunStillRunning');
    expect(outcome.cause).toBe(
      `Execution ${EARLIER_EXECUTION.ExecutionArn} was still running after ${OVERLAP_WAIT_MINUTES} minutes of waiting (overlap.waitMinutes); this run (report date ${REPORT_DATE}) did nothing.`,
    );
    expect(entered(outcome.events, 'WaitForEarlierRun')).toBe(OVERLAP_WAIT_MINUTES);
    expect(scenario.sns.published).toHaveLength(1);
    const [alert] = scenario.sns.ofKind(OVERLAP_ALERT.alertKind);
    expect(alert).toMatchObject({
      TopicArn: TEST_SUBSTITUTIONS.AlertTopicArn,
      Subject: 'Kiro activity pipeline run skipped: an earlier run is still running',
    });
    expect(alert?.Message).toContain(`run ${EXECUTION_NAME} (report date ${REPORT_DATE}) did not run`);
    expect(alert?.Message).toContain(EARLIER_EXECUTION.ExecutionArn);
    expect(alert?.Message).toContain(`input reportDate ${REPORT_DATE}`);
    expect(scenario.glue.started).toEqual([]);
    expect(entered(outcome.events, 'NotifyFailure')).toBe(0);
  });

  it('retries a throttled ListExecutions (Sfn.ThrottlingException) and carries on', async () => {
    // Prepare
    const scenario = new Scenario();
    scenario.stepFunctions.listErrors.push({ name: 'Sfn.ThrottlingException', message: 'Rate exceeded' });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.events.filter((event) => event.type === 'StateRetried').map((event) => event.state)).toEqual(['ListRunningExecutions']);
  });

  it('fails through the failure alert when the executions cannot be listed', async () => {
    // Prepare
    const scenario = new Scenario();
    scenario.stepFunctions.listErrors.push({ name: 'Sfn.AccessDeniedException', message: 'not authorized to perform: states:ListExecutions' });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('Sfn.AccessDeniedException');
    const [alert] = scenario.sns.ofKind('failure');
    expect(alert?.Subject).toBe('Kiro activity pipeline failed at ListRunningExecutions');
    expect(alert?.Message).toContain('states:ListExecutions');
    expect(scenario.glue.started).toEqual([]);
  });

  it('still fails with EarlierRunStillRunning’s step named when the overlap alert cannot be sent', async () => {
    // Prepare
    const scenario = new Scenario({ earlierRunningFor: Infinity });
    const publish = scenario.sns.publish;
    scenario.sns.publish = async (input) => {
      if ((input as { MessageAttributes: { alert_kind: { StringValue: string } } }).MessageAttributes.alert_kind.StringValue === 'overlap') {
        throw Object.assign(new Error('KMS key disabled'), { name: 'SNS.KMSDisabledException' });
      }
      return publish(input);
    };

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('SNS.KMSDisabledException');
    expect(scenario.sns.ofKind('failure').map((alert) => alert.Subject)).toEqual(['Kiro activity pipeline failed at PublishOverlapAlert']);
  });
});
