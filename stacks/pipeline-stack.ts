/**
 * The Kiro activity pipeline: Glue catalog over the customer's report bucket, the stack's
 * analytics bucket and Athena workgroup, the handler Lambdas, the daily state machine and alerts.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { PipelineConfig } from './config.js';
import { AlertTopic } from './constructs/alert-topic.js';
import { AnalyticsBucket } from './constructs/analytics-bucket.js';
import { AthenaWorkGroup } from './constructs/athena-workgroup.js';
import { DailyStateMachine } from './constructs/daily-state-machine.js';
import { PROJECT_ROOT } from './constructs/pipeline-function.js';
import { PipelineFunctions } from './constructs/pipeline-functions.js';
import { ReportCatalog } from './constructs/report-catalog.js';
import { USER_MAPPING_TABLE, UserMappingTable } from './constructs/user-mapping-table.js';
import { reportPrefixes } from './report-paths.js';
import { buildPipelineSettings } from './settings.js';
import { viewNames } from './views.js';

/** Props of {@link PipelineStack}. */
export interface PipelineStackProps extends StackProps {
  config: PipelineConfig;
}

/** One stack holding the whole pipeline. */
export class PipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays;
    const prefixes = reportPrefixes(config.report, config.report.accountId ?? this.account);
    const views = viewNames(`${PROJECT_ROOT}sql`);
    const crawledTables = prefixes.map((prefix) => prefix.table);

    // The customer's bucket: imported by name, never modified.
    const reportBucket = Bucket.fromBucketName(this, 'ReportBucket', config.report.bucket);
    const catalog = new ReportCatalog(this, 'ReportCatalog', {
      databaseName: config.glueDatabase,
      reportBucketName: reportBucket.bucketName,
      reportPrefixes: prefixes,
      namePrefix: this.stackName,
    });
    const analytics = new AnalyticsBucket(this, 'Analytics', {
      athenaResultsExpiryDays: config.athenaResultsExpiryDays,
      accessLogRetentionDays: logRetention,
    });
    const workGroup = new AthenaWorkGroup(this, 'AthenaWorkGroup', { name: this.stackName, resultsBucket: analytics.bucket });
    const mapping = new UserMappingTable(this, 'UserMapping', { databaseName: catalog.databaseName, bucket: analytics.bucket });
    mapping.node.addDependency(catalog);

    const settings = buildPipelineSettings(config, {
      athenaWorkGroup: workGroup.name,
      analyticsBucket: analytics.bucket.bucketName,
      crawlerNames: catalog.crawlerNames,
    });
    const sourceTables = [...crawledTables, USER_MAPPING_TABLE];
    const functions = new PipelineFunctions(this, 'Functions', {
      settings,
      logRetention,
      catalogTables: [...sourceTables, ...views],
      reportBucketArn: reportBucket.bucketArn,
      reportKeyPrefixes: prefixes.map((prefix) => prefix.keyPrefix),
      analyticsBucket: analytics.bucket,
    });
    const alerts = new AlertTopic(this, 'Alerts', { emails: config.alertEmails });
    const pipeline = new DailyStateMachine(this, 'DailyPipeline', {
      functions: functions.byName,
      crawlerNames: catalog.crawlerNames,
      databaseName: catalog.databaseName,
      viewNames: views,
      sourceTables,
      workGroup: workGroup.name,
      analyticsBucket: analytics.bucket,
      quicksightDatasetIds: config.quicksightDatasetIds,
      alertTopic: alerts.topic,
      alertKey: alerts.key,
      scheduleUtc: config.scheduleUtc,
      logRetention,
    });

    const stateMachineArn = pipeline.stateMachine.stateMachineArn;
    new CfnOutput(this, 'StateMachineArn', { value: stateMachineArn, description: 'The daily pipeline state machine' });
    new CfnOutput(this, 'StateMachineConsoleUrl', {
      value: `https://${this.region}.console.aws.amazon.com/states/home?region=${this.region}#/statemachines/view/${stateMachineArn}`,
      description: 'Start an execution or backfill a day ({"reportDate": "YYYY-MM-DD"}) here',
    });
    new CfnOutput(this, 'AnalyticsBucketName', { value: analytics.bucket.bucketName, description: 'Athena results and the user mapping' });
    new CfnOutput(this, 'AthenaWorkGroupName', { value: workGroup.name, description: 'Query the views in this workgroup' });
    new CfnOutput(this, 'AlertTopicArn', { value: alerts.topic.topicArn, description: 'Failure, spike and stale-data alerts' });
  }
}
