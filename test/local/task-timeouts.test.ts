/**
 * A local run times its Task states out as AWS does: a Task without a TimeoutSeconds of its own
 * gets no 60 s limit of the interpreter (in AWS only the Lambda's timeout bounds it), one with its
 * own keeps it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_TASK_TIMEOUT_SECONDS, withAwsTaskTimeouts } from '../../local/run/execute.js';
import { allStates, type AslDefinition } from '../../local/aws/step-functions/definition.js';
import { validateDefinition } from '../../local/aws/step-functions/validate.js';
import { runLocally } from '../../local/aws/step-functions/run.js';
import { DEFINITION_FILE } from '../../statemachines/steps.js';

describe('withAwsTaskTimeouts', () => {
  it('gives every Task of the daily definition a timeout, inside Maps too, and keeps it valid', () => {
    // Prepare: the committed definition with its placeholders left as text.
    const definition = JSON.parse(readFileSync(DEFINITION_FILE, 'utf8')) as AslDefinition;

    // Act
    const timed = withAwsTaskTimeouts(definition);

    // Assess
    const tasks = allStates(timed).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name)).toContain('NormaliseReportBatch');
    expect(tasks.every(([, state]) => typeof state['TimeoutSeconds'] === 'number' || state['TimeoutSecondsPath'] !== undefined)).toBe(true);
    expect(() => validateDefinition(timed)).not.toThrow();
  });

  it('keeps a timeout the definition sets: that Task still times out', async () => {
    // Prepare: one Task with its own 1 s timeout, one without, both slower than a second.
    const definition = withAwsTaskTimeouts({
      StartAt: 'Slow',
      States: {
        Slow: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Limited' },
        Limited: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 1, End: true },
      },
    } as AslDefinition);
    const slow = () => new Promise((resolve) => setTimeout(() => resolve({}), 1200));

    // Act
    const outcome = await runLocally(definition, { input: {}, handlers: { Slow: slow, Limited: slow }, executionName: 'timeouts' });

    // Assess: the first ran past a second, the second timed out at its own second.
    expect(definition.States['Slow']?.['TimeoutSeconds']).toBe(LOCAL_TASK_TIMEOUT_SECONDS);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcome.events.filter((event) => event.type === 'StateExited').map((event) => event.state)).toEqual(['Slow']);
  });
});
