/**
 * The Kiro activity pipeline: Glue catalog over the customer's report bucket, the stack's
 * analytics bucket and Athena workgroup, the handler Lambdas, the daily state machine and alerts;
 * optionally the QuickSight dashboards and Lake Formation grants.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { PipelineConfig } from '../handlers/shared/config.js';
import { AlertTopic } from './constructs/alert-topic.js';
import { AlertChat, hasChatChannel } from './constructs/alert-chat.js';
import { AnalyticsBucket } from './constructs/analytics-bucket.js';
import { AthenaWorkGroup } from './constructs/athena-workgroup.js';
import { DailyStateMachine, pipelineAlarmNames } from './constructs/daily-state-machine.js';
import { DeployedViews } from './constructs/deployed-views.js';
import { LakeFormationGrants } from './constructs/lake-formation-grants.js';
import { PROJECT_ROOT } from './constructs/pipeline-function.js';
import { PipelineFunctions } from './constructs/pipeline-functions.js';
import { QuickSightDashboards } from './constructs/quicksight-dashboards.js';
import { ReportCatalog } from './constructs/report-catalog.js';
import { UserMappingTable } from './constructs/user-mapping-table.js';
import { GroupMembershipTable } from './constructs/group-membership-table.js';
import { CanonicalTables } from './constructs/canonical-tables.js';
import { viewNames } from '../handlers/render-views/view-names.js';
import { CANONICAL_TABLES, GROUP_MEMBERSHIP_TABLE, reportPrefixes, USER_MAPPING_TABLE } from '../handlers/shared/report-format.js';
import { buildPipelineSettings } from '../handlers/shared/build-settings.js';
import { incrementalDatasetIds } from '../sql/dashboard-spec.js';

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
    // Issue 13: the group snapshots read-groups writes (teams, licensed seats).
    const memberships = new GroupMembershipTable(this, 'GroupMembership', { databaseName: catalog.databaseName, bucket: analytics.bucket });
    memberships.node.addDependency(catalog);
    // Issue 11: user_report read by header (normalise-reports) into tables of our own.
    const canonical = new CanonicalTables(this, 'Canonical', { databaseName: catalog.databaseName, bucket: analytics.bucket });
    canonical.node.addDependency(catalog);

    const settings = buildPipelineSettings(config, {
      athenaWorkGroup: workGroup.name,
      analyticsBucket: analytics.bucket.bucketName,
      crawlerNames: catalog.crawlerNames,
      reportAccountId: this.account,
    });
    const sourceTables = [...crawledTables, USER_MAPPING_TABLE, GROUP_MEMBERSHIP_TABLE, ...CANONICAL_TABLES];
    const catalogTables = [...sourceTables, ...views];
    const reportKeyPrefixes = prefixes.map((prefix) => prefix.keyPrefix);
    const functions = new PipelineFunctions(this, 'Functions', {
      settings,
      logRetention,
      catalogTables,
      reportBucketArn: reportBucket.bucketArn,
      reportKeyPrefixes,
      analyticsBucket: analytics.bucket,
    });
    const alarmNames = pipelineAlarmNames(this.stackName);
    const alerts = new AlertTopic(this, 'Alerts', { emails: config.alertEmails, alarmNames: Object.values(alarmNames) });
    if (hasChatChannel(config.chat)) {
      new AlertChat(this, 'AlertChat', { chat: config.chat, alertTopic: alerts.topic, alertKey: alerts.key, settings, logRetention });
    }
    const pipeline = new DailyStateMachine(this, 'DailyPipeline', {
      functions: functions.byName,
      crawlerNames: catalog.crawlerNames,
      databaseName: catalog.databaseName,
      viewNames: views,
      sourceTables,
      workGroup: workGroup.name,
      analyticsBucket: analytics.bucket,
      quicksightDatasetIds: settings.quicksightDatasetIds,
      incrementalDatasetIds: incrementalDatasetIds(config),
      alertTopic: alerts.topic,
      alertKey: alerts.key,
      scheduleUtc: config.scheduleUtc,
      logRetention,
      alarmNames,
      alertTopicReady: alerts.policy,
      didNotRunHours: config.alarms.didNotRunHours,
      overlapWaitMinutes: config.overlap.waitMinutes,
    });

    // The views exist from the first deploy on: nothing waits for a first run to create them.
    const deployedViews = new DeployedViews(this, 'Views', {
      settings,
      logRetention,
      sqlDir: `${PROJECT_ROOT}sql`,
      viewNames: views,
      sourceTables,
      analyticsBucket: analytics.bucket,
    });
    deployedViews.createAfter(catalog, mapping, canonical, workGroup);

    const dashboards = config.quicksight.enabled
      ? new QuickSightDashboards(this, 'QuickSight', {
          config: config.quicksight,
          workGroup: workGroup.name,
          databaseName: catalog.databaseName,
          catalogTables,
          reportBucketArn: reportBucket.bucketArn,
          reportKeyPrefixes,
          analyticsBucket: analytics.bucket,
        })
      : undefined;
    if (config.lakeFormation.enabled) {
      this.grantLakeFormation(config, { catalog, functions, pipeline, deployedViews, dashboards });
    }
    // Every dataset's first import reads the views.
    dashboards?.queryAfter(deployedViews.resource);

    const stateMachineArn = pipeline.stateMachine.stateMachineArn;
    new CfnOutput(this, 'StateMachineArn', { value: stateMachineArn, description: 'The daily pipeline state machine' });
    new CfnOutput(this, 'StateMachineConsoleUrl', {
      value: `https://${this.region}.console.aws.amazon.com/states/home?region=${this.region}#/statemachines/view/${stateMachineArn}`,
      description: 'Start an execution or backfill a day ({"reportDate": "YYYY-MM-DD"}) here',
    });
    new CfnOutput(this, 'AnalyticsBucketName', { value: analytics.bucket.bucketName, description: 'Athena results and the user mapping' });
    new CfnOutput(this, 'AthenaWorkGroupName', { value: workGroup.name, description: 'Query the views in this workgroup' });
    new CfnOutput(this, 'AlertTopicArn', { value: alerts.topic.topicArn, description: 'Failure, spike, stale-data, data-quality and overlap alerts' });
    new CfnOutput(this, 'CrawlerLogGroupName', {
      value: catalog.crawlerLogGroupName,
      description: 'CloudWatch log group of both crawlers (encrypted by their security configuration): one stream per crawler',
    });
    if (dashboards) {
      new CfnOutput(this, 'DashboardUrl', {
        value: `https://${this.region}.quicksight.aws.amazon.com/sn/dashboards/${dashboards.dashboardId}`,
        description: 'The published Kiro activity dashboard',
      });
    }
  }

  /** Lake Formation grants for every principal that uses the database; QuickSight reads only once they exist. */
  private grantLakeFormation(config: PipelineConfig, parts: PipelineParts): void {
    const { catalog, functions, pipeline, deployedViews, dashboards } = parts;
    const { adminRoleArn } = config.lakeFormation;
    const grants = new LakeFormationGrants(this, 'LakeFormation', {
      databaseName: catalog.databaseName,
      roles: [
        { id: 'Crawler', role: catalog.crawlerRole, access: 'crawl' },
        ...functions.queryFunctions.map((fn) => ({ id: fn.node.id, role: fn.executionRole, access: 'query' as const })),
        { id: 'StateMachine', role: pipeline.stateMachine.role, access: 'create-views' },
        { id: 'DeployViews', role: deployedViews.function.executionRole, access: 'create-views' },
        ...(dashboards ? [{ id: 'QuickSightDataSource', role: dashboards.dataSourceRole, access: 'query' as const }] : []),
      ],
      principals: [
        ...(dashboards ? config.quicksight.principalArns.map((arn, index) => ({ id: `QuickSightPrincipal${index}`, arn, access: 'query' as const })) : []),
        ...(adminRoleArn === undefined ? [] : [{ id: 'Admin', arn: adminRoleArn, access: 'admin' as const }]),
      ],
    });
    grants.node.addDependency(catalog);
    // The deploy-time views and the first SPICE ingestion must find the grants in place.
    deployedViews.createAfter(grants);
    dashboards?.queryAfter(grants);
  }
}

/** The parts of the stack that use the Glue database. */
interface PipelineParts {
  catalog: ReportCatalog;
  functions: PipelineFunctions;
  pipeline: DailyStateMachine;
  deployedViews: DeployedViews;
  dashboards: QuickSightDashboards | undefined;
}
