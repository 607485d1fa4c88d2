import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { allStates, substituteDefinition, type AslDefinition, type AslState } from '../../local/aws/step-functions/definition.js';
import { validateDefinition } from '../../local/aws/step-functions/validate.js';
import { ALERT_STEPS, HANDLER_NAMES, LAMBDA_STEPS, type LambdaStep } from '../../statemachines/steps.js';
import { DEFINITION_PATH, TEST_SUBSTITUTIONS, loadPipelineDefinition } from './support/pipeline-definition.js';

const definitionText = await readFile(DEFINITION_PATH, 'utf8');
const definition: AslDefinition = await loadPipelineDefinition();

const isTaskOrMap = (state: AslState): boolean => state.Type === 'Task' || state.Type === 'Map';
const iteratorOf = (state: AslState): AslDefinition | undefined => state.ItemProcessor ?? state.Iterator;

/** Every object key and string value in a JSON document. */
function walkJson(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(walkJson);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...walkJson(inner)]);
  }
  return [];
}

describe('daily pipeline definition', () => {
  it('passes asl-validator once every contract placeholder is substituted', () => {
    // Prepare: loadPipelineDefinition substituted and validated the file above.

    // Act
    const placeholders = [...definitionText.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]);

    // Assess
    expect(new Set(placeholders)).toEqual(new Set(Object.keys(TEST_SUBSTITUTIONS)));
    expect(() => validateDefinition(definition)).not.toThrow();
  });

  it('uses JSONPath only: no JSONata, no variables', () => {
    // Prepare
    const jsonataOrVariableFields = new Set(['QueryLanguage', 'Assign', 'Arguments', 'Output']);

    // Act
    const found = walkJson(JSON.parse(definitionText)).filter(
      (item) => jsonataOrVariableFields.has(item) || item.startsWith('{%'),
    );

    // Assess
    expect(found).toEqual([]);
  });

  it('gives every top-level Task and Map a retry and a catch-all to its own FailedAt<Step> state', () => {
    // Prepare
    const steps = Object.entries(definition.States).filter(([name, state]) => isTaskOrMap(state) && name !== 'NotifyFailure');

    // Act
    const problems = steps.flatMap(([name, state]) => {
      const catchAll = state.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.ALL'));
      const handler = catchAll ? definition.States[catchAll.Next] : undefined;
      const issues: string[] = [];
      if (!state.Retry?.length) issues.push(`${name}: no Retry`);
      if (catchAll?.Next !== `FailedAt${name}` || catchAll.ResultPath !== '$.error') issues.push(`${name}: no catch-all to FailedAt${name} at $.error`);
      if (handler?.Type !== 'Pass' || handler.Result !== name || handler.ResultPath !== '$.failedStep') issues.push(`${name}: FailedAt${name} does not record the step`);
      return issues;
    });

    // Assess
    const registered = [...HANDLER_NAMES.map((handler): LambdaStep => LAMBDA_STEPS[handler]).map((step) => step.mapState ?? step.state), ...ALERT_STEPS.map((alert) => alert.state)];
    expect(steps.map(([name]) => name)).toEqual(expect.arrayContaining(registered));
    expect(problems).toEqual([]);
  });

  it('gives every Task inside a Map iterator a retry, leaving catching to its Map', () => {
    // Prepare
    const iteratorTasks = Object.values(definition.States)
      .map(iteratorOf)
      .filter((iterator): iterator is AslDefinition => iterator !== undefined)
      .flatMap((iterator) => allStates(iterator))
      .filter(([, state]) => state.Type === 'Task');

    // Act
    const withoutRetry = iteratorTasks.filter(([, state]) => !state.Retry?.length).map(([name]) => name);

    // Assess
    expect(iteratorTasks.map(([name]) => name).sort()).toEqual(
      ['CreateIngestion', 'CreateView', 'DescribeIngestion', 'GetCrawledTable', 'GetCrawler', 'NormaliseReportBatch', 'ResolveUserBatch', 'StartCrawler'],
    );
    expect(withoutRetry).toEqual([]);
  });

  it('never retries States.ALL', () => {
    // Prepare
    const retriers = allStates(definition).flatMap(([name, state]) => (state.Retry ?? []).map((retrier) => [name, retrier] as const));

    // Act
    const retryingEverything = retriers.filter(([, retrier]) => retrier.ErrorEquals.includes('States.ALL')).map(([name]) => name);

    // Assess
    expect(retriers.length).toBeGreaterThan(0);
    expect(retryingEverything).toEqual([]);
  });

  it('routes every failure step through NotifyFailure to PipelineFailed, even when the alert fails', () => {
    // Prepare
    const failureSteps = Object.entries(definition.States).filter(([name]) => name.startsWith('FailedAt'));
    const steps = Object.entries(definition.States).filter(([name, state]) => isTaskOrMap(state) && name !== 'NotifyFailure');
    const notify = definition.States.NotifyFailure;

    // Act
    const nextStates = new Set(failureSteps.map(([, state]) => state.Next));

    // Assess
    expect(failureSteps.map(([name]) => name)).toEqual(steps.map(([name]) => `FailedAt${name}`));
    expect(nextStates).toEqual(new Set(['HasFailureCause']));
    expect(notify?.Next).toBe('PipelineFailed');
    expect(notify?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: 'PipelineFailed' }]);
    expect(definition.States.PipelineFailed).toEqual({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });
});

describe('definition substitution', () => {
  it('escapes values as JSON string content', () => {
    // Prepare
    const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${Value}", "End": true}}}';

    // Act
    const substituted = substituteDefinition(text, { Value: 'say "hi"\\' });

    // Assess
    expect(substituted.States.A?.Result).toBe('say "hi"\\');
  });

  it('names every placeholder left without a value', () => {
    // Prepare
    const { Region: _region, AccountId: _account, ...partial } = TEST_SUBSTITUTIONS;

    // Act
    const substitute = (): AslDefinition => substituteDefinition(definitionText, partial);

    // Assess
    expect(substitute).toThrow('State machine definition: no value for ${Region}, ${AccountId}');
  });
});

describe('definition validation', () => {
  it('lists what asl-validator found wrong', () => {
    // Prepare
    const broken: AslDefinition = { StartAt: 'Missing', States: { Only: { Type: 'Pass', Next: 'Nowhere' } } };

    // Act
    const validate = (): void => validateDefinition(broken);

    // Assess
    expect(validate).toThrow(/State machine definition is invalid:[\s\S]*Nowhere/);
  });
});
