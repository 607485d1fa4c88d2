import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { ACCESS_PERMISSIONS } from '../../stacks/constructs/lake-formation-grants.js';
import { ANALYSIS_OWNER_ACTIONS, ATHENA_CONNECTOR_ACTIONS, DASHBOARD_OWNER_ACTIONS, DATA_SOURCE_OWNER_ACTIONS } from '../../stacks/constructs/quicksight-dashboards.js';
import { DATASET_OWNER_ACTIONS } from '../../stacks/dashboards/quicksight-datasets.js';
import { dashboardDatasetId } from '../../sql/dashboard-spec.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { buildStack, exampleConfig } from './stack-fixture.js';
import { HANDLER_NAMES } from '../../statemachines/steps.js';

/** Plain template JSON. */
type Json = any;

const PRINCIPAL = 'arn:aws:quicksight:us-east-1:111122223333:user/default/kiro-admin';
const GROUP = 'arn:aws:quicksight:us-east-1:111122223333:group/default/kiro-analysts';
const ADMIN_ROLE = 'arn:aws:iam::111122223333:role/DataLakeAdmin';
const DATASET_IDS = DASHBOARD.datasets.map((dataset) => dashboardDatasetId('kiro-activity', dataset));

function withSections(quicksight: boolean, lakeFormation: boolean, extraDatasetIds: string[] = []): PipelineConfig {
  const base = exampleConfig();
  return {
    ...base,
    quicksightDatasetIds: extraDatasetIds,
    quicksight: { ...base.quicksight, enabled: quicksight, principalArns: [PRINCIPAL, GROUP] },
    lakeFormation: { enabled: lakeFormation, adminRoleArn: ADMIN_ROLE },
  };
}

function resourcesOf(template: Template, type: string): Array<[string, Json]> {
  return Object.entries(template.toJSON().Resources as Record<string, Json>).filter(([, resource]) => resource.Type === type);
}

function typesIn(template: Template): string[] {
  return Object.values(template.toJSON().Resources as Record<string, Json>).map((resource) => resource.Type as string);
}

