/**
 * Builds the pipeline stack for the CDK tests from the committed example config, without
 * bundling the Lambdas (test/cdk/synth.test.ts checks the bundles the CLI's synth writes).
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
 * Builds `KiroActivityPipeline` in a fixed test account and region, skipping esbuild (the
 * handler entry files must exist all the same).
 */
export function buildStack(config: PipelineConfig = exampleConfig()): BuiltStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PipelineStack(app, 'KiroActivityPipeline', { env: { account: '123456789012', region: 'eu-west-1' }, config });
  return { app, stack, template: Template.fromStack(stack) };
}
