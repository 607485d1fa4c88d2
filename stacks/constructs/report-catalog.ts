/**
 * The Glue side of the customer's reports: the database, the two report tables the stack defines
 * (`report-tables.ts`) and one crawler per table. Each crawler has a catalog target, its table:
 * it crawls the table's location (the report prefix) with the quoted-CSV classifier, adds the new
 * partitions and merges new columns, and cannot create a table of its own.
 */
import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import { CfnCrawler, CfnDatabase, CfnSecurityConfiguration, type CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, type AwsSdkCall } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ReportPrefix } from '../../handlers/shared/report-format.js';
import { glueCatalogArns, prefixAccessStatements } from './access-statements.js';
import { acknowledge, acknowledgeWildcardResources } from './nag.js';
import { ReportTables } from './report-tables.js';

/** Props of {@link ReportCatalog}. */
export interface ReportCatalogProps {
  databaseName: string;
  reportBucketName: string;
  /** `[user_report, by_user_analytic]` prefixes of the report bucket. */
  reportPrefixes: readonly ReportPrefix[];
  /** Base of the crawler, classifier and security configuration names (unique per account and region). */
  namePrefix: string;
}

/**
 * New columns merge into the table (a grown header adds them, none is removed or retyped) and
 * partitions follow the table's schema.
 */
export const CRAWLER_CONFIGURATION = {
  Version: 1.0,
  CrawlerOutput: {
    Partitions: { AddOrUpdateBehavior: 'InheritFromTable' },
    Tables: { AddOrUpdateBehavior: 'MergeNewColumns' },
  },
};

/**
 * What a crawler with catalog targets may do on a schema change (Glue API, `SchemaChangePolicy`):
 * update the table in the database; a deleted object is only logged, the one delete behaviour
 * Glue accepts for catalog targets.
 */
