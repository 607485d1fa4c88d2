/**
 * One pipeline Lambda: a `NodejsFunction` holding the defaults every handler shares, with its
 * own role (no managed policies, grants added per function) and its own log group.
 */
import { fileURLToPath } from 'node:url';
import { Stack, type Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SETTINGS_ENV, type PipelineSettings } from '../../handlers/shared/settings.js';
import type { HandlerName } from '../../statemachines/steps.js';
import { acknowledge } from './nag.js';

/** Root of the project: handlers, SQL files and the lock file are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));


/**
 * A handler folder with an `index.ts` entry: a step of `statemachines/steps.ts`,
 * `deploy-views`, the deploy-time views custom resource (`deployed-views.ts`), or
 * `forward-to-chat`, the chat forwarder (`alert-chat.ts`).
 */
export type FunctionHandlerName = HandlerName | 'deploy-views' | 'forward-to-chat';

/** Props of {@link PipelineFunction}: a step's size and timeout come from `statemachines/steps.ts`. */
export interface PipelineFunctionProps {
  handlerName: FunctionHandlerName;
  description: string;
  settings: PipelineSettings;
  logRetention: RetentionDays;
  timeout: Duration;
  memorySize: number;
  /** Copies `sql/*.sql` into the bundle's `sql/` folder (render-views reads them beside the module). */
  bundleSqlFiles?: boolean;
}

// esbuild's ESM output has no `require`; some dependencies still call it.
const CREATE_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Copies the SQL files next to the bundled module after esbuild ran. */
const copySqlFiles: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [`mkdir -p "${outputDir}/sql"`, `cp "${inputDir}/sql/"*.sql "${outputDir}/sql/"`],
};

/** Node.js 22 on arm64, ESM bundle, X-Ray tracing, settings in `PIPELINE_SETTINGS`. */
export class PipelineFunction extends NodejsFunction {
  /** The function's own role, where its grants go. */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Kiro activity pipeline Lambda ${props.handlerName}`,
    });
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
    super(scope, id, {
      entry: `${PROJECT_ROOT}handlers/${props.handlerName}/index.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: `kiro-activity-${props.handlerName}`,
        [SETTINGS_ENV]: Stack.of(scope).toJsonString(props.settings),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        ...(props.bundleSqlFiles ? { commandHooks: copySqlFiles } : {}),
      },
    });
    this.executionRole = role;
    logGroup.grantWrite(role);
    acknowledge(
      this,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the handlers and their esbuild target are written and tested for (docs/contracts.md); moving to 24 is a deliberate upgrade.',
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) support no resource-level permissions: AWS requires Resource "*".',
    );
  }
}
