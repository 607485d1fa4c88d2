/**
 * What a Task's `Resource` calls, in AWS's terms: the model operation it sends its Parameters to,
 * the shape of the result it hands to ResultSelector/ResultPath, and the error names Step
 * Functions reports for it.
 *
 * - `arn:aws:states:::aws-sdk:<service>:<action>`: the model operation `<Action>` (PascalCase);
 *   errors `<ServiceName>.<ErrorShape>` with the service name in PascalCase and an `Exception`
 *   suffix added where the shape has none (Step Functions developer guide, "AWS SDK service
 *   integrations": `AcmPca.ResourceNotFoundException`, `S3.BucketAlreadyExistsException`).
 * - The optimized integrations the pipeline uses: `athena:startQueryExecution[.sync]` (input
 *   StartQueryExecution; `.sync` returns GetQueryExecution's answer), `sns:publish`, and
 *   `lambda:invoke` (Payload is JSON both ways; Step Functions adds SdkHttpMetadata and
 *   SdkResponseMetadata; besides Lambda's modelled errors it reports the documented
 *   `Lambda.AWSLambdaException`, `Lambda.SdkClientException`,
 *   `Lambda.ClientExecutionTimeoutException` and `Lambda.Unknown`, which are not model shapes).
 */
import { isKnownService, serviceModel, type MemberNaming, type Operation, type ServiceName, type Shape } from './aws-models.js';

/** The built-in error names of the Amazon States Language and Step Functions (developer guide, "Error names"). */
export const STATES_ERRORS: ReadonlySet<string> = new Set([
  'States.ALL',
  'States.BranchFailed',
  'States.DataLimitExceeded',
  'States.ExceedToleratedFailureThreshold',
  'States.HeartbeatTimeout',
  'States.Http.Socket',
  'States.IntrinsicFailure',
  'States.ItemReaderFailed',
  'States.NoChoiceMatched',
  'States.ParameterPathFailure',
  'States.Permissions',
  'States.QueryEvaluationError',
  'States.ResultPathMatchFailure',
  'States.ResultWriterFailed',
  'States.Runtime',
  'States.TaskFailed',
  'States.Timeout',
]);

/** Lambda errors Step Functions documents for `lambda:invoke` that are no Lambda model shape ("Handle Lambda service exceptions"). */
export const LAMBDA_SERVICE_ERRORS: readonly string[] = ['AWSLambdaException', 'SdkClientException', 'ClientExecutionTimeoutException', 'Unknown'];

/** How the integration's result or input differs from the model operation's. */
export type ShapeOverride = 'json-payload';

/** A resolved Task resource. */
export interface Integration {
  /** `aws-sdk:glue:getCrawler`, `lambda:invoke`, … */
  readonly label: string;
  readonly service: ServiceName;
  readonly operation: Operation;
  /** The shape of the result, or `unknown` (callback patterns). */
  readonly result: { readonly shape: Shape; readonly origin: string; readonly extraMembers?: readonly string[] } | 'unknown';
  /** How Parameters and the result spell the model's member names. */
  readonly naming: MemberNaming;
  /** Members of the input (and result) that carry JSON instead of the model's blob. */
  readonly jsonMembers: readonly string[];
  /** The prefix before the dot of its error names (`Glue`, `SNS`, `Lambda`). */
  readonly errorPrefix: string;
  /** Every full error name it can report besides `States.*`. */
  readonly errorNames: ReadonlySet<string>;
}

/** A resource the checker cannot map to a model. */
export interface UnresolvedIntegration {
  readonly problem: string;
}

