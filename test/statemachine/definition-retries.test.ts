/**
 * Rules of the definition about retries and alerts that the interpreter tests cannot show for
 * every state: the transient Lambda errors each Lambda Task retries, Map retries that can fire,
 * the error names of the aws-sdk integrations, and SNS subjects under 100 characters.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { allStates, type AslDefinition, type AslState } from '../../local/aws/step-functions/definition.js';
import { LAMBDA_INVOKE } from '../../local/aws/step-functions/bind-tasks.js';
import { MAX_SUBJECT_LENGTH } from '../../handlers/shared/sns-subject.js';
import { DEFINITION_PATH, loadPipelineDefinition } from './support/pipeline-definition.js';

const definition: AslDefinition = await loadPipelineDefinition();
const definitionText = await readFile(DEFINITION_PATH, 'utf8');

/**
 * The transient errors of the Lambda integration AWS recommends retrying (the console's default
 * retrier), and throttling.
 */
const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
];

/** The error-name prefix of each aws-sdk service the definition calls (`<ServiceName>.<Exception>`, PascalCase). */
const AWS_SDK_ERROR_PREFIX: Record<string, string> = { glue: 'Glue', quicksight: 'QuickSight', sfn: 'Sfn' };

type Retrier = { ErrorEquals: string[] };
type Catcher = NonNullable<AslState['Catch']>[number];

const iteratorOf = (state: AslState): AslDefinition | undefined => state.ItemProcessor ?? state.Iterator;

/** Whether `catcher` of a state of `type` catches the error `name`. */
function catches(catcher: Catcher, name: string, type: string): boolean {
  return catcher.ErrorEquals.some((error) => error === name || error === 'States.ALL' || (error === 'States.TaskFailed' && type === 'Task' && name !== 'States.Timeout'));
}

/** Whether entering `stateName` fails the iteration with the caught error itself ($.error.Error), whatever the path. */
function rethrows(iterator: AslDefinition, stateName: string, errorPath: string | null | undefined): boolean {
  const state = iterator.States[stateName];
  if (state === undefined) return false;
  if (state.Type === 'Fail') return errorPath !== null && errorPath !== undefined && state['ErrorPath'] === `${errorPath}.Error`;
  if (state.Type === 'Choice') {
    const choices = (state['Choices'] as Array<{ Next: string }>).map((choice) => choice.Next);
    return [...choices, String(state['Default'])].every((next) => rethrows(iterator, next, errorPath));
  }
  return false;
}

/**
 * Map retries that can never fire: an error a Map retries that a state inside its iterator
 * catches and does not fail the iteration with again (e.g. a catch-all to a ViewFailed).
 */
export function unreachableMapRetries(root: AslDefinition): string[] {
  return allStates(root).flatMap(([mapName, map]) => {
    const iterator = iteratorOf(map);
    if (iterator === undefined) return [];
    const retried = (map.Retry ?? []).flatMap((retrier: Retrier) => retrier.ErrorEquals).filter((error) => error !== 'States.ALL');
    return retried.flatMap((error) =>
      Object.entries(iterator.States).flatMap(([name, state]) => {
        const catcher = (state.Catch ?? []).find((candidate) => catches(candidate, error, state.Type));
        if (catcher === undefined || rethrows(iterator, catcher.Next, catcher.ResultPath)) return [];
        return [`${mapName}: retries ${error}, but ${name} catches it (to ${catcher.Next}): the retry can never fire`];
      }),
    );
  });
}

/** Every Subject of an sns:publish Task: its text, or for a States.Format its template. */
function subjects(root: AslDefinition): Array<{ state: string; subject: string }> {
  return allStates(root)
    .filter(([, state]) => state['Resource'] === 'arn:aws:states:::sns:publish')
    .flatMap(([name, state]) => {
      const parameters = state['Parameters'] as Record<string, unknown>;
      const subject = parameters['Subject'] ?? parameters['Subject.$'];
      return typeof subject === 'string' ? [{ state: name, subject }] : [];
    });
}

