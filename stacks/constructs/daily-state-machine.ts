/**
 * The daily Standard state machine from `statemachines/daily-pipeline.asl.json`, its log group,
 * its least-privilege role statements, the daily schedule, the failure alarm and the
 * "did not run" alarm.
 */
import { readFileSync } from 'node:fs';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IDependable } from 'constructs';
import { ATHENA_RESULTS_PREFIX } from '../../handlers/shared/build-settings.js';
import { glueCatalogArns, prefixAccessStatements, workGroupArn } from './access-statements.js';
import { acknowledge, acknowledgeWildcardResources } from './nag.js';
import { DEFINITION_FILE, definitionSubstitutions, type HandlerName } from '../../statemachines/steps.js';
import { PROJECT_ROOT, type PipelineFunction } from './pipeline-function.js';

/** Props of {@link DailyStateMachine}. */
export interface DailyStateMachineProps {
  functions: Record<HandlerName, PipelineFunction>;
  crawlerNames: readonly string[];
  databaseName: string;
  /** Views the CreateViews step creates or replaces. */
  viewNames: readonly string[];
  /** Tables the views read (Athena checks them when it creates a view). */
  sourceTables: readonly string[];
  workGroup: string;
  analyticsBucket: IBucket;
  quicksightDatasetIds: readonly string[];
  /** Of those, the datasets refreshed incrementally (the deployed daily ones). */
  incrementalDatasetIds: readonly string[];
  alertTopic: ITopic;
  alertKey: IKey;
  /** Daily start, `HH:MM` UTC. */
  scheduleUtc: string;
  logRetention: RetentionDays;
  /** The alarms' names (the alert topic lets exactly these publish). */
  alarmNames: PipelineAlarmNames;
  /** What must exist before an alarm can notify the topic (its topic policy). */
  alertTopicReady: IDependable;
  /** No successful execution in this many hours alarms. */
  didNotRunHours: number;
  /** How long an execution waits for an earlier running one (`overlap.waitMinutes`). */
  overlapWaitMinutes: number;
}

/** The names of the pipeline's CloudWatch alarms. */
export interface PipelineAlarmNames {
  executionsFailed: string;
  didNotRun: string;
}

/** Alarm names derived from the stack name: fixed, so the topic policy can name them before they exist. */
export function pipelineAlarmNames(stackName: string): PipelineAlarmNames {
  return { executionsFailed: `${stackName}-executions-failed`, didNotRun: `${stackName}-did-not-run` };
}

/** The state machine's name: fixed, so its role may list its executions without a circular reference. */
export function pipelineStateMachineName(stackName: string): string {
  return `${stackName}-daily-pipeline`;
}

/** How long one execution may take apart from waiting for an earlier one. */
export const RUN_TIMEOUT = Duration.hours(2);

/**
 * The definition as deployed: the committed file with the execution timeout (`TimeoutSeconds`)
 * added. CDK applies a StateMachine's `timeout` prop only to definitions it builds from states,
 * never to one read from a file, so the timeout must be in the definition itself; it depends on
 * the config (the overlap wait comes on top of the run), so the file cannot hold it.
 */
export function deployedDefinition(definitionText: string, timeoutSeconds: number): string {
  return JSON.stringify({ ...(JSON.parse(definitionText) as object), TimeoutSeconds: timeoutSeconds });
}

