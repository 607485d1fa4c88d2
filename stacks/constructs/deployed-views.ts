/**
 * The views, created at deploy time (issue 10, "one deploy from zero"): a custom resource whose
 * Lambda (`handlers/deploy-views`) runs the RenderViews plan over the bundled `sql/*.sql` files
 * through Athena in the stack's workgroup, so that nothing the stack deploys (the QuickSight
 * datasets) waits for a first pipeline run. The resource's properties hold a hash of the SQL
 * files and of the statements the settings render, so a deploy that changes either runs the
 * plan again; Delete is a no-op.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import { ATHENA_RESULTS_PREFIX } from '../../handlers/shared/build-settings.js';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { settingsViews } from '../../handlers/render-views/settings-views.js';
import { isSqlFile } from '../../handlers/render-views/view-names.js';
import { athenaQueryStatement, glueCatalogArns, prefixAccessStatements } from './access-statements.js';
import { acknowledge, acknowledgeWildcardResources } from './nag.js';
import { PipelineFunction } from './pipeline-function.js';

/** The CloudFormation type of the views resource. */
export const VIEWS_RESOURCE_TYPE = 'Custom::KiroViews';

/** Props of {@link DeployedViews}. */
export interface DeployedViewsProps {
  settings: PipelineSettings;
  logRetention: RetentionDays;
  /** The folder of the view files (`sql/`), bundled with the function and hashed here. */
  sqlDir: string;
  /** Views the plan creates or replaces. */
  viewNames: readonly string[];
  /** Tables the views read (Athena resolves them when it creates a view). */
  sourceTables: readonly string[];
  analyticsBucket: IBucket;
}

/**
 * Hash of what the views plan is made of: every `*.sql` file of `sqlDir` (name and text) and
 * the statements {@link settingsViews} renders from `settings`. Any change to a view file, a
 * price or a threshold changes it, and with it the resource's properties.
 */
export function viewsPlanHash(sqlDir: string, settings: PipelineSettings): string {
  const files = readdirSync(sqlDir)
    .filter(isSqlFile)
    .sort()
    .map((file) => [file, readFileSync(join(sqlDir, file), 'utf8')]);
  return createHash('sha256')
    .update(JSON.stringify({ files, generated: settingsViews(settings) }))
    .digest('hex');
}

/** The views custom resource, its Lambda and the CDK Provider framework between them. */
export class DeployedViews extends Construct {
  /** The custom resource: what must exist before anything reads the views. */
  readonly resource: CustomResource;
  /** The Lambda that creates the views; its role is the one Lake Formation must grant. */
  readonly function: PipelineFunction;

  constructor(scope: Construct, id: string, props: DeployedViewsProps) {
    super(scope, id);
    const { settings } = props;
    this.function = new PipelineFunction(this, 'Function', {
      handlerName: 'deploy-views',
      description: 'Creates the Kiro activity views at deploy time (the RenderViews plan through Athena)',
      timeout: Duration.minutes(10),
      memorySize: 256,
      bundleSqlFiles: true,
      settings,
      logRetention: props.logRetention,
    });
    this.grantViewDdl(props);

    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new LogGroup(this, 'ProviderLogs', { retention: props.logRetention }),
    });
    acknowledge(
      provider,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's custom resource Provider framework Lambda writes its own logs through this AWS managed policy; it only relays the deploy-time views event to the views Lambda.",
    );
    acknowledgeWildcardResources(
      provider,
      [`${this.function.functionArn}:*`],
      "CDK's Provider framework may invoke the views Lambda's versions and aliases (<function ARN>:*); it is the one function named.",
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: VIEWS_RESOURCE_TYPE,
      properties: {
        Database: settings.glueDatabase,
        WorkGroup: settings.athenaWorkGroup,
        ViewsHash: viewsPlanHash(props.sqlDir, settings),
      },
    });
  }

  /** Creates (and updates) the views only after `dependables`: the tables, the workgroup, the Lake Formation grants. */
  createAfter(...dependables: IDependable[]): void {
    this.resource.node.addDependency(...dependables);
  }

  /**
   * CREATE OR REPLACE VIEW through Athena: queries in the workgroup (polled, results read), the
   * catalog entries of the views (created, replaced) and of the tables they read, and the
   * workgroup's result prefix. No report data: creating a view reads none.
   */
  private grantViewDdl(props: DeployedViewsProps): void {
    const stack = Stack.of(this);
    const { settings } = props;
    const fn = this.function;
    fn.addToRolePolicy(athenaQueryStatement(this, settings.athenaWorkGroup));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['athena:GetDataCatalog'],
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'],
        resources: glueCatalogArns(this, settings.glueDatabase, [...props.sourceTables, ...props.viewNames]),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'],
        resources: glueCatalogArns(this, settings.glueDatabase, props.viewNames),
      }),
    );
    const results = { bucketArn: props.analyticsBucket.bucketArn, write: [ATHENA_RESULTS_PREFIX] };
    for (const statement of prefixAccessStatements(results)) {
      fn.addToRolePolicy(statement);
    }
    acknowledgeWildcardResources(
      fn.executionRole,
      [`${results.bucketArn}/${ATHENA_RESULTS_PREFIX}*`],
      'Object ARNs need a key wildcard: Athena names each result object by query id; the grant stays inside athena-results/.',
    );
  }
}
