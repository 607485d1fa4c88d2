/**
 * CDK app: reads the pipeline config (see handlers/shared/config.ts), builds the `KiroActivityPipeline`
 * stack and checks it with cdk-nag's AWS Solutions rules on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONFIG_CONTEXT_KEY, ConfigError, loadConfig } from '../handlers/shared/config.js';
import { PROJECT_ROOT } from '../stacks/constructs/pipeline-function.js';
import { PipelineStack } from '../stacks/pipeline-stack.js';

const app = new App();
try {
  const config = loadConfig(PROJECT_ROOT, app.node.tryGetContext(CONFIG_CONTEXT_KEY) as string | undefined, (message) =>
    console.warn(`WARNING: ${message}`),
  );
  new PipelineStack(app, 'KiroActivityPipeline', {
    description: 'Kiro activity pipeline: daily per-person usage and cost from Kiro user activity reports, with alerts',
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
    config,
  });
  // cdk-nag 3 runs as a synth-time validation plugin (it replaced the v2 aspect).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) {
    throw error;
  }
  // A config mistake is the user's to fix: show the list, not a stack trace.
  console.error(error.message);
  process.exit(1);
}
