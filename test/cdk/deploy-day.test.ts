/**
 * What deploy day depends on: the alarms can reach the alert topic (its policy and its key's),
 * the "did not run" alarm, the execution timeout and the grant the overlap check uses.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack, exampleConfig } from './stack-fixture.js';

/** Plain template JSON. */
type Json = any;

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function resourcesOf(template: Template, type: string): Array<[string, Json]> {
  return Object.entries(template.toJSON().Resources as Record<string, Json>).filter(([, resource]) => resource.Type === type);
}

/** A template value as text: `Fn::Join` joined, the partition as `aws`, other references as `<Ref>`. */
function text(value: Json): string {
  if (typeof value === 'string') return value;
  if (value?.Ref === 'AWS::Partition') return 'aws';
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::Join']) return (value['Fn::Join'][1] as Json[]).map(text).join(value['Fn::Join'][0]);
  return JSON.stringify(value);
}

function statementsOf(resource: Json, document: 'PolicyDocument' | 'KeyPolicy'): Json[] {
  return resource.Properties[document].Statement;
}

/** Statements granting the CloudWatch service principal something. */
function cloudWatchStatements(statements: Json[]): Json[] {
  return statements.filter((statement) => statement.Principal?.Service === 'cloudwatch.amazonaws.com');
}

/** The role statements of the state machine, wherever CDK put them (inline or overflow policy). */
function stateMachineStatements(template: Template): Json[] {
  return [...resourcesOf(template, 'AWS::IAM::Policy'), ...resourcesOf(template, 'AWS::IAM::ManagedPolicy')]
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles ?? []).includes('"DailyPipelineStateMachineRole'))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

/**
 * What breaks CloudWatch's limit on an alarm's evaluation range (PutMetricAlarm): period ×
 * evaluation periods at most 7 days, at most 1 day for periods under an hour.
 */
export function evaluationRangeProblems(name: string, alarm: Json): string[] {
  const periods = [alarm.Period, ...(alarm.Metrics ?? []).map((metric: Json) => metric.MetricStat?.Period ?? metric.Period)].filter(
    (period): period is number => typeof period === 'number',
  );
  return periods.flatMap((period) => {
    const range = period * alarm.EvaluationPeriods;
    const limit = period < 3600 ? 86_400 : 604_800;
    return range > limit ? [`${name}: ${alarm.EvaluationPeriods} periods of ${period} s = ${range} s, over the ${limit} s CloudWatch allows`] : [];
  });
}