describe('retries of the daily pipeline definition', () => {
  it('retries exactly the transient Lambda errors in every lambda:invoke Task', () => {
    // Prepare
    const lambdaTasks = allStates(definition).filter(([, state]) => state.Type === 'Task' && state['Resource'] === LAMBDA_INVOKE);
    const lambdaRetriers = lambdaTasks.flatMap(([name, state]) =>
      (state.Retry ?? []).filter((retrier: Retrier) => retrier.ErrorEquals.some((error) => error.startsWith('Lambda.'))).map((retrier) => [name, retrier] as const),
    );

    // Act
    const wrong = lambdaRetriers.filter(([, retrier]) => JSON.stringify([...retrier.ErrorEquals].sort()) !== JSON.stringify([...LAMBDA_TRANSIENT_ERRORS].sort()));
    const withoutRetrier = lambdaTasks.filter(([name]) => !lambdaRetriers.some(([retrying]) => retrying === name)).map(([name]) => name);

    // Assess
    expect(lambdaTasks.length).toBeGreaterThanOrEqual(8);
    expect(wrong.map(([name, retrier]) => `${name}: ${retrier.ErrorEquals.join(', ')}`)).toEqual([]);
    expect(withoutRetrier).toEqual([]);
  });

  it('lets every Map retry fire: no state inside a Map keeps an error its Map retries', () => {
    // Act
    const problems = unreachableMapRetries(definition);

    // Assess
    expect(problems).toEqual([]);
    expect(allStates(definition).filter(([, state]) => iteratorOf(state) !== undefined && state.Retry?.length).map(([name]) => name)).toEqual(
      expect.arrayContaining(['Crawl', 'CreateViews', 'ResolveUsers', 'RefreshSpice']),
    );
  });

  it('reports a Map retry that can never fire (planted: the old CreateViews catch-all)', () => {
    // Prepare
    const planted = structuredClone(definition);
    const createView = planted.States.CreateViews?.ItemProcessor?.States.CreateView;
    if (!createView) throw new Error('CreateView not found');
    createView.Catch = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'HasViewFailureCause' }];

    // Act
    const problems = unreachableMapRetries(planted);

    // Assess
    expect(problems).toEqual([
      'CreateViews: retries Athena.TooManyRequestsException, but CreateView catches it (to HasViewFailureCause): the retry can never fire',
      'CreateViews: retries Athena.InternalServerException, but CreateView catches it (to HasViewFailureCause): the retry can never fire',
    ]);
  });

  it('names every aws-sdk error it retries or catches after its own service, and retries each aws-sdk Task', () => {
    // Prepare
    const sdkTasks = allStates(definition).filter(([, state]) => String(state['Resource']).startsWith('arn:aws:states:::aws-sdk:'));

    // Act
    const problems = sdkTasks.flatMap(([name, state]) => {
      const service = String(state['Resource']).split(':')[6] ?? '';
      const prefix = AWS_SDK_ERROR_PREFIX[service];
      const errors = [...(state.Retry ?? []), ...(state.Catch ?? [])].flatMap((entry: Retrier) => entry.ErrorEquals).filter((error) => !error.startsWith('States.'));
      return [
        ...(prefix === undefined ? [`${name}: no error prefix known for aws-sdk:${service}`] : []),
        ...errors.filter((error) => !error.startsWith(`${prefix}.`) || !error.endsWith('Exception')).map((error) => `${name}: ${error}`),
        ...(state.Retry?.length ? [] : [`${name}: no Retry`]),
      ];
    });

    // Assess
    expect(sdkTasks.map(([name]) => name)).toEqual(expect.arrayContaining(['ListRunningExecutions', 'GetCrawledTable']));
    expect(problems).toEqual([]);
  });
});

describe('SNS subjects of the definition', () => {
  it('keeps every fixed subject under 100 characters', () => {
    // Act
    const fixed = subjects(definition).filter(({ subject }) => !subject.startsWith('States.') && !subject.startsWith('$'));

    // Assess
    expect(fixed.map(({ state }) => state)).toContain('PublishOverlapAlert');
    for (const { state, subject } of fixed) expect(subject.length, state).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });

  it('keeps the failure subject under 100 characters for the longest step name a FailedAt state records', () => {
    // Prepare
    const template = /^States\.Format\('([^']*)', \$\.failedStep\)$/.exec(subjects(definition).find(({ state }) => state === 'NotifyFailure')?.subject ?? '')?.[1];
    const steps = Object.entries(definition.States).filter(([name]) => name.startsWith('FailedAt')).map(([, state]) => String(state['Result']));
    const longest = steps.reduce((a, b) => (b.length > a.length ? b : a), '');

    // Act
    const subject = template?.replace('{}', longest) ?? '';

    // Assess
    expect(template).toBe('Kiro activity pipeline failed at {}');
    expect(steps.length).toBeGreaterThan(10);
    expect(subject.length, subject).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    // Room to spare: a step name may grow to this length before the subject reaches SNS's limit.
    expect(longest.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH - template!.replace('{}', '').length);
  });

  it('holds no ${...} or line break in a subject', () => {
    // Act
    const bad = subjects(definition).filter(({ subject }) => /[\r\n]/.test(subject));

    // Assess
    expect(definitionText).toContain('"Subject": "Kiro activity pipeline run skipped: an earlier run is still running"');
    expect(bad).toEqual([]);
  });
});