/** `ACM PCA` → `AcmPca`, `Glue` → `Glue`, `QuickSight` → `QuickSight`, `SFN` → `Sfn`. */
export function sdkErrorPrefix(serviceId: string): string {
  return serviceId
    .split(/\s+/)
    .map((word) => (word === word.toUpperCase() ? word.charAt(0) + word.slice(1).toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

function withExceptionSuffix(name: string): string {
  return name.endsWith('Exception') ? name : `${name}Exception`;
}

function pascal(action: string): string {
  return action.charAt(0).toUpperCase() + action.slice(1);
}

const OPTIMIZED: Record<string, { service: ServiceName; operation: string; resultOperation?: string; errorPrefix: string; jsonMembers?: string[]; extraResultMembers?: string[] }> = {
  'athena:startQueryExecution': { service: 'athena', operation: 'StartQueryExecution', errorPrefix: 'Athena' },
  'athena:startQueryExecution.sync': { service: 'athena', operation: 'StartQueryExecution', resultOperation: 'GetQueryExecution', errorPrefix: 'Athena' },
  'athena:getQueryExecution': { service: 'athena', operation: 'GetQueryExecution', errorPrefix: 'Athena' },
  'athena:stopQueryExecution': { service: 'athena', operation: 'StopQueryExecution', errorPrefix: 'Athena' },
  'sns:publish': { service: 'sns', operation: 'Publish', errorPrefix: 'SNS' },
  'lambda:invoke': {
    service: 'lambda',
    operation: 'Invoke',
    errorPrefix: 'Lambda',
    jsonMembers: ['Payload'],
    extraResultMembers: ['SdkHttpMetadata', 'SdkResponseMetadata'],
  },
  'lambda:invoke.waitForTaskToken': { service: 'lambda', operation: 'Invoke', errorPrefix: 'Lambda', jsonMembers: ['Payload'] },
};

/**
 * The integration behind `resource`; `undefined` when it is no service integration the checker
 * models on purpose (a bare function ARN or a `${…}` placeholder: nothing to check against).
 */
export function resolveIntegration(resource: string): Integration | UnresolvedIntegration | undefined {
  const match = /^arn:[^:]+:states:::(.+)$/.exec(resource);
  if (!match) return undefined;
  const target = match[1]!;
  const sdk = /^aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)(\.waitForTaskToken)?$/.exec(target);
  if (sdk) {
    const [, service = '', action = '', callback] = sdk;
    if (!isKnownService(service)) return { problem: `aws-sdk:${service} has no model here: add @aws-sdk/client-${service} to devDependencies and SERVICE_PACKAGES` };
    const model = serviceModel(service);
    const operation = model.operation(pascal(action));
    if (!operation) return { problem: `${model.serviceId} has no operation ${pascal(action)} (from ${action}; ${model.packageName}@${model.packageVersion})` };
    if (action !== action.charAt(0).toLowerCase() + action.slice(1)) return { problem: `the action must be camelCase: ${action.charAt(0).toLowerCase()}${action.slice(1)}` };
    const errorPrefix = sdkErrorPrefix(model.serviceId);
    return {
      label: `aws-sdk:${service}:${action}${callback ?? ''}`,
      service,
      operation,
      result: callback ? 'unknown' : { shape: operation.output, origin: `${model.serviceId} ${operation.name} output` },
      naming: 'pascal',
      jsonMembers: [],
      errorPrefix,
      errorNames: new Set([...model.errors.keys()].map((name) => `${errorPrefix}.${withExceptionSuffix(name)}`)),
    };
  }
  const optimized = OPTIMIZED[target];
  if (!optimized) return { problem: `${target} is no integration the contract checker models (see test/contracts/support/integrations.ts)` };
  const model = serviceModel(optimized.service);
  const operation = model.operation(optimized.operation);
  if (!operation) return { problem: `${model.serviceId} has no operation ${optimized.operation}` };
  const resultOperation = optimized.resultOperation ? model.operation(optimized.resultOperation) : operation;
  if (!resultOperation) return { problem: `${model.serviceId} has no operation ${optimized.resultOperation}` };
  const errorNames = new Set([...model.errors.keys()].map((name) => `${optimized.errorPrefix}.${withExceptionSuffix(name)}`));
  if (optimized.service === 'lambda') for (const name of LAMBDA_SERVICE_ERRORS) errorNames.add(`Lambda.${name}`);
  return {
    label: target,
    service: optimized.service,
    operation,
    result: target.endsWith('.waitForTaskToken')
      ? 'unknown'
      : {
          shape: resultOperation.output,
          origin: `${model.serviceId} ${resultOperation.name} output`,
          ...(optimized.extraResultMembers ? { extraMembers: optimized.extraResultMembers } : {}),
        },
    naming: 'model',
    jsonMembers: optimized.jsonMembers ?? [],
    errorPrefix: optimized.errorPrefix,
    errorNames,
  };
}

export function isUnresolved(value: Integration | UnresolvedIntegration | undefined): value is UnresolvedIntegration {
  return !!value && 'problem' in value;
}
