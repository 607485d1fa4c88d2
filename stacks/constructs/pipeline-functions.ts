/**
 * One Lambda per step of `statemachines/steps.ts`, with its explicit grants: only the Athena-querying
 * functions reach the catalog and the report bucket, only resolve-users and read-groups call Identity Center.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { ATHENA_RESULTS_PREFIX, MAPPING_PREFIX, WORK_PREFIX } from '../../handlers/shared/build-settings.js';
import { CANONICAL_PREFIX, GROUP_MEMBERSHIP_PREFIX } from '../../handlers/shared/report-format.js';
import { ALERTS_SENT_PREFIX } from '../../handlers/record-alerts-sent/alert-record.js';
import { STATEMENT_PREFIX } from '../../handlers/build-statement/monthly-statement.js';
import { athenaQueryStatement, glueReadStatement, prefixAccessStatements, type PrefixAccess } from './access-statements.js';
import { acknowledgeWildcardResources } from './nag.js';
import { HANDLER_NAMES, LAMBDA_STEPS, pascalCase, type HandlerName, type LambdaStep } from '../../statemachines/steps.js';
import { PipelineFunction } from './pipeline-function.js';

/** Props of {@link PipelineFunctions}. */
export interface PipelineFunctionsProps {
  settings: PipelineSettings;
  logRetention: RetentionDays;
  /** Crawled tables, the mapping table and the views: what the queries may read. */
  catalogTables: readonly string[];
  reportBucketArn: string;
  /** Report key prefixes Athena reads through the crawled tables. */
  reportKeyPrefixes: readonly string[];
  analyticsBucket: IBucket;
}

const OBJECT_WILDCARD_REASON =
  'Object ARNs need a key wildcard: keys under this prefix are generated per query or per execution; the grant stays inside the prefix.';

/** The functions, by handler name. */
export class PipelineFunctions extends Construct {
  readonly byName: Record<HandlerName, PipelineFunction>;
  /** The functions that run Athena queries over the catalog (check-data, find-users, detect-spikes, evaluate-foresight, build-statement). */
  readonly queryFunctions: PipelineFunction[];

  constructor(scope: Construct, id: string, private readonly props: PipelineFunctionsProps) {
    super(scope, id);
    const functions = HANDLER_NAMES.map((name) => {
      const step: LambdaStep = LAMBDA_STEPS[name];
      const fn = new PipelineFunction(this, pascalCase(name), {
        handlerName: name,
        description: step.description,
        timeout: Duration.seconds(step.timeoutSeconds),
        memorySize: step.memorySize,
        bundleSqlFiles: step.bundleSqlFiles ?? false,
        settings: props.settings,
        logRetention: props.logRetention,
      });
      return [name, fn] as const;
    });
    this.byName = Object.fromEntries(functions) as Record<HandlerName, PipelineFunction>;

    this.queryFunctions = (['check-data', 'find-users', 'detect-spikes', 'evaluate-foresight', 'build-statement'] as const).map((name) => this.byName[name]);
    for (const fn of this.queryFunctions) {
      this.grantQueries(fn);
    }
    this.grantPrefixes(this.byName['find-users'], { bucketArn: props.analyticsBucket.bucketArn, write: [WORK_PREFIX] });
    const resolveUsers = this.byName['resolve-users'];
    this.grantPrefixes(resolveUsers, { bucketArn: props.analyticsBucket.bucketArn, read: [WORK_PREFIX], write: [MAPPING_PREFIX] });
    this.grantDescribeUser(resolveUsers);
    const readGroups = this.byName['read-groups'];
    this.grantPrefixes(readGroups, { bucketArn: props.analyticsBucket.bucketArn, write: [GROUP_MEMBERSHIP_PREFIX] });
    this.grantReadGroups(readGroups);
    // The record of the alerts sent: the steps that word an alert read it to leave out what was told, RecordAlertsSent adds to it.
    for (const name of ['check-data', 'detect-spikes', 'evaluate-foresight', 'build-statement'] as const) {
      this.grantPrefixes(this.byName[name], { bucketArn: props.analyticsBucket.bucketArn, read: [ALERTS_SENT_PREFIX] });
    }
    // The monthly statement's CSV and HTML, reports/monthly/YYYY-MM/.
    this.grantPrefixes(this.byName['build-statement'], { bucketArn: props.analyticsBucket.bucketArn, write: [STATEMENT_PREFIX] });
    this.grantPrefixes(this.byName['record-alerts-sent'], { bucketArn: props.analyticsBucket.bucketArn, write: [ALERTS_SENT_PREFIX] });
    this.grantNormalise();
  }

