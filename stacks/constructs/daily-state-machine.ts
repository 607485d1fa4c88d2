/**
 * The daily Standard state machine from `statemachines/daily-pipeline.asl.json`, its log group,
 * its least-privilege role statements, the daily schedule and the failure alarm.
 */
import { Duration, Stack } from 'aws-cdk-lib';
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
import { Construct } from 'constructs';
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
  alertTopic: ITopic;
  alertKey: IKey;
  /** Daily start, `HH:MM` UTC. */
  scheduleUtc: string;
  logRetention: RetentionDays;
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
      stateMachineType: StateMachineType.STANDARD,
      comment: 'Kiro activity pipeline: crawl, views, names, spikes, SPICE, alerts',
      definitionBody: DefinitionBody.fromFile(`${PROJECT_ROOT}${DEFINITION_FILE}`),
      definitionSubstitutions: definitionSubstitutions({
        functionArn: (handler) => props.functions[handler].functionArn,
        alertTopicArn: props.alertTopic.topicArn,
        athenaWorkGroup: props.workGroup,
        glueDatabase: props.databaseName,
        accountId: stack.account,
        region: stack.region,
      }),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    this.grantSteps(props);
    this.scheduleDaily(props.scheduleUtc);
    this.alarmOnFailure(props.alertTopic);
  }

  /** Exactly what the states call: the step Lambdas, the crawlers, view DDL, SPICE and SNS. */
  private grantSteps(props: DailyStateMachineProps): void {
    const stack = Stack.of(this);
    const sm = this.stateMachine;
    sm.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: Object.values(props.functions).map((fn) => fn.functionArn) }),
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
      const ingestions = props.quicksightDatasetIds.map((id) => `${datasetArn(id)}/ingestion/*`);
      sm.addToRolePolicy(
        new PolicyStatement({
          actions: ['quicksight:CreateIngestion', 'quicksight:DescribeIngestion'],
          resources: [...props.quicksightDatasetIds.map(datasetArn), ...ingestions],
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
  private alarmOnFailure(topic: ITopic): void {
    const period = Duration.minutes(5);
    const alarm = new Alarm(this, 'ExecutionsFailedAlarm', {
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
    alarm.addAlarmAction(new SnsAction(topic));
  }
}
