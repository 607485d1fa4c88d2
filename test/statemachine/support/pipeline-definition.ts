import { fileURLToPath } from 'node:url';
import { loadDefinition, type AslDefinition } from '../../../local/state-machine/definition.js';
import { validateDefinition } from '../../../local/state-machine/validate.js';

/** The committed ASL file. */
export const DEFINITION_PATH = fileURLToPath(new URL('../../../statemachines/daily-pipeline.asl.json', import.meta.url));

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:kiro-test-${name}`;

/** Made-up values for every placeholder the contract lists. */
export const TEST_SUBSTITUTIONS = {
  PrepareFunctionArn: functionArn('prepare'),
  RenderViewsFunctionArn: functionArn('render-views'),
  CheckDataFunctionArn: functionArn('check-data'),
  FindUsersFunctionArn: functionArn('find-users'),
  ResolveUsersFunctionArn: functionArn('resolve-users'),
  DetectSpikesFunctionArn: functionArn('detect-spikes'),
  SummariseFunctionArn: functionArn('summarise'),
  AlertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:kiro-test-alerts`,
  AthenaWorkGroup: 'kiro-test-workgroup',
  GlueDatabase: 'kiro_activity',
  AccountId: ACCOUNT,
  Region: REGION,
} as const;

/** The pipeline definition with test substitutions, validated. */
export async function loadPipelineDefinition(): Promise<AslDefinition> {
  const definition = await loadDefinition(DEFINITION_PATH, TEST_SUBSTITUTIONS);
  validateDefinition(definition);
  return definition;
}
