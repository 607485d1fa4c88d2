import { fileURLToPath } from 'node:url';
import { loadDefinition, type AslDefinition } from '../../../local/aws/step-functions/definition.js';
import { validateDefinition } from '../../../local/aws/step-functions/validate.js';
import { DEFINITION_FILE, definitionSubstitutions } from '../../../statemachines/steps.js';

/** The committed ASL file. */
export const DEFINITION_PATH = fileURLToPath(new URL(`../../../${DEFINITION_FILE}`, import.meta.url));

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
/** Polls (one a minute) an execution makes for an earlier running one before it gives up. */
export const OVERLAP_WAIT_MINUTES = 3;

/** Made-up values for every placeholder of the definition. */
export const TEST_SUBSTITUTIONS = definitionSubstitutions({
  functionArn: (handler) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:kiro-test-${handler}`,
  alertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:kiro-test-alerts`,
  athenaWorkGroup: 'kiro-test-workgroup',
  glueDatabase: 'kiro_activity',
  accountId: ACCOUNT,
  region: REGION,
  overlapWaitMinutes: OVERLAP_WAIT_MINUTES,
  // Of the scenarios' datasets, this one refreshes incrementally.
  incrementalDatasetIds: ['dataset-credits'],
});

/** The pipeline definition with test substitutions, validated. */
export async function loadPipelineDefinition(): Promise<AslDefinition> {
  const definition = await loadDefinition(DEFINITION_PATH, TEST_SUBSTITUTIONS);
  validateDefinition(definition);
  return definition;
}
