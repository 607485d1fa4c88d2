import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_RESOURCES, bindTaskStates, type ServiceStandIns } from '../../local/aws/step-functions/bind-tasks.js';
import type { AslDefinition, AslState } from '../../local/aws/step-functions/definition.js';
import { HANDLER_NAMES, type HandlerName } from '../../statemachines/steps.js';
import { DEFINITION_PATH } from './support/pipeline-definition.js';
import { registryProblems } from './support/registry-check.js';

/** The committed ASL, placeholders as written. */
const committed = (): AslDefinition => JSON.parse(readFileSync(DEFINITION_PATH, 'utf8')) as AslDefinition;
const state = (definition: AslDefinition, name: string): AslState => {
  const found = definition.States[name] ?? definition.States.ResolveUsers?.ItemProcessor?.States[name];
  if (!found) throw new Error(`no state ${name}`);
  return found;
};

describe('the ASL file and statemachines/steps.ts', () => {
  it('agree on every Lambda step and alert', () => {
    // Act
    const problems = registryProblems(committed());

    // Assess
    expect(problems).toEqual([]);
  });

  it('catches a field deleted from a ResultSelector', () => {
    // Prepare
    const definition = committed();
    const selector = state(definition, 'CheckData').ResultSelector as Record<string, string>;
    delete selector['creditsRows.$'];
    delete selector['activityRows.$'];

    // Act
    const problems = registryProblems(definition);

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^CheckData: ResultSelector selects \{.*\}, the handler returns \{.*activityRows.*creditsRows/)]);
  });

  it('catches a deleted field in every Lambda step, the first one and the per-batch one included', () => {
    // Prepare
    const cases: Array<[string, (definition: AslDefinition) => void]> = [
      ['Prepare', (d) => delete (state(d, 'Prepare').ResultSelector as { run: Record<string, string> }).run['crawlers.$']],
      ['ResolveUserBatch', (d) => delete (state(d, 'ResolveUserBatch').ResultSelector as Record<string, string>)['deleted.$']],
      ['Summarise', (d) => delete (state(d, 'Summarise').ResultSelector as Record<string, string>)['ingestions.$']],
    ];

    // Act
    const found = cases.map(([name, plant]) => {
      const definition = committed();
      plant(definition);
      return registryProblems(definition).some((problem) => problem.startsWith(`${name}: ResultSelector selects`));
    });

    // Assess
    expect(found).toEqual([true, true, true]);
  });

  it('catches a field read from another place, a payload the handler does not take and a result landing elsewhere', () => {
    // Prepare
    const definition = committed();
    (state(definition, 'DetectSpikes').ResultSelector as Record<string, string>)['alert.$'] = '$.Payload.teamAlert';
    ((state(definition, 'RenderViews').Parameters as { Payload: Record<string, string> }).Payload)['reportDate.$'] = '$.run.reportDate';
    state(definition, 'FindUsersToResolve').ResultPath = '$.users';

    // Act
    const problems = registryProblems(definition);

    // Assess
    expect(problems).toEqual([
      'RenderViews: Payload passes {reportDate}, the handler takes {}',
      'FindUsersToResolve: ResultPath is $.users, the step says $.lookup',
      "DetectSpikes: ResultSelector alert.$ reads $.Payload.teamAlert, not the handler's own field",
    ]);
  });

  it('catches a Lambda state with no step and an alert with the wrong kind', () => {
    // Prepare
    const definition = committed();
    definition.States.Extra = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${ExtraFunctionArn}' }, End: true };
    const kind = (state(definition, 'PublishSpikeAlert').Parameters as { MessageAttributes: { alert_kind: { StringValue: string } } }).MessageAttributes.alert_kind;
    kind.StringValue = 'spikes';

    // Act
    const problems = registryProblems(definition);

    // Assess
    expect(problems).toEqual([
      'Extra: invokes a Lambda but is no step of statemachines/steps.ts',
      'PublishSpikeAlert: alert_kind is spikes, the registry says spike',
    ]);
  });
});

describe('bindTaskStates', () => {
  it('names every Task state nothing can run locally', () => {
    // Prepare
    const definition: AslDefinition = {
      StartAt: 'Known',
      States: {
        Known: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Next: 'Unknown' },
        Unknown: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:putObject', Next: 'Unregistered' },
        Unregistered: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
      },
    };
    const handler = async (): Promise<unknown> => ({});
    const lambdas = Object.fromEntries(HANDLER_NAMES.map((name) => [name, handler])) as Record<HandlerName, typeof handler>;
    const services = Object.fromEntries(Object.keys(SERVICE_RESOURCES).map((key) => [key, handler])) as unknown as ServiceStandIns;

    // Act
    const bind = (): unknown => bindTaskStates(definition, { lambdas, services });

    // Assess
    expect(bind).toThrow(
      'No local binding for Task state(s) Unknown (arn:aws:states:::aws-sdk:s3:putObject), Unregistered (arn:aws:states:::lambda:invoke)',
    );
  });
});
