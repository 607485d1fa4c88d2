/**
 * Builds the pipeline stack for the CDK tests from the committed example config, without
 * bundling the Lambdas unless a test needs the bundles.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfigFile, type PipelineConfig } from '../../handlers/shared/config.js';
import { PROJECT_ROOT } from '../../stacks/constructs/pipeline-function.js';
import { PipelineStack } from '../../stacks/pipeline-stack.js';

/** The committed example config, validated. */
export function exampleConfig(): PipelineConfig {
  return readConfigFile(`${PROJECT_ROOT}pipeline.config.example.json`);
}

/** A built stack, its app and its template. */
export interface BuiltStack {
  app: App;
  stack: PipelineStack;
  template: Template;
}

/**
 * Builds `KiroActivityPipeline` in a fixed test account and region. `bundle: false` (the default)
 * skips esbuild; the handler entry files must exist either way.
 */
export function buildStack(config: PipelineConfig = exampleConfig(), options: { bundle?: boolean } = {}): BuiltStack {
  const app = new App({ context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PipelineStack(app, 'KiroActivityPipeline', { env: { account: '123456789012', region: 'eu-west-1' }, config });
  return { app, stack, template: Template.fromStack(stack) };
}
