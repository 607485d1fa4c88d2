/**
 * The seven handler Lambdas with their timeouts and explicit grants: only the Athena-querying
 * functions reach the catalog and the report bucket, only resolve-users calls Identity Center.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { ATHENA_RESULTS_PREFIX, MAPPING_PREFIX, WORK_PREFIX } from '../settings.js';
import { athenaQueryStatement, glueReadStatement, prefixAccessStatements, type PrefixAccess } from './access-statements.js';
import { acknowledgeWildcardResources } from './nag.js';
import { PipelineFunction, type HandlerName } from './pipeline-function.js';

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

/** Timeout and memory of one function, and what it does (its description). */
interface FunctionSpec {
  description: string;
  timeout: Duration;
  memorySize: number;
}

const SPECS: Record<HandlerName, FunctionSpec> = {
  prepare: { description: 'Validates the execution input and picks the report date', timeout: Duration.seconds(30), memorySize: 256 },
  'render-views': { description: 'Renders the view statements from the bundled SQL files', timeout: Duration.seconds(30), memorySize: 256 },
  'check-data': { description: 'Counts the report rows of the day and finds the newest report date', timeout: Duration.minutes(5), memorySize: 256 },
  'find-users': { description: 'Finds new and stale-name user ids and writes them in batches', timeout: Duration.minutes(10), memorySize: 512 },
  'resolve-users': { description: 'Resolves one batch of user ids through Identity Center', timeout: Duration.minutes(10), memorySize: 512 },
  'detect-spikes': { description: 'Detects overage spikes per person and for the team', timeout: Duration.minutes(5), memorySize: 256 },
  summarise: { description: 'Builds the compact execution summary', timeout: Duration.seconds(30), memorySize: 256 },
};

const OBJECT_WILDCARD_REASON =
  'Object ARNs need a key wildcard: keys under this prefix are generated per query or per execution; the grant stays inside the prefix.';

/** The functions, by handler name. */
export class PipelineFunctions extends Construct {
  readonly byName: Record<HandlerName, PipelineFunction>;
  /** The functions that run Athena queries over the catalog (check-data, find-users, detect-spikes). */
  readonly queryFunctions: PipelineFunction[];

  constructor(scope: Construct, id: string, private readonly props: PipelineFunctionsProps) {
    super(scope, id);
    const create = (name: HandlerName, bundleSqlFiles = false): PipelineFunction =>
      new PipelineFunction(this, toPascalCase(name), {
        handlerName: name,
        ...SPECS[name],
        settings: props.settings,
        logRetention: props.logRetention,
        bundleSqlFiles,
      });
    this.byName = {
      prepare: create('prepare'),
      'render-views': create('render-views', true),
      'check-data': create('check-data'),
      'find-users': create('find-users'),
      'resolve-users': create('resolve-users'),
      'detect-spikes': create('detect-spikes'),
      summarise: create('summarise'),
    };

    this.queryFunctions = (['check-data', 'find-users', 'detect-spikes'] as const).map((name) => this.byName[name]);
    for (const fn of this.queryFunctions) {
      this.grantQueries(fn);
    }
    this.grantPrefixes(this.byName['find-users'], { bucketArn: props.analyticsBucket.bucketArn, write: [WORK_PREFIX] });
    const resolveUsers = this.byName['resolve-users'];
    this.grantPrefixes(resolveUsers, { bucketArn: props.analyticsBucket.bucketArn, read: [WORK_PREFIX], write: [MAPPING_PREFIX] });
    this.grantDescribeUser(resolveUsers);
  }

  /** Athena queries in the workgroup over the catalog, the reports and the mapping. */
  private grantQueries(fn: PipelineFunction): void {
    const { settings, catalogTables } = this.props;
    fn.addToRolePolicy(athenaQueryStatement(fn, settings.athenaWorkGroup));
    fn.addToRolePolicy(glueReadStatement(fn, settings.glueDatabase, catalogTables));
    this.grantPrefixes(fn, { bucketArn: this.props.reportBucketArn, read: this.props.reportKeyPrefixes });
    this.grantPrefixes(fn, { bucketArn: this.props.analyticsBucket.bucketArn, read: [MAPPING_PREFIX], write: [ATHENA_RESULTS_PREFIX] });
  }

  private grantPrefixes(fn: PipelineFunction, access: PrefixAccess): void {
    for (const statement of prefixAccessStatements(access)) {
      fn.addToRolePolicy(statement);
    }
    const prefixes = [...(access.read ?? []), ...(access.write ?? [])];
    acknowledgeWildcardResources(fn.executionRole, prefixes.map((prefix) => `${access.bucketArn}/${prefix}*`), OBJECT_WILDCARD_REASON);
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

function toPascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}