export const CATALOG_TARGET_SCHEMA_CHANGE_POLICY = { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' } as const;

/** Glue database, report tables, classifier, security configuration, crawler role and the two crawlers. */
export class ReportCatalog extends Construct {
  /** The Glue database name. */
  readonly databaseName: string;
  /** The two report tables, in the order of the report prefixes. */
  readonly reportTables: ReportTables;
  /** Crawler names, in the order of the report prefixes. */
  readonly crawlerNames: string[];
  /** The role both crawlers run as. */
  readonly crawlerRole: Role;
  /** The CloudWatch log group the crawlers write to (one stream per crawler). */
  readonly crawlerLogGroupName: string;

  constructor(scope: Construct, id: string, props: ReportCatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.databaseName = props.databaseName;

    const database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: props.databaseName, description: 'Kiro user activity reports and the views over them' },
    });
    this.reportTables = new ReportTables(this, 'ReportTables', {
      databaseName: props.databaseName,
      reportBucketName: props.reportBucketName,
      reportPrefixes: props.reportPrefixes,
    });
    for (const table of this.reportTables.tables) {
      table.node.addDependency(database);
    }

    const classifierName = `${props.namePrefix}-quoted-csv`;
    const classifier = this.createCsvClassifier(classifierName);
    const securityConfiguration = this.createSecurityConfiguration(`${props.namePrefix}-crawler-logs`);

    const role = new Role(this, 'CrawlerRole', {
      assumedBy: new ServicePrincipal('glue.amazonaws.com'),
      description: 'Glue crawlers of the Kiro reports: read the report prefixes, update the two report tables',
    });
    this.crawlerRole = role;
    const bucketArn = stack.formatArn({ service: 's3', region: '', account: '', resource: props.reportBucketName });
    for (const statement of prefixAccessStatements({ bucketArn, read: props.reportPrefixes.map((prefix) => prefix.keyPrefix) })) {
      role.addToPolicy(statement);
    }
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          // No glue:CreateTable: a crawler with catalog targets only updates the stack's tables.
          'glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:UpdateTable',
          'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition', 'glue:CreatePartition',
          'glue:BatchCreatePartition', 'glue:UpdatePartition', 'glue:BatchUpdatePartition',
        ],
        resources: glueCatalogArns(this, props.databaseName, props.reportPrefixes.map((prefix) => prefix.table)),
      }),
    );
    // With an encrypting security configuration Glue logs to this group, named after role and configuration
    // (not /aws-glue/crawlers, where crawlers without one write).
    this.crawlerLogGroupName = `/aws-glue/crawlers-role/${role.roleName}-${securityConfiguration.name}`;
    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.crawlerLogGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:AssociateKmsKey', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArn, `${logGroupArn}:*`],
      }),
    );
    acknowledgeWildcardResources(
      role,
      props.reportPrefixes.map((prefix) => `${bucketArn}/${prefix.keyPrefix}*`),
      'Object ARNs need a key wildcard: the crawler reads every report object under its report prefix, nothing else.',
    );
    acknowledgeWildcardResources(role, [`${logGroupArn}:*`], 'Log stream ARNs need a wildcard: Glue opens one stream per crawl in the crawler log group named here.');

    this.crawlerNames = props.reportPrefixes.map((prefix, index) => {
      const name = `${props.namePrefix}-${prefix.table.replaceAll('_', '-')}`;
      const crawler = new CfnCrawler(this, `Crawler-${prefix.table}`, {
        name,
        description: `Kiro ${prefix.table} reports: s3://${props.reportBucketName}/${prefix.keyPrefix}`,
        role: role.roleArn,
        databaseName: props.databaseName,
        classifiers: [classifierName],
        crawlerSecurityConfiguration: securityConfiguration.name,
        targets: { catalogTargets: [{ databaseName: props.databaseName, tables: [prefix.table] }] },
        schemaChangePolicy: { ...CATALOG_TARGET_SCHEMA_CHANGE_POLICY },
        recrawlPolicy: { recrawlBehavior: 'CRAWL_EVERYTHING' },
        configuration: JSON.stringify(CRAWLER_CONFIGURATION),
      });
      crawler.addResourceDependency(database);
      crawler.addResourceDependency(this.reportTables.tables[index] as CfnTable);
      crawler.addResourceDependency(securityConfiguration);
      crawler.node.addDependency(classifier);
      return name;
    });
  }

  /**
   * CloudFormation's CsvClassifier cannot set `Serde`, and without OpenCSVSerDe the quoted
   * values (user ids, profile ARNs) would keep their quotes: create it through the Glue API.
   */
  private createCsvClassifier(name: string): AwsCustomResource {
    const csvClassifier = { Name: name, ContainsHeader: 'PRESENT', Delimiter: ',', QuoteSymbol: '"', Serde: 'OpenCSVSerDe' };
    const call = (action: string, parameters: object): AwsSdkCall => ({
      service: 'Glue',
      action,
      parameters,
      physicalResourceId: PhysicalResourceId.of(name),
    });
    const classifier = new AwsCustomResource(this, 'CsvClassifier', {
      onCreate: call('CreateClassifier', { CsvClassifier: csvClassifier }),
      onUpdate: call('UpdateClassifier', { CsvClassifier: csvClassifier }),
      onDelete: call('DeleteClassifier', { Name: name }),
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['glue:CreateClassifier', 'glue:UpdateClassifier', 'glue:DeleteClassifier'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledge(
      classifier,
      'AwsSolutions-IAM5[Resource::*]',
      'Glue classifier actions support no resource-level permissions: AWS requires Resource "*" for them.',
    );
    // The provider Lambda behind every AwsCustomResource is a stack-level singleton.
    const provider = Stack.of(this).node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`);
    acknowledge(
      provider,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's AwsCustomResource provider writes its own logs through this AWS managed policy; it only runs on deploy to manage the CSV classifier.",
    );
    return classifier;
  }

  /** Encrypts the crawlers' CloudWatch logs with a rotating customer-managed key. */
  private createSecurityConfiguration(name: string): CfnSecurityConfiguration {
    const stack = Stack.of(this);
    const key = new Key(this, 'CrawlerLogKey', { enableKeyRotation: true, description: 'Encrypts the CloudWatch logs of the Kiro report crawlers' });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '/aws-glue/crawlers-role/*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    return new CfnSecurityConfiguration(this, 'SecurityConfiguration', {
      name,
      encryptionConfiguration: {
        cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
      },
    });
  }
}
