/**
 * Holds the ASL file to `statemachines/steps.ts`: every Lambda state is a registered step, passes
 * the payload its handler takes, selects exactly the keys its handler returns and lands them
 * where the step says; every alert state publishes the registered `alert_kind` to its path.
 */
import { allStates, type AslDefinition, type AslState } from '../../../local/aws/step-functions/definition.js';
import { LAMBDA_INVOKE } from '../../../local/aws/step-functions/bind-tasks.js';
import { ALERT_STEPS, FAILURE_ALERT, HANDLER_NAMES, LAMBDA_STEPS, OVERLAP_ALERT, functionArnKey, type LambdaStep } from '../../../statemachines/steps.js';

type Json = Record<string, unknown>;

const keysOf = (value: unknown): string[] =>
  value !== null && typeof value === 'object' ? Object.keys(value).map((key) => key.replace(/\.\$$/, '')).sort() : [];
const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** Every way the definition (placeholders not substituted) disagrees with the registry. */
export function registryProblems(definition: AslDefinition): string[] {
  const states = new Map(allStates(definition));
  const parentMap = new Map(
    Object.entries(definition.States).flatMap(([name, state]) =>
      allStates(state.ItemProcessor ?? state.Iterator ?? { StartAt: '', States: {} }).map(([inner]) => [inner, name] as const),
    ),
  );
  const problems: string[] = [];
  const registered = new Set<string>(HANDLER_NAMES.map((handler) => LAMBDA_STEPS[handler].state));
  for (const [name, state] of states) {
    if (state.Type === 'Task' && state['Resource'] === LAMBDA_INVOKE && !registered.has(name)) {
      problems.push(`${name}: invokes a Lambda but is no step of statemachines/steps.ts`);
    }
  }
  for (const handler of HANDLER_NAMES) {
    const step: LambdaStep = LAMBDA_STEPS[handler];
    const state = states.get(step.state);
    if (state?.Type !== 'Task' || state['Resource'] !== LAMBDA_INVOKE) {
      problems.push(`${step.state}: no lambda:invoke Task of that name for handler ${handler}`);
      continue;
    }
    problems.push(...lambdaStateProblems(step, handler, state, step.mapState === undefined ? undefined : states.get(step.mapState), parentMap.get(step.state)));
  }
  problems.push(...alertProblems(states));
  return problems;
}

function lambdaStateProblems(step: LambdaStep, handler: (typeof HANDLER_NAMES)[number], state: AslState, map: AslState | undefined, parent: string | undefined): string[] {
  const problems: string[] = [];
  const parameters = (state['Parameters'] ?? {}) as Json;
  if (parameters['FunctionName'] !== `\${${functionArnKey(handler)}}`) {
    problems.push(`${step.state}: FunctionName must be \${${functionArnKey(handler)}}`);
  }

  const payload = parameters['Payload'];
  if (step.eventKeys === 'state') {
    if (parameters['Payload.$'] !== '$') problems.push(`${step.state}: must pass the whole state ("Payload.$": "$")`);
  } else if (parameters['Payload.$'] === '$' && map !== undefined) {
    const items = keysOf(map['ItemSelector']);
    if (!same(items, step.eventKeys)) problems.push(`${step.state}: ${step.mapState} ItemSelector passes {${items}}, the handler takes {${[...step.eventKeys].sort()}}`);
  } else if (!same(keysOf(payload), step.eventKeys)) {
    problems.push(`${step.state}: Payload passes {${keysOf(payload)}}, the handler takes {${[...step.eventKeys].sort()}}`);
  }

  // What lands: the selected keys, at the step's result path (a Map's results land as its array).
  const outer = map ?? state;
  let selector = state['ResultSelector'] as Json | undefined;
  const resultPath = outer['ResultPath'];
  if (map !== undefined && parent !== step.mapState) problems.push(`${step.state}: is not inside ${step.mapState}`);
  if (step.resultPath === null) {
    if (resultPath !== undefined || state['End'] !== true) problems.push(`${step.state}: its result is the execution output: no ResultPath, End true`);
  } else if (resultPath === undefined && map === undefined) {
    // The first step replaces the execution input with {<resultPath>: result}.
    if (!same(keysOf(selector), [step.resultPath])) problems.push(`${step.state}: replaces the state, so its ResultSelector must be {${step.resultPath}: {...}}`);
    selector = selector?.[step.resultPath] as Json | undefined;
  } else if (resultPath !== `$.${step.resultPath}`) {
    problems.push(`${outer === state ? step.state : step.mapState}: ResultPath is ${String(resultPath)}, the step says $.${step.resultPath}`);
  }
  const selected = keysOf(selector);
  if (!same(selected, step.resultKeys)) {
    problems.push(`${step.state}: ResultSelector selects {${selected}}, the handler returns {${[...step.resultKeys].sort()}}`);
  }
  for (const [key, path] of Object.entries(selector ?? {})) {
    if (path !== `$.Payload.${key.replace(/\.\$$/, '')}`) problems.push(`${step.state}: ResultSelector ${key} reads ${String(path)}, not the handler's own field`);
  }
  return problems;
}

function alertProblems(states: Map<string, AslState>): string[] {
  const problems: string[] = [];
  const alerts = [...ALERT_STEPS, FAILURE_ALERT, OVERLAP_ALERT];
  const registered = new Set<string>(alerts.map((alert) => alert.state));
  for (const [name, state] of states) {
    if (state['Resource'] === 'arn:aws:states:::sns:publish' && !registered.has(name)) problems.push(`${name}: publishes an alert that statemachines/steps.ts does not list`);
  }
  for (const alert of alerts) {
    const state = states.get(alert.state);
    const kind = ((state?.['Parameters'] as Json | undefined)?.['MessageAttributes'] as Json | undefined)?.['alert_kind'] as Json | undefined;
    if (state?.['Resource'] !== 'arn:aws:states:::sns:publish') problems.push(`${alert.state}: no sns:publish Task of that name`);
    else if (kind?.['StringValue'] !== alert.alertKind) problems.push(`${alert.state}: alert_kind is ${String(kind?.['StringValue'])}, the registry says ${alert.alertKind}`);
    else if (state['ResultPath'] !== `$.${alert.resultPath}`) problems.push(`${alert.state}: ResultPath is ${String(state['ResultPath'])}, the registry says $.${alert.resultPath}`);
  }
  return problems;
}
