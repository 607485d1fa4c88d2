/**
 * Binds every Task state of a definition to what runs it locally: a Lambda state to the handler
 * its step in `statemachines/steps.ts` names, a service integration to the stand-in for its
 * `Resource`. A new state of a known kind needs no binding of its own.
 */
import { HANDLER_NAMES, LAMBDA_STEPS, type HandlerName } from '../../../statemachines/steps.js';
import { allStates, type AslDefinition } from './definition.js';
import type { LocalHandler } from './handlers.js';

/** The Task `Resource` of a Lambda invocation. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** The service integrations the definition uses, by the `Resource` of their Task states. */
export const SERVICE_RESOURCES = {
  startCrawler: 'arn:aws:states:::aws-sdk:glue:startCrawler',
  getCrawler: 'arn:aws:states:::aws-sdk:glue:getCrawler',
  startQueryExecution: 'arn:aws:states:::athena:startQueryExecution.sync',
  publish: 'arn:aws:states:::sns:publish',
  createIngestion: 'arn:aws:states:::aws-sdk:quicksight:createIngestion',
  describeIngestion: 'arn:aws:states:::aws-sdk:quicksight:describeIngestion',
  listExecutions: 'arn:aws:states:::aws-sdk:sfn:listExecutions',
  getTable: 'arn:aws:states:::aws-sdk:glue:getTable',
} as const;

/** A local stand-in for each service integration. */
export type ServiceStandIns = Record<keyof typeof SERVICE_RESOURCES, LocalHandler>;

/** What runs each Task locally: one handler per Lambda step, one stand-in per service integration. */
export interface TaskBindings {
  lambdas: Record<HandlerName, LocalHandler>;
  services: ServiceStandIns;
}

/**
 * State name → local handler for every Task state of the definition (Map iterators included).
 *
 * @throws Error naming each Task state that nothing can run.
 */
export function bindTaskStates(definition: AslDefinition, bindings: TaskBindings): Record<string, LocalHandler> {
  const handlerOfState = new Map(HANDLER_NAMES.map((handler) => [LAMBDA_STEPS[handler].state as string, handler]));
  const services = new Map(
    (Object.keys(SERVICE_RESOURCES) as (keyof typeof SERVICE_RESOURCES)[]).map((key) => [SERVICE_RESOURCES[key] as string, bindings.services[key]]),
  );
  const bound: Record<string, LocalHandler> = {};
  const unbound: string[] = [];
  for (const [name, state] of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    const resource = String(state['Resource']);
    const handler = resource === LAMBDA_INVOKE ? handlerOfState.get(name) : undefined;
    const local = handler === undefined ? services.get(resource) : bindings.lambdas[handler];
    if (local === undefined) unbound.push(`${name} (${resource})`);
    else bound[name] = local;
  }
  if (unbound.length > 0) {
    throw new Error(`No local binding for Task state(s) ${unbound.join(', ')}: add the step to statemachines/steps.ts or a stand-in for its resource`);
  }
  return bound;
}
