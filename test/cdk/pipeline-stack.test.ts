import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFINITION_FILE, HANDLER_NAMES, LAMBDA_STEPS, type LambdaStep } from '../../statemachines/steps.js';
import { PROJECT_ROOT } from '../../stacks/constructs/pipeline-function.js';
import { BY_USER_ANALYTIC_COLUMNS, PARTITION_COLUMNS, USER_REPORT_FIXED_COLUMNS } from '../../handlers/shared/report-format.js';
import { createdViews } from '../../handlers/render-views/plan-views.js';
import { isSqlFile } from '../../handlers/render-views/view-names.js';
import { buildStack, exampleConfig } from './stack-fixture.js';

const REPORTS = 's3://example-kiro-reports/kiro/AWSLogs/111122223333/KiroLogs';

type PolicyResource = { Properties: { Roles?: unknown; PolicyDocument: { Statement: Array<Record<string, unknown>> } } };

/** Inline and managed policies: CDK moves statements past the inline size limit into an overflow managed policy. */
function policies(template: Template): PolicyResource[] {
  return [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))] as PolicyResource[];
}

/** All statements of all IAM policies in the template. */
function policyStatements(template: Template): Array<Record<string, unknown>> {
  return policies(template).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The policy statements of the role whose logical id starts with `rolePrefix`, wherever CDK put them. */
function roleStatements(template: Template, rolePrefix: string): Array<Record<string, unknown>> {
  return policies(template)
    .filter((policy) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${rolePrefix}`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function actionsOf(statements: Array<Record<string, unknown>>): string[] {
  return statements.flatMap((statement) => [statement['Action']].flat() as string[]);
}

describe('PipelineStack', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = buildStack());
  });

  describe('report catalog', () => {
    it('crawls each report table the stack defines through a catalog target, and no S3 path', () => {
      // Assess
      const crawlers = Object.values(template.findResources('AWS::Glue::Crawler')).map((crawler) => (crawler as any).Properties);
      expect(crawlers.map((props) => props.Targets)).toEqual([
        { CatalogTargets: [{ DatabaseName: 'kiro_activity', Tables: ['user_report'] }] },
        { CatalogTargets: [{ DatabaseName: 'kiro_activity', Tables: ['by_user_analytic'] }] },
      ]);
    });

    it('merges new columns into its table, lets partitions follow it, and never drops a table', () => {
      // Assess
      for (const crawler of Object.values(template.findResources('AWS::Glue::Crawler'))) {
        const props = (crawler as any).Properties;
        expect(JSON.parse(props.Configuration)).toEqual({
          Version: 1,
          CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' }, Tables: { AddOrUpdateBehavior: 'MergeNewColumns' } },
        });
        expect(props.SchemaChangePolicy).toEqual({ UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'LOG' });
        expect(props.DatabaseName).toBe('kiro_activity');
        expect(props.Classifiers).toEqual(['KiroActivityPipeline-quoted-csv']);
      }
    });

    it('defines each report table over its prefix: fixed columns, crawler partitions, OpenCSVSerDe, header skipped', () => {
      // Prepare
      const tables = Object.values(template.findResources('AWS::Glue::Table'))
        .map((table) => (table as any).Properties.TableInput)
        .filter((input) => ['user_report', 'by_user_analytic'].includes(input.Name));

      // Assess
      expect(tables.map((input) => [input.Name, input.StorageDescriptor.Location])).toEqual([
        ['user_report', `${REPORTS}/user_report/`],
        ['by_user_analytic', `${REPORTS}/by_user_analytic/`],
      ]);
      const [userReport, analytic] = tables;
      expect(userReport.StorageDescriptor.Columns.map((column: any) => column.Name)).toEqual(USER_REPORT_FIXED_COLUMNS);
      expect(analytic.StorageDescriptor.Columns.map((column: any) => column.Name)).toEqual(BY_USER_ANALYTIC_COLUMNS);
      for (const input of tables) {
        expect(input.TableType).toBe('EXTERNAL_TABLE');
        expect(input.PartitionKeys).toEqual(PARTITION_COLUMNS.map((Name) => ({ Name, Type: 'string' })));
        expect(input.StorageDescriptor.Columns.every((column: any) => column.Type === 'string')).toBe(true);
        expect(input.StorageDescriptor.SerdeInfo).toEqual({
          SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
          Parameters: { separatorChar: ',', quoteChar: '"' },
        });
        expect(input.Parameters).toMatchObject({ classification: 'csv', 'skip.header.line.count': '1' });
      }
    });

    it('lets the crawler role update the report tables but create none', () => {
      // Act
      const actions = actionsOf(roleStatements(template, 'ReportCatalogCrawlerRole'));

      // Assess
      expect(actions).toContain('glue:UpdateTable');
      expect(actions).toContain('glue:BatchCreatePartition');
      expect(actions).not.toContain('glue:CreateTable');
    });

    it('creates the quoted CSV classifier with a header and OpenCSVSerDe', () => {
      // Assess
      const classifiers = template.findResources('Custom::AWS');
      const create = JSON.parse((Object.values(classifiers)[0] as any).Properties.Create);
      expect(create).toMatchObject({
        service: 'Glue',
        action: 'CreateClassifier',
        parameters: {
          CsvClassifier: { Name: 'KiroActivityPipeline-quoted-csv', ContainsHeader: 'PRESENT', Delimiter: ',', QuoteSymbol: '"', Serde: 'OpenCSVSerDe' },
        },
      });
    });

    it('lets the crawler role read only the report prefixes and write only its tables', () => {
      // Assess
      const statements = roleStatements(template, 'ReportCatalogCrawlerRole');
      const text = JSON.stringify(statements);
      expect(text).toContain(':s3:::example-kiro-reports/kiro/AWSLogs/111122223333/KiroLogs/user_report/*');
      expect(text).toContain(':s3:::example-kiro-reports/kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/*');
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: 's3:ListBucket',
          Condition: { StringLike: { 's3:prefix': ['kiro/AWSLogs/111122223333/KiroLogs/user_report/*', 'kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/*'] } },
        }),
      );
      expect(actionsOf(statements).filter((action) => action.startsWith('s3:'))).toEqual(['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation']);
      expect(text).toContain(':table/kiro_activity/user_report');
      expect(text).not.toContain(':table/kiro_activity/*');
    });

    it('encrypts the crawler logs with a KMS key', () => {
      // Assess
      template.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
        EncryptionConfiguration: { CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: Match.anyValue() } },
      });
    });
  });

  describe('analytics bucket and Athena', () => {
    it('encrypts the analytics bucket, blocks public access and logs access', () => {
      // Assess
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'analytics/' },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: 'athena-results/', ExpirationInDays: 30, Status: 'Enabled' }),
            Match.objectLike({ Prefix: 'work/', ExpirationInDays: 7, Status: 'Enabled' }),
          ]),
        },
      });
    });

    it('denies every non-TLS request to both stack buckets', () => {
      // Assess
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
      expect(policies).toHaveLength(2);
      for (const policy of policies) {
        expect((policy as any).Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });

    it('enforces the workgroup result location, SSE-S3, engine v3 and metrics', () => {
      // Assess
      template.hasResourceProperties('AWS::Athena::WorkGroup', {
        Name: 'KiroActivityPipeline',
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          ResultConfiguration: {
            OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^AnalyticsBucket') }, '/athena-results/']] },
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
      });
    });

    it('registers user_mapping as JSON lines with date partition projection', () => {
      // Assess
      // The canonical tables (issue 11) are asserted in canonical-tables.test.ts.
      const tables = Object.values(template.findResources('AWS::Glue::Table')).filter((table) => (table as any).Properties.TableInput.Name === 'user_mapping');
      expect(tables).toHaveLength(1);
      const input = (tables[0] as any).Properties.TableInput;
      expect(input.Name).toBe('user_mapping');
      expect(input.PartitionKeys).toEqual([{ Name: 'resolved_date', Type: 'string' }]);
      expect(input.StorageDescriptor.Columns.map((column: { Name: string }) => column.Name)).toEqual([
        'userid', 'user_name', 'display_name', 'status', 'resolved_at', 'team', 'team_attribute',
      ]);
      expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.resolved_date.type': 'date',
        'projection.resolved_date.format': 'yyyy-MM-dd',
        'projection.resolved_date.range': '2026-01-01,NOW',
      });
      expect(input.Parameters['storage.location.template']['Fn::Join'][1].at(-1)).toBe('/user-mapping/resolved_date=${resolved_date}/');
    });
  });

  describe('group_membership (issue 13)', () => {
    it('registers the group snapshots as JSON lines with date partition projection, beside the mapping', () => {
      // Assess
      const tables = Object.values(template.findResources('AWS::Glue::Table')).filter((table) => (table as any).Properties.TableInput.Name === 'group_membership');
      expect(tables).toHaveLength(1);
      const input = (tables[0] as any).Properties.TableInput;
      expect(input.PartitionKeys).toEqual([{ Name: 'read_date', Type: 'string' }]);
      expect(input.StorageDescriptor.Columns.map((column: { Name: string }) => column.Name)).toEqual([
        'snapshot', 'read_at', 'team_source', 'userid', 'team', 'licensed_group', 'licensed_tier',
      ]);
      expect(input.StorageDescriptor.SerdeInfo).toEqual({
        SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
        Parameters: { 'ignore.malformed.json': 'true' },
      });
      expect(input.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.read_date.type': 'date', 'projection.read_date.format': 'yyyy-MM-dd' });
      expect(input.Parameters['storage.location.template']['Fn::Join'][1].at(-1)).toBe('/group-membership/read_date=${read_date}/');
    });

    it('lets only read-groups read Identity Center groups, on the configured store', () => {
      // Assess
      const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
      const granting = policies.filter((policy) =>
        JSON.stringify(policy.Properties.PolicyDocument).includes('identitystore:ListGroupMemberships'),
      );
      expect(granting).toHaveLength(1);
      expect(JSON.stringify(granting[0].Properties.Roles)).toContain('ReadGroups');
      const document = JSON.stringify(granting[0].Properties.PolicyDocument);
      expect(document).toContain('identitystore:GetGroupId');
      expect(document).toContain(':identitystore/d-1234567890');
      expect(document).toContain(':identitystore:::membership/*');
    });
  });

  describe('Lambdas', () => {
    it('runs one function per registered step, sized as the step says, on Node.js 22, arm64, traced, with the settings', () => {
      // Assess
      const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (fn) => (fn as any).Properties.Environment?.Variables?.PIPELINE_SETTINGS,
      );
      // Besides the steps: the deploy-time views resource's function (test/cdk/deploy-from-zero.test.ts).
      const steps = functions.filter((fn) => (fn as any).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME !== 'kiro-activity-deploy-views');
      const sizes = steps.map((fn) => {
        const props = (fn as any).Properties;
        return [props.Environment.Variables.POWERTOOLS_SERVICE_NAME, props.Description, props.Timeout, props.MemorySize];
      });
      expect(functions).toHaveLength(steps.length + 1);
      expect(sizes.sort()).toEqual(
        HANDLER_NAMES.map((name) => {
          const step: LambdaStep = LAMBDA_STEPS[name];
          return [`kiro-activity-${name}`, step.description, step.timeoutSeconds, step.memorySize];
        }).sort(),
      );
      for (const fn of functions) {
        const props = (fn as any).Properties;
        expect(props.Runtime).toBe('nodejs22.x');
        expect(props.Architectures).toEqual(['arm64']);
        expect(props.TracingConfig).toEqual({ Mode: 'Active' });
        expect(props.Environment.Variables.POWERTOOLS_SERVICE_NAME).toMatch(/^kiro-activity-/);
        expect(props.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/Logs/) });
      }
    });

    it('gives only resolve-users identitystore:DescribeUser, on the configured store', () => {
      // Assess
      const withDescribe = Object.entries(template.findResources('AWS::IAM::Policy'))
        .filter(([, policy]) => JSON.stringify(policy).includes('identitystore:DescribeUser'))
        .map(([id]) => id);
      expect(withDescribe).toEqual([expect.stringMatching(/^FunctionsResolveUsersRole/)]);
      expect(JSON.stringify(roleStatements(template, 'FunctionsResolveUsersRole'))).toContain(':identitystore/d-1234567890');
    });

    it('keeps prepare, render-views and summarise away from data', () => {
      // Assess
      for (const role of ['FunctionsPrepareRole', 'FunctionsRenderViewsRole', 'FunctionsSummariseRole']) {
        expect(actionsOf(roleStatements(template, role)).sort()).toEqual([
          'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
        ]);
      }
    });
  });

  describe('state machine', () => {
    it('is a Standard state machine logging ALL with execution data, traced', () => {
      // Assess
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true, Destinations: Match.anyValue() },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: '/aws/vendedlogs/states/KiroActivityPipeline-daily-pipeline',
        RetentionInDays: 90,
      });
    });

    it('provides every ${...} substitution the ASL file uses', () => {
      // Prepare
      const asl = readFileSync(`${PROJECT_ROOT}${DEFINITION_FILE}`, 'utf8');
      const used = new Set([...asl.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));

      // Act
      const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
      const provided = Object.keys(machine.Properties.DefinitionSubstitutions);

      // Assess
      expect(used.size).toBeGreaterThan(0);
      expect(provided).toEqual(expect.arrayContaining([...used]));
      expect(machine.Properties.DefinitionSubstitutions).toMatchObject({ AthenaWorkGroup: 'KiroActivityPipeline', GlueDatabase: 'kiro_activity' });
    });

    it('grants the state machine exactly the calls its states make', () => {
      // Assess
      const statements = roleStatements(template, 'DailyPipelineStateMachineRole');
      const invoke = statements.find((statement) => statement['Action'] === 'lambda:InvokeFunction');
      expect(invoke?.['Resource']).toHaveLength(HANDLER_NAMES.length);
      expect(JSON.stringify(statements)).toContain(':crawler/KiroActivityPipeline-user-report');
      expect(JSON.stringify(statements)).toContain(':crawler/KiroActivityPipeline-by-user-analytic');
      expect(actionsOf(statements)).toEqual(
        expect.arrayContaining(['glue:StartCrawler', 'glue:GetCrawler', 'athena:StartQueryExecution', 'glue:CreateTable', 'sns:Publish', 'kms:GenerateDataKey']),
      );
      // No datasets configured: no QuickSight rights at all.
      expect(actionsOf(statements).filter((action) => action.startsWith('quicksight:'))).toEqual([]);
    });

    it('lets view DDL touch only the views', () => {
      // Assess
      const ddl = roleStatements(template, 'DailyPipelineStateMachineRole').find((statement) =>
        actionsOf([statement]).includes('glue:CreateTable'),
      );
      const tables = JSON.stringify(ddl?.['Resource']).match(/table\/kiro_activity\/\w+/g);
      // The views: the two generated ones and the one each file of sql/ creates (read from its
      // SQL; the file list itself is the contract test/sql/trino-syntax.test.ts holds). No raw or
      // canonical table, no wildcard.
      const sqlDir = join(PROJECT_ROOT, 'sql');
      const views = readdirSync(sqlDir)
        .filter(isSqlFile)
        .flatMap((file) => createdViews(readFileSync(join(sqlDir, file), 'utf8')));
      expect(views).toContain('credits_daily');
      expect(tables?.sort()).toEqual(['pipeline_settings', 'tier_prices', ...views].map((view) => `table/kiro_activity/${view}`).sort());
    });

    it('starts daily at scheduleUtc with input {}', () => {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(0 3 * * ? *)',
        Targets: [Match.objectLike({ Input: '{}', Arn: { Ref: Match.stringLikeRegexp('^DailyPipelineStateMachine') } })],
      });
    });
  });

  describe('alerts', () => {
    it('encrypts the topic with a rotating key and subscribes each e-mail', () => {
      // Assess
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('alert topic') });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.resourceCountIs('AWS::SNS::Subscription', 1);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'kiro-admins@example.com' });
    });

    it('lets CloudWatch alarms use the topic key and enforces TLS on the topic', () => {
      // Assess
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('alarms on failed plus timed-out executions and notifies the topic', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlertsTopic') }],
        Threshold: 1,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0)' }),
          Match.objectLike({ Id: 'failed', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ExecutionsFailed' }) }) }),
          Match.objectLike({ Id: 'timedOut', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ExecutionsTimedOut' }) }) }),
        ]),
      });
    });
  });

  it('outputs the state machine, its console URL, the bucket, workgroup and topic', () => {
    // Assess
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(['StateMachineArn', 'StateMachineConsoleUrl', 'AnalyticsBucketName', 'AthenaWorkGroupName', 'AlertTopicArn', 'CrawlerLogGroupName']);
  });

  it('has no IAM statement allowing every action or every action of a service', () => {
    // Assess
    const wildcards = actionsOf(policyStatements(template)).filter((action) => action === '*' || action.endsWith(':*'));
    expect(wildcards).toEqual([]);
  });
});

describe('PipelineStack with other config', () => {
  it('grants QuickSight ingestion only on the configured datasets', () => {
    // Prepare
    const config = { ...exampleConfig(), quicksightDatasetIds: ['kiro-credits'] };

    // Act
    const { template } = buildStack(config);

    // Assess
    const statement = roleStatements(template, 'DailyPipelineStateMachineRole').find((s) => actionsOf([s]).includes('quicksight:CreateIngestion'));
    // CreateIngestion and DescribeIngestion authorize on the ingestion resource only: no dataset ARN.
    expect(JSON.stringify(statement?.['Resource']).match(/dataset\/[\w/*-]+/g)).toEqual(['dataset/kiro-credits/ingestion/*']);
  });

  it('uses the deploying account in the report paths when accountId is not set', () => {
    // Prepare
    const base = exampleConfig();
    const { accountId: _omitted, ...report } = base.report;

    // Act
    const { template } = buildStack({ ...base, report, scheduleUtc: '06:30' });

    // Assess
    const table = Object.values(template.findResources('AWS::Glue::Table')).find((resource) => (resource as any).Properties.TableInput.Name === 'user_report') as any;
    expect(table.Properties.TableInput.StorageDescriptor.Location).toBe('s3://example-kiro-reports/kiro/AWSLogs/123456789012/KiroLogs/user_report/');
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 6 * * ? *)' });
  });
});
