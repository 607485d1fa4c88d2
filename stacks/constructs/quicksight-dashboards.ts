/**
 * QuickSight deployed with the stack (when `quicksight.enabled`): an Athena data source on the
 * pipeline's workgroup with its own least-privilege role, one SPICE dataset per dataset of the
 * dashboard spec, and the spec's four sheets as an editable analysis and a published dashboard.
 * The datasets are refreshed by the daily run's RefreshSpice step, never by a schedule here.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnAnalysis, CfnDashboard, CfnDataSet, CfnDataSource } from 'aws-cdk-lib/aws-quicksight';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IDependable } from 'constructs';
import type { QuickSightConfig } from '../../handlers/shared/config.js';
import { buildDashboardDefinition } from '../dashboards/quicksight-definition.js';
import { datasetProperties } from '../dashboards/quicksight-datasets.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { ATHENA_RESULTS_PREFIX, MAPPING_PREFIX } from '../../handlers/shared/build-settings.js';
import { GROUP_MEMBERSHIP_PREFIX } from '../../handlers/shared/report-format.js';
import { athenaQueryStatement, glueCatalogArns, glueReadStatement, prefixAccessStatements, workGroupArn } from './access-statements.js';
import { acknowledge, acknowledgeWildcardResources } from './nag.js';

/**
 * What QuickSight's Athena connector calls besides running queries (compare the AWS managed
 * policy AWSQuicksightAthenaAccess), by the resource each action authorizes on (the IAM service
 * authorization reference): the workgroup, the AwsDataCatalog data catalog, or none at all.
 */
export const ATHENA_CONNECTOR_ACTIONS = {
  workgroup: ['athena:GetWorkGroup', 'athena:GetQueryResultsStream', 'athena:BatchGetQueryExecution', 'athena:ListQueryExecutions'],
  dataCatalog: ['athena:GetDataCatalog', 'athena:GetDatabase', 'athena:ListDatabases', 'athena:GetTableMetadata', 'athena:ListTableMetadata'],
  /** These support no resource-level permission: Resource "*". */
  anyResource: ['athena:ListDataCatalogs', 'athena:ListWorkGroups', 'athena:ListEngineVersions'],
} as const;

/** What an owner of the data source may do (the console's "Owner" permission). */
export const DATA_SOURCE_OWNER_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
  'quicksight:UpdateDataSource',
  'quicksight:DeleteDataSource',
  'quicksight:UpdateDataSourcePermissions',
];

/** What an owner of the analysis may do. */
export const ANALYSIS_OWNER_ACTIONS = [
  'quicksight:RestoreAnalysis',
  'quicksight:UpdateAnalysisPermissions',
  'quicksight:DeleteAnalysis',
  'quicksight:DescribeAnalysisPermissions',
  'quicksight:QueryAnalysis',
  'quicksight:DescribeAnalysis',
  'quicksight:UpdateAnalysis',
];

/** What an owner of the dashboard may do. */
export const DASHBOARD_OWNER_ACTIONS = [
  'quicksight:DescribeDashboard',
  'quicksight:ListDashboardVersions',
  'quicksight:UpdateDashboardPermissions',
  'quicksight:QueryDashboard',
  'quicksight:UpdateDashboard',
  'quicksight:DeleteDashboard',
  'quicksight:DescribeDashboardPermissions',
  'quicksight:UpdateDashboardPublishedVersion',
];

/** Props of {@link QuickSightDashboards}. */
export interface QuickSightDashboardsProps {
  config: QuickSightConfig;
  workGroup: string;
  databaseName: string;
  /** Crawled tables, the mapping table and the views: what the dataset queries read. */
  catalogTables: readonly string[];
  reportBucketArn: string;
  /** Report key prefixes Athena reads through the crawled tables. */
  reportKeyPrefixes: readonly string[];
  analyticsBucket: IBucket;
}

/** Data source, datasets, analysis and dashboard. */
export class QuickSightDashboards extends Construct {
  /** The role QuickSight's Athena queries run as (instead of the account-wide QuickSight service role). */
  readonly dataSourceRole: Role;
  /** Id of the published dashboard. */
  readonly dashboardId: string;
  private readonly dataAccess: readonly Construct[];