/** State machine, schedule and alarm. */
export class DailyStateMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: DailyStateMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = new LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps the account's CloudWatch Logs resource policy small.
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-daily-pipeline`,
      retention: props.logRetention,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: pipelineStateMachineName(stack.stackName),
      stateMachineType: StateMachineType.STANDARD,
      comment: 'Kiro activity pipeline: crawl, views, names, spikes, SPICE, alerts',
      definitionBody: DefinitionBody.fromString(
        deployedDefinition(readFileSync(`${PROJECT_ROOT}${DEFINITION_FILE}`, 'utf8'), RUN_TIMEOUT.toSeconds() + props.overlapWaitMinutes * 60),
      ),
      definitionSubstitutions: definitionSubstitutions({
        functionArn: (handler) => props.functions[handler].functionArn,
        alertTopicArn: props.alertTopic.topicArn,
        athenaWorkGroup: props.workGroup,
        glueDatabase: props.databaseName,
        accountId: stack.account,
        region: stack.region,
        overlapWaitMinutes: props.overlapWaitMinutes,
        incrementalDatasetIds: props.incrementalDatasetIds,
      }),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    this.grantSteps(props);
    this.scheduleDaily(props.scheduleUtc);
    const alarms = [this.alarmOnFailure(props), this.alarmWhenNotRun(props)];
    for (const alarm of alarms) {
      alarm.node.addDependency(props.alertTopicReady);
    }
  }

  /** Exactly what the states call: the step Lambdas, the crawlers, view DDL, SPICE and SNS. */
  private grantSteps(props: DailyStateMachineProps): void {
    const stack = Stack.of(this);
    const sm = this.stateMachine;
    sm.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: Object.values(props.functions).map((fn) => fn.functionArn) }),
    );
    // ListRunningExecutions: the execution's own state machine, by the fixed name (its ARN attribute would be a cycle).
    sm.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:ListExecutions'],
        resources: [
          stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: pipelineStateMachineName(stack.stackName), arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        ],
      }),
    );
    sm.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:StartCrawler', 'glue:GetCrawler'],
        resources: props.crawlerNames.map((name) => stack.formatArn({ service: 'glue', resource: 'crawler', resourceName: name })),
      }),
    );

    // athena:startQueryExecution.sync for CREATE OR REPLACE VIEW.
    sm.addToRolePolicy(
      new PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution'],
        resources: [workGroupArn(this, props.workGroup)],
      }),
    );
    sm.addToRolePolicy(
      new PolicyStatement({
        actions: ['athena:GetDataCatalog'],
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      }),
    );
    sm.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'],
        resources: glueCatalogArns(this, props.databaseName, [...props.sourceTables, ...props.viewNames]),
      }),
    );
    sm.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'],
        resources: glueCatalogArns(this, props.databaseName, props.viewNames),
      }),
    );
    const results = { bucketArn: props.analyticsBucket.bucketArn, write: [ATHENA_RESULTS_PREFIX] };
    for (const statement of prefixAccessStatements(results)) {
      sm.addToRolePolicy(statement);
    }
    acknowledgeWildcardResources(
      sm.role,
      [`${results.bucketArn}/${ATHENA_RESULTS_PREFIX}*`],
      'Object ARNs need a key wildcard: Athena names each result object by query id; the grant stays inside athena-results/.',
    );

    if (props.quicksightDatasetIds.length > 0) {
      const datasetArn = (id: string): string => stack.formatArn({ service: 'quicksight', resource: 'dataset', resourceName: id });
      // CreateIngestion and DescribeIngestion authorize on the ingestion resource (dataset/<id>/ingestion/<ingestion id>) only.
      const ingestions = props.quicksightDatasetIds.map((id) => `${datasetArn(id)}/ingestion/*`);
      sm.addToRolePolicy(
        new PolicyStatement({
          actions: ['quicksight:CreateIngestion', 'quicksight:DescribeIngestion'],
          resources: ingestions,
        }),
      );
      acknowledgeWildcardResources(sm.role, ingestions, 'Ingestion ids are chosen per execution; the grant is limited to the configured datasets.');
    }

    sm.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [props.alertTopic.topicArn] }));
    sm.addToRolePolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.alertKey.keyArn] }));

    acknowledge(
      sm.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Log delivery (logs:CreateLogDelivery and friends) and X-Ray (xray:PutTraceSegments) support no resource-level permissions: AWS requires Resource "*".',
    );
  }

  /** Starts one execution a day with input `{}` (the previous UTC day). */
  private scheduleDaily(scheduleUtc: string): void {
    const [hour = '0', minute = '0'] = scheduleUtc.split(':');
    new Rule(this, 'DailySchedule', {
      description: `Starts the Kiro activity pipeline daily at ${scheduleUtc} UTC`,
      schedule: Schedule.cron({ hour: String(Number(hour)), minute: String(Number(minute)) }),
      targets: [new SfnStateMachine(this.stateMachine, { input: RuleTargetInput.fromObject({}) })],
    });
  }

  /** Failed or timed-out executions notify the topic even when the pipeline's own alert step broke. */
  private alarmOnFailure(props: DailyStateMachineProps): Alarm {
    const period = Duration.minutes(5);
    const alarm = new Alarm(this, 'ExecutionsFailedAlarm', {
      alarmName: props.alarmNames.executionsFailed,
      alarmDescription: 'A Kiro activity pipeline execution failed or timed out',
      metric: new MathExpression({
        label: 'Failed or timed-out executions',
        // FILL: a period with only one of the two metrics must still add up.
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ statistic: 'Sum', period }),
          timedOut: this.stateMachine.metricTimedOut({ statistic: 'Sum', period }),
        },
        period,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(props.alertTopic));
    return alarm;
  }

  /**
   * No execution succeeded in the last `didNotRunHours` hours (including when none started at
   * all): one-hour periods, every one of them without a success. ExecutionsSucceeded has no data
   * point in an hour without a success, so missing data breaches. CloudWatch allows
   * period × evaluation periods up to 7 days for periods of an hour or more (1 day below).
   */
  private alarmWhenNotRun(props: DailyStateMachineProps): Alarm {
    const hours = props.didNotRunHours;
    const alarm = new Alarm(this, 'DidNotRunAlarm', {
      alarmName: props.alarmNames.didNotRun,
      alarmDescription: `No Kiro activity pipeline execution succeeded in the last ${hours} hours (none started, or every one failed)`,
      metric: this.stateMachine.metricSucceeded({ statistic: 'Sum', period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      treatMissingData: TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(props.alertTopic));
    return alarm;
  }
}