describe('deploy day, example config', () => {
  let template: Template;
  let alarms: Array<[string, Json]>;

  beforeAll(() => {
    ({ template } = buildStack());
    alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
  });

  it('lets exactly the stack’s alarms publish to the topic, only from this account, and keeps TLS enforced', () => {
    // Prepare
    const [[, topicPolicy]] = resourcesOf(template, 'AWS::SNS::TopicPolicy') as [[string, Json]];
    const alarmArns = alarms.map(([, alarm]) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.Properties.AlarmName}`);

    // Act
    const [allow, ...others] = cloudWatchStatements(statementsOf(topicPolicy, 'PolicyDocument'));

    // Assess
    expect(others).toEqual([]);
    expect(allow.Effect).toBe('Allow');
    expect(allow.Action).toBe('sns:Publish');
    expect(text(allow.Resource)).toMatch(/^<AlertsTopic/);
    expect(allow.Condition.ArnEquals['aws:SourceArn'].map(text).sort()).toEqual(alarmArns.sort());
    expect(allow.Condition.StringEquals).toEqual({ 'aws:SourceAccount': ACCOUNT });
    expect(statementsOf(topicPolicy, 'PolicyDocument')).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('lets the same alarms use the topic key: Decrypt and GenerateDataKey*, nothing else', () => {
    // Prepare
    const [[, key]] = resourcesOf(template, 'AWS::KMS::Key').filter(([, k]) => /alert topic/.test(k.Properties.Description)) as [[string, Json]];
    const alarmArns = alarms.map(([, alarm]) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.Properties.AlarmName}`);

    // Act
    const [statement, ...others] = cloudWatchStatements(statementsOf(key, 'KeyPolicy'));

    // Assess
    expect(others).toEqual([]);
    expect(statement).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    expect(statement.Condition.ArnEquals['aws:SourceArn'].map(text).sort()).toEqual(alarmArns.sort());
    expect(statement.Condition.StringEquals).toEqual({ 'aws:SourceAccount': ACCOUNT });
  });

  it('keeps the state machine’s own publish: its role may publish to the topic and use its key', () => {
    // Act
    const statements = stateMachineStatements(template);

    // Assess
    const publish = statements.find((statement) => statement.Action === 'sns:Publish');
    expect(text(publish?.Resource)).toMatch(/^<AlertsTopic/);
    const keyUse = statements.find((statement) => JSON.stringify(statement.Action) === JSON.stringify(['kms:GenerateDataKey', 'kms:Decrypt']));
    expect(JSON.stringify(keyUse?.Resource)).toContain('AlertsKey');
  });

  it('creates each alarm after the topic policy, so its first notification is allowed', () => {
    // Prepare
    const [[policyId]] = resourcesOf(template, 'AWS::SNS::TopicPolicy') as [[string, Json]];

    // Assess
    expect(alarms).toHaveLength(2);
    for (const [, alarm] of alarms) {
      expect(alarm.DependsOn).toContain(policyId);
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlertsTopic/) }]);
    }
  });

  it('alarms when no execution succeeded in 26 hours, also when none started at all', () => {
    // Act
    const [, alarm] = alarms.find(([, a]) => a.Properties.AlarmName === 'KiroActivityPipeline-did-not-run') ?? [];

    // Assess
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsSucceeded',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: expect.stringMatching(/^DailyPipelineStateMachine/) } }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      // An hour without a success has no data point: missing data is what this alarm looks for.
      TreatMissingData: 'breaching',
    });
  });

  it('keeps every alarm’s evaluation range within what CloudWatch accepts', () => {
    // Act
    const problems = alarms.flatMap(([id, alarm]) => evaluationRangeProblems(id, alarm.Properties));

    // Assess
    expect(problems).toEqual([]);
  });

  it('reports an evaluation range CloudWatch would reject (planted: 26 hours of 5-minute periods)', () => {
    // Prepare
    const planted = { Period: 300, EvaluationPeriods: 26 * 12 };

    // Act
    const problems = evaluationRangeProblems('Planted', planted);

    // Assess
    expect(problems).toEqual(['Planted: 312 periods of 300 s = 93600 s, over the 86400 s CloudWatch allows']);
  });

  it('times an execution out after its 2 hours plus the overlap wait, in the deployed definition', () => {
    // Prepare
    const [[, machine]] = resourcesOf(template, 'AWS::StepFunctions::StateMachine') as [[string, Json]];

    // Act
    const definition = JSON.parse(machine.Properties.DefinitionString);

    // Assess
    expect(definition.TimeoutSeconds).toBe((120 + 60) * 60);
    expect(definition.StartAt).toBe('Prepare');
  });

  it('outputs the crawlers’ log group: the one their encrypting security configuration makes Glue write to', () => {
    // Prepare
    const [[, configuration]] = resourcesOf(template, 'AWS::Glue::SecurityConfiguration') as [[string, Json]];
    const crawlers = resourcesOf(template, 'AWS::Glue::Crawler');
    const crawlerRoleLogs = [...resourcesOf(template, 'AWS::IAM::Policy')]
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes('"ReportCatalogCrawlerRole'))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
      .find((statement: Json) => [statement.Action].flat().includes('logs:PutLogEvents'));

    // Act
    const output = text(template.findOutputs('CrawlerLogGroupName').CrawlerLogGroupName.Value);

    // Assess
    expect(configuration.Properties.Name).toBe('KiroActivityPipeline-crawler-logs');
    for (const [, crawler] of crawlers) expect(crawler.Properties.CrawlerSecurityConfiguration).toBe(configuration.Properties.Name);
    expect(output).toMatch(/^\/aws-glue\/crawlers-role\/<ReportCatalogCrawlerRole\w+>-KiroActivityPipeline-crawler-logs$/);
    expect(crawlerRoleLogs.Resource.map(text)).toContain(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${output}`);
  });

  it('lets the state machine read the crawled tables it checks after each crawl (glue:GetTable)', () => {
    // Act
    const getTable = stateMachineStatements(template).filter((statement) => [statement.Action].flat().includes('glue:GetTable'));

    // Assess
    const resources = getTable.flatMap((statement) => [statement.Resource].flat().map(text));
    for (const table of ['user_report', 'by_user_analytic']) {
      expect(resources).toContain(`arn:aws:glue:${REGION}:${ACCOUNT}:table/kiro_activity/${table}`);
    }
    expect(resources).toContain(`arn:aws:glue:${REGION}:${ACCOUNT}:database/kiro_activity`);
  });

  it('names the state machine so that its role may list its own executions, and only those', () => {
    // Prepare
    const [[, machine]] = resourcesOf(template, 'AWS::StepFunctions::StateMachine') as [[string, Json]];

    // Act
    const list = stateMachineStatements(template).filter((statement) => [statement.Action].flat().includes('states:ListExecutions'));

    // Assess
    expect(machine.Properties.StateMachineName).toBe('KiroActivityPipeline-daily-pipeline');
    expect(list).toHaveLength(1);
    expect(list[0].Action).toBe('states:ListExecutions');
    expect(text(list[0].Resource)).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:KiroActivityPipeline-daily-pipeline`);
  });
});

describe('deploy day, alarms.didNotRunHours 48 and overlap.waitMinutes 15', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = buildStack({ ...exampleConfig(), alarms: { didNotRunHours: 48 }, overlap: { waitMinutes: 15 } }));
  });

  it('evaluates the configured hours and times out after the configured wait', () => {
    // Act
    const [, alarm] = resourcesOf(template, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.MetricName === 'ExecutionsSucceeded') ?? [];
    const [[, machine]] = resourcesOf(template, 'AWS::StepFunctions::StateMachine') as [[string, Json]];

    // Assess
    expect(alarm?.Properties).toMatchObject({ Period: 3600, EvaluationPeriods: 48, DatapointsToAlarm: 48 });
    expect(JSON.parse(machine.Properties.DefinitionString).TimeoutSeconds).toBe((120 + 15) * 60);
    expect(machine.Properties.DefinitionSubstitutions.OverlapWaitMinutes).toBe('15');
  });
});