  constructor(scope: Construct, id: string, props: QuickSightDashboardsProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const { principalArns, datasetIdPrefix, refreshLookbackDays } = props.config;
    const permissions = (actions: readonly string[]): Array<{ principal: string; actions: string[] }> =>
      principalArns.map((principal) => ({ principal, actions: [...actions] }));

    this.dataSourceRole = this.createDataSourceRole(props);
    const dataSource = new CfnDataSource(this, 'AthenaDataSource', {
      awsAccountId: account,
      dataSourceId: `${datasetIdPrefix}-athena`,
      name: `${DASHBOARD.title} (Athena ${props.workGroup})`,
      type: 'ATHENA',
      dataSourceParameters: { athenaParameters: { workGroup: props.workGroup, roleArn: this.dataSourceRole.roleArn } },
      sslProperties: { disableSsl: false },
      permissions: permissions(DATA_SOURCE_OWNER_ACTIONS),
    });
    // QuickSight checks the connection on creation: the role's policy must be attached by then.
    dataSource.node.addDependency(this.dataSourceRole);

    const source = { dataSourceArn: dataSource.attrArn, database: props.databaseName, idPrefix: datasetIdPrefix, principalArns, refreshLookbackDays };
    const datasets = DASHBOARD.datasets.map((dataset) => ({
      key: dataset.key,
      resource: new CfnDataSet(this, `DataSet-${dataset.key}`, { ...datasetProperties(dataset, source), awsAccountId: account }),
    }));
    for (const { resource } of datasets) {
      acknowledge(
        resource,
        'CloudFormation-Validate::W9009',
        'LogicalTableMap is marked deprecated in favour of DataPrepConfiguration, but CreateDataSet still accepts it; it is the documented home of the CreateColumnsOperation that adds the sum columns.',
      );
    }

    this.dataAccess = [dataSource, ...datasets.map(({ resource }) => resource)];
    const definition = buildDashboardDefinition(DASHBOARD, Object.fromEntries(datasets.map(({ key, resource }) => [key, resource.attrArn])));
    new CfnAnalysis(this, 'Analysis', {
      awsAccountId: account,
      analysisId: `${datasetIdPrefix}-analysis`,
      name: `${DASHBOARD.title} (analysis)`,
      definition,
      permissions: permissions(ANALYSIS_OWNER_ACTIONS),
    });
    this.dashboardId = `${datasetIdPrefix}-dashboard`;
    new CfnDashboard(this, 'Dashboard', {
      awsAccountId: account,
      dashboardId: this.dashboardId,
      name: DASHBOARD.title,
      definition,
      permissions: permissions(DASHBOARD_OWNER_ACTIONS),
    });
  }

  /** Creates the data source and the datasets (whose first ingestion queries Athena) only after `dependable`. */
  queryAfter(dependable: IDependable): void {
    for (const resource of this.dataAccess) {
      resource.node.addDependency(dependable);
    }
  }

  /**
   * Exactly what QuickSight's Athena queries need: the workgroup, the catalog entries of the
   * views and the tables under them, the report prefixes and the mapping files they read, and the
   * workgroup's result prefix; and what the connector lists and describes around them
   * ({@link ATHENA_CONNECTOR_ACTIONS}).
   */
  private createDataSourceRole(props: QuickSightDashboardsProps): Role {
    const stack = Stack.of(this);
    const role = new Role(this, 'DataSourceRole', {
      assumedBy: new ServicePrincipal('quicksight.amazonaws.com'),
      description: 'QuickSight Athena data source of the Kiro activity dashboards: query the views in the pipeline workgroup',
    });
    role.addToPolicy(athenaQueryStatement(this, props.workGroup));
    role.addToPolicy(new PolicyStatement({ actions: [...ATHENA_CONNECTOR_ACTIONS.workgroup], resources: [workGroupArn(this, props.workGroup)] }));
    role.addToPolicy(
      new PolicyStatement({
        actions: [...ATHENA_CONNECTOR_ACTIONS.dataCatalog],
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      }),
    );
    role.addToPolicy(new PolicyStatement({ actions: [...ATHENA_CONNECTOR_ACTIONS.anyResource], resources: ['*'] }));
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      `${ATHENA_CONNECTOR_ACTIONS.anyResource.join(', ')} support no resource-level permissions (AWS requires Resource "*"); QuickSight's Athena connector lists catalogs, workgroups and engine versions with them, and they read no data.`,
    );
    role.addToPolicy(glueReadStatement(this, props.databaseName, props.catalogTables));
    // Athena's ListDatabases reads the Glue catalog as the caller: the catalog and this database only.
    role.addToPolicy(new PolicyStatement({ actions: ['glue:GetDatabases'], resources: glueCatalogArns(this, props.databaseName, []) }));
    const analyticsBucketArn = props.analyticsBucket.bucketArn;
    const accesses = [
      { bucketArn: props.reportBucketArn, read: props.reportKeyPrefixes },
      { bucketArn: analyticsBucketArn, read: [MAPPING_PREFIX, GROUP_MEMBERSHIP_PREFIX], write: [ATHENA_RESULTS_PREFIX] },
    ];
    for (const statement of accesses.flatMap(prefixAccessStatements)) {
      role.addToPolicy(statement);
    }
    acknowledgeWildcardResources(
      role,
      [...props.reportKeyPrefixes.map((prefix) => `${props.reportBucketArn}/${prefix}*`), `${analyticsBucketArn}/${MAPPING_PREFIX}*`, `${analyticsBucketArn}/${GROUP_MEMBERSHIP_PREFIX}*`, `${analyticsBucketArn}/${ATHENA_RESULTS_PREFIX}*`],
      'Object ARNs need a key wildcard: Athena reads every report and mapping object under these prefixes and names each result object by query id.',
    );
    return role;
  }
}