  /**
   * plan-normalise lists and stamps the report files (user_report and by_user_analytic), reads
   * the manifests (canonical prefix) and writes batch files (work prefix); normalise-reports reads
   * the batch files and the report files and writes the canonical objects and manifests. Neither
   * queries Athena.
   */
  private grantNormalise(): void {
    const { reportBucketArn, settings, analyticsBucket } = this.props;
    const reports = { bucketArn: reportBucketArn, read: [settings.userReportPrefix, settings.analyticReportPrefix] };
    const plan = this.byName['plan-normalise'];
    this.grantPrefixes(plan, reports);
    this.grantPrefixes(plan, { bucketArn: analyticsBucket.bucketArn, read: [CANONICAL_PREFIX], write: [WORK_PREFIX] });
    const normalise = this.byName['normalise-reports'];
    this.grantPrefixes(normalise, reports);
    this.grantPrefixes(normalise, { bucketArn: analyticsBucket.bucketArn, read: [WORK_PREFIX], write: [CANONICAL_PREFIX] });
  }

  /** Athena queries in the workgroup over the catalog, the reports and the mapping. */
  private grantQueries(fn: PipelineFunction): void {
    const { settings, catalogTables } = this.props;
    fn.addToRolePolicy(athenaQueryStatement(fn, settings.athenaWorkGroup));
    fn.addToRolePolicy(glueReadStatement(fn, settings.glueDatabase, catalogTables));
    this.grantPrefixes(fn, { bucketArn: this.props.reportBucketArn, read: this.props.reportKeyPrefixes });
    this.grantPrefixes(fn, { bucketArn: this.props.analyticsBucket.bucketArn, read: [MAPPING_PREFIX, GROUP_MEMBERSHIP_PREFIX, CANONICAL_PREFIX], write: [ATHENA_RESULTS_PREFIX] });
  }

  private grantPrefixes(fn: PipelineFunction, access: PrefixAccess): void {
    for (const statement of prefixAccessStatements(access)) {
      fn.addToRolePolicy(statement);
    }
    const prefixes = [...(access.read ?? []), ...(access.write ?? [])];
    acknowledgeWildcardResources(fn.executionRole, prefixes.map((prefix) => `${access.bucketArn}/${prefix}*`), OBJECT_WILDCARD_REASON);
  }

  /**
   * GetGroupId authorizes against the identity store and the group, ListGroupMemberships also
   * against every membership (`membership/*` is its only form); group ids are not known in advance.
   */
  private grantReadGroups(fn: PipelineFunction): void {
    const stack = Stack.of(this);
    const anyGroup = `arn:${stack.partition}:identitystore:::group/*`;
    const anyMembership = `arn:${stack.partition}:identitystore:::membership/*`;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['identitystore:GetGroupId', 'identitystore:ListGroupMemberships'],
        resources: [`arn:${stack.partition}:identitystore::${stack.account}:identitystore/${this.props.settings.identityStoreId}`, anyGroup, anyMembership],
      }),
    );
    acknowledgeWildcardResources(
      fn.executionRole,
      [anyGroup, anyMembership],
      'identitystore:GetGroupId and ListGroupMemberships require the group resource arn:aws:identitystore:::group/* (ListGroupMemberships also membership/*); the store is limited by the identitystore ARN beside them.',
    );
  }

  /** DescribeUser authorizes against the identity store and the user; user ids are not known in advance. */
  private grantDescribeUser(fn: PipelineFunction): void {
    const stack = Stack.of(this);
    const anyUser = `arn:${stack.partition}:identitystore:::user/*`;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['identitystore:DescribeUser'],
        resources: [`arn:${stack.partition}:identitystore::${stack.account}:identitystore/${this.props.settings.identityStoreId}`, anyUser],
      }),
    );
    acknowledgeWildcardResources(
      fn.executionRole,
      [anyUser],
      'identitystore:DescribeUser requires the user resource arn:aws:identitystore:::user/*; the store is limited by the identitystore ARN beside it.',
    );
  }
}