/** Statements of every inline and managed policy attached to the role whose logical id starts with `rolePrefix`. */
function roleStatements(template: Template, rolePrefix: string): Json[] {
  return [...resourcesOf(template, 'AWS::IAM::Policy'), ...resourcesOf(template, 'AWS::IAM::ManagedPolicy')]
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${rolePrefix}`))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

function actionsOf(statements: Json[]): string[] {
  return statements.flatMap((statement) => [statement.Action].flat());
}

/** The PIPELINE_SETTINGS every handler Lambda receives, with the bucket token replaced by `BUCKET`. */
function handlerSettings(template: Template): Json[] {
  return resourcesOf(template, 'AWS::Lambda::Function')
    .map(([, fn]) => fn.Properties.Environment?.Variables?.PIPELINE_SETTINGS)
    .filter((settings) => settings !== undefined)
    .map((settings) => JSON.parse(settings['Fn::Join'][1].map((part: Json) => (typeof part === 'string' ? part : 'BUCKET')).join('')));
}

/** The dataset ids in the ARNs of the state machine's CreateIngestion grant. */
function ingestionGrant(template: Template): string[] {
  const statement = roleStatements(template, 'DailyPipelineStateMachineRole').find((s) => actionsOf([s]).includes('quicksight:CreateIngestion'));
  return JSON.stringify(statement?.Resource ?? []).match(/dataset\/[\w-]+(\/ingestion\/\*)?/g) ?? [];
}

describe('QuickSight and Lake Formation off (the default)', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = buildStack(exampleConfig()));
  });

  it('deploys no QuickSight and no Lake Formation resource', () => {
    // Assess
    expect(typesIn(template).filter((type) => type.startsWith('AWS::QuickSight::') || type.startsWith('AWS::LakeFormation::'))).toEqual([]);
    expect(Object.keys(template.findOutputs('DashboardUrl'))).toEqual([]);
  });

  it('refreshes no dataset and grants no QuickSight or Lake Formation action', () => {
    // Assess
    for (const settings of handlerSettings(template)) {
      expect(settings.quicksightDatasetIds).toEqual([]);
    }
    const actions = actionsOf([...resourcesOf(template, 'AWS::IAM::Policy'), ...resourcesOf(template, 'AWS::IAM::ManagedPolicy')].flatMap(([, p]) => p.Properties.PolicyDocument.Statement));
    expect(actions.filter((action) => action.startsWith('quicksight:') || action.startsWith('lakeformation:'))).toEqual([]);
  });
});

describe('QuickSight and Lake Formation on', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = buildStack(withSections(true, true, ['kiro-legacy', DATASET_IDS[0]!])));
  }, 120_000);

  describe('QuickSight', () => {
    it('creates an Athena data source on the pipeline workgroup, querying as its own role, owned by the principals', () => {
      // Assess
      const sources = resourcesOf(template, 'AWS::QuickSight::DataSource');
      expect(sources).toHaveLength(1);
      const props = sources[0]![1].Properties;
      expect(props).toMatchObject({
        AwsAccountId: '123456789012',
        DataSourceId: 'kiro-activity-athena',
        Type: 'ATHENA',
        DataSourceParameters: { AthenaParameters: { WorkGroup: 'KiroActivityPipeline', RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^QuickSightDataSourceRole/), 'Arn'] } } },
        SslProperties: { DisableSsl: false },
      });
      expect(props.Permissions).toEqual([PRINCIPAL, GROUP].map((Principal) => ({ Principal, Actions: DATA_SOURCE_OWNER_ACTIONS })));
    });

    it('creates one SPICE dataset per spec dataset over its view, with the spec columns, owned by the principals', () => {
      // Prepare
      const datasets = resourcesOf(template, 'AWS::QuickSight::DataSet').map(([, resource]) => resource.Properties);

      // Assess
      expect(datasets.map((props) => props.DataSetId)).toEqual(DATASET_IDS);
      for (const [index, spec] of DASHBOARD.datasets.entries()) {
        const props = datasets[index];
        expect(props.ImportMode).toBe('SPICE');
        expect(props.PhysicalTableMap.view.RelationalTable).toEqual({
          DataSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^QuickSightAthenaDataSource/), 'Arn'] },
          Catalog: 'AwsDataCatalog',
          Schema: 'kiro_activity',
          Name: spec.view,
          InputColumns: spec.columns.map((column) => ({ Name: column.name, Type: column.type })),
        });
        const created = (props.LogicalTableMap.dataset.DataTransforms ?? []).flatMap((transform: Json) => transform.CreateColumnsOperation?.Columns ?? []);
        expect(created.map((column: Json) => [column.ColumnName, column.Expression])).toEqual(
          (spec.sumColumns ?? []).map((column) => [column.name, column.sumOf.map((term) => `{${term}}`).join(' + ')]),
        );
        expect(props.Permissions).toEqual([PRINCIPAL, GROUP].map((Principal) => ({ Principal, Actions: DATASET_OWNER_ACTIONS })));
        // The daily datasets refresh incrementally: the look-back window on their day column.
        const lookback = spec.incrementalRefresh && { ColumnName: spec.incrementalRefresh.column, Size: 7, SizeUnit: 'DAY' };
        expect(props.DataSetRefreshProperties).toEqual(lookback && { RefreshConfiguration: { IncrementalRefresh: { LookbackWindow: lookback } } });
      }
      expect(typesIn(template)).not.toContain('AWS::QuickSight::RefreshSchedule');
    });

    it('publishes the six sheets as an editable analysis and a dashboard over the deployed datasets', () => {
      // Prepare
      const [[, analysis]] = resourcesOf(template, 'AWS::QuickSight::Analysis') as [[string, Json]];
      const [[, dashboard]] = resourcesOf(template, 'AWS::QuickSight::Dashboard') as [[string, Json]];

      // Assess
      expect(analysis.Properties.AnalysisId).toBe('kiro-activity-analysis');
      expect(dashboard.Properties.DashboardId).toBe('kiro-activity-dashboard');
      expect(analysis.Properties.Permissions).toEqual([PRINCIPAL, GROUP].map((Principal) => ({ Principal, Actions: ANALYSIS_OWNER_ACTIONS })));
      expect(dashboard.Properties.Permissions).toEqual([PRINCIPAL, GROUP].map((Principal) => ({ Principal, Actions: DASHBOARD_OWNER_ACTIONS })));
      expect(dashboard.Properties.Definition).toEqual(analysis.Properties.Definition);
      const definition = dashboard.Properties.Definition;
      expect(definition.Sheets.map((sheet: Json) => [sheet.Name, sheet.Visuals.length])).toEqual([
        ['Overview', 7],
        ['Behaviour', 8],
        ['Cost', 5],
        ['People', 8],
        ['Engagement', 7],
        ['Teams', 4],
      ]);
      expect(definition.Sheets.map((sheet: Json) => sheet.Visuals.length)).toEqual(DASHBOARD.sheets.map((sheet) => sheet.visuals.length));
      expect(definition.DataSetIdentifierDeclarations).toEqual(
        DASHBOARD.datasets.map((dataset) => ({
          Identifier: dataset.key,
          DataSetArn: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^QuickSightDataSet${dataset.key.replaceAll('_', '')}`)), 'Arn'] },
        })),
      );
      expect(definition.CalculatedFields).toHaveLength(1);
    });

    it('gives every handler the deployed dataset ids, then the extra configured ones, each once', () => {
      // Assess
      const all = handlerSettings(template);
      // Every step's function and the deploy-time views function.
      expect(all).toHaveLength(HANDLER_NAMES.length + 1);
      for (const settings of all) {
        expect(settings.quicksightDatasetIds).toEqual([...DATASET_IDS, 'kiro-legacy']);
      }
    });

    it('lets the state machine ingest exactly those datasets', () => {
      // Assess
      const ids = [...DATASET_IDS, 'kiro-legacy'];
      // The ingestion resource only: CreateIngestion and DescribeIngestion authorize on nothing else.
      expect(ingestionGrant(template)).toEqual(ids.map((id) => `dataset/${id}/ingestion/*`));
    });

    it("lets the data source role query only the pipeline's workgroup, catalog entries and prefixes", () => {
      // Prepare
      const statements = roleStatements(template, 'QuickSightDataSourceRole');
      const [[, role]] = resourcesOf(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('QuickSightDataSourceRole')) as [[string, Json]];

      // Assess
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'quicksight.amazonaws.com' } },
      ]);
      expect(actionsOf(statements).sort()).toEqual(
        [
          'athena:BatchGetQueryExecution', 'athena:GetDataCatalog', 'athena:GetDatabase', 'athena:GetQueryExecution', 'athena:GetQueryResults',
          'athena:GetQueryResultsStream', 'athena:GetTableMetadata', 'athena:GetWorkGroup', 'athena:ListDataCatalogs', 'athena:ListDatabases',
          'athena:ListEngineVersions', 'athena:ListQueryExecutions', 'athena:ListTableMetadata', 'athena:ListWorkGroups', 'athena:StartQueryExecution',
          'athena:StopQueryExecution', 'glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetDatabases', 'glue:GetPartition', 'glue:GetPartitions',
          'glue:GetTable', 'glue:GetTables', 'lakeformation:GetDataAccess', 's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetBucketLocation',
          's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts', 's3:PutObject',
        ].sort(),
      );
      const text = JSON.stringify(statements);
      expect(text).toContain(':workgroup/KiroActivityPipeline');
      expect(text).toContain(':table/kiro_activity/tier_recommendation');
      expect(text).not.toContain(':table/kiro_activity/*');
      const puts = statements.find((statement) => actionsOf([statement]).includes('s3:PutObject'));
      expect(JSON.stringify(puts.Resource)).toMatch(/"\/athena-results\/\*"/);
    });

    it('gives each Athena connector action the tightest resource it supports: the workgroup, the data catalog, or * only where none exists', () => {
      // Prepare
      const statements = roleStatements(template, 'QuickSightDataSourceRole');
      const resourcesOfAction = (action: string): string =>
        JSON.stringify(statements.filter((statement) => actionsOf([statement]).includes(action)).map((statement) => statement.Resource));

      // Assess
      for (const action of ATHENA_CONNECTOR_ACTIONS.workgroup) expect(resourcesOfAction(action), action).toMatch(/^\[\{"Fn::Join".*:workgroup\/KiroActivityPipeline"\]\]\}\]$/);
      for (const action of ATHENA_CONNECTOR_ACTIONS.dataCatalog) expect(resourcesOfAction(action), action).toMatch(/^\[\{"Fn::Join".*:datacatalog\/AwsDataCatalog"\]\]\}\]$/);
      for (const action of ATHENA_CONNECTOR_ACTIONS.anyResource) expect(resourcesOfAction(action), action).toBe('["*"]');
      const getDatabases = resourcesOfAction('glue:GetDatabases');
      expect(getDatabases).toContain(':catalog');
      expect(getDatabases).toContain(':database/kiro_activity');
      expect(getDatabases).not.toContain(':table/');
    });

    it('outputs the dashboard URL', () => {
      // Assess
      const outputs = template.findOutputs('DashboardUrl');
      expect(JSON.stringify(outputs)).toContain('.quicksight.aws.amazon.com/sn/dashboards/kiro-activity-dashboard');
    });
  });

  describe('Lake Formation', () => {
    /** `principal → {database, tables}` permissions, with role ARNs shown by their logical id prefix. */
    function grants(): Record<string, { database?: string[]; tables?: string[] }> {
      const result: Record<string, { database?: string[]; tables?: string[] }> = {};
      for (const [, grant] of resourcesOf(template, 'AWS::LakeFormation::PrincipalPermissions')) {
        const props = grant.Properties;
        const id = props.Principal.DataLakePrincipalIdentifier;
        const name = typeof id === 'string' ? id : (id['Fn::GetAtt'][0] as string).replace(/[0-9A-F]{8}$/, '');
        const kind = props.Resource.Database ? 'database' : 'tables';
        expect(props.Resource.Database ?? props.Resource.Table).toMatchObject(
          kind === 'database' ? { CatalogId: { Ref: 'AWS::AccountId' }, Name: 'kiro_activity' } : { CatalogId: { Ref: 'AWS::AccountId' }, DatabaseName: 'kiro_activity', TableWildcard: {} },
        );
        expect(props.PermissionsWithGrantOption).toEqual([]);
        result[name] = { ...result[name], [kind]: props.Permissions };
      }
      return result;
    }

    it('grants each principal what its part of the pipeline does with the database and all its tables', () => {
      // Assess
      const { crawl, query, admin } = ACCESS_PERMISSIONS;
      expect(grants()).toEqual({
        ReportCatalogCrawlerRole: crawl,
        FunctionsCheckDataRole: query,
        FunctionsFindUsersRole: query,
        FunctionsDetectSpikesRole: query,
        FunctionsEvaluateForesightRole: query,
        FunctionsBuildStatementRole: query,
        DailyPipelineStateMachineRole: ACCESS_PERMISSIONS['create-views'],
        ViewsFunctionRole: ACCESS_PERMISSIONS['create-views'],
        QuickSightDataSourceRole: query,
        [PRINCIPAL]: query,
        [GROUP]: query,
        [ADMIN_ROLE]: admin,
      });
    });

    it('makes the grants one at a time, after the database, and before QuickSight queries', () => {
      // Prepare
      const ids = resourcesOf(template, 'AWS::LakeFormation::PrincipalPermissions').map(([id]) => id);
      const resources = template.toJSON().Resources as Record<string, Json>;

      // Assess
      expect(ids).toHaveLength(24);
      for (const [index, id] of ids.entries()) {
        const dependsOn: string[] = resources[id].DependsOn ?? [];
        if (index > 0) expect(dependsOn).toContain(ids[index - 1]);
        expect(dependsOn.some((dependency) => dependency.startsWith('ReportCatalogDatabase'))).toBe(true);
      }
      for (const [id] of [...resourcesOf(template, 'AWS::QuickSight::DataSource'), ...resourcesOf(template, 'AWS::QuickSight::DataSet')]) {
        expect(resources[id].DependsOn, id).toEqual(expect.arrayContaining(ids));
      }
    });

    it('lets each granted role of the stack use the data Lake Formation vends, and no other role', () => {
      // Assess
      const withDataAccess = [...resourcesOf(template, 'AWS::IAM::Policy'), ...resourcesOf(template, 'AWS::IAM::ManagedPolicy')]
        .filter(([, policy]) => actionsOf(policy.Properties.PolicyDocument.Statement).includes('lakeformation:GetDataAccess'))
        .flatMap(([, policy]) => policy.Properties.Roles.map((role: Json) => (role.Ref as string).replace(/[0-9A-F]{8}$/, '')))
        .sort();
      expect(withDataAccess).toEqual(
        [
          'DailyPipelineStateMachineRole',
          'FunctionsCheckDataRole',
          'FunctionsDetectSpikesRole',
          'FunctionsEvaluateForesightRole',
          'FunctionsBuildStatementRole',
          'FunctionsFindUsersRole',
          'QuickSightDataSourceRole',
          'ReportCatalogCrawlerRole',
          'ViewsFunctionRole',
        ].sort(),
      );
    });
  });
});

describe('Lake Formation on, QuickSight off', () => {
  it('grants the pipeline roles and the admin role only', { timeout: 120_000 }, () => {
    // Act
    const { template } = buildStack(withSections(false, true));

    // Assess
    expect(typesIn(template).filter((type) => type.startsWith('AWS::QuickSight::'))).toEqual([]);
    const principals = resourcesOf(template, 'AWS::LakeFormation::PrincipalPermissions').map(([, grant]) => JSON.stringify(grant.Properties.Principal));
    expect(principals).toHaveLength(18);
    expect(principals.filter((principal) => principal.includes(':quicksight:') || principal.includes('QuickSight'))).toEqual([]);
    expect(principals.filter((principal) => principal.includes(ADMIN_ROLE))).toHaveLength(2);
  });
});

describe('QuickSight on, Lake Formation off', () => {
  it('deploys the dashboards without any grant', { timeout: 120_000 }, () => {
    // Act
    const { template } = buildStack(withSections(true, false));

    // Assess
    expect(typesIn(template).filter((type) => type.startsWith('AWS::LakeFormation::'))).toEqual([]);
    expect(resourcesOf(template, 'AWS::QuickSight::DataSet')).toHaveLength(DASHBOARD.datasets.length);
    expect(actionsOf(roleStatements(template, 'QuickSightDataSourceRole'))).not.toContain('lakeformation:GetDataAccess');
    expect(ingestionGrant(template)).toHaveLength(DASHBOARD.datasets.length);
  });
});
