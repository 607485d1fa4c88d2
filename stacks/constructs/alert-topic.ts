/**
 * The alert topic: encrypted with a rotating customer-managed key, TLS only, one e-mail
 * subscription per configured address, and open to the stack's own CloudWatch alarms.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, TopicPolicy } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IDependable } from 'constructs';

/** Props of {@link AlertTopic}. */
export interface AlertTopicProps {
  emails: readonly string[];
  /** Names of the CloudWatch alarms (this account and region) that notify the topic. */
  alarmNames: readonly string[];
}

/** ARN of a CloudWatch alarm of this stack's account and region, from its name. */
export function alarmArn(scope: Construct, alarmName: string): string {
  return Stack.of(scope).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarmName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * Topic and key. Publishers with a role (the state machine) need `sns:Publish` on the topic and
 * data keys from the key in their identity policy. CloudWatch alarms publish as the service
 * principal: a topic policy replaces SNS's default one, so the topic policy and the key policy
 * let `cloudwatch.amazonaws.com` in, for the named alarms of this account only.
 */
export class AlertTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  /** The topic policy: an alarm created before it could not notify. */
  readonly policy: IDependable;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    // Confused-deputy guard: only these alarms, only in this account.
    const fromTheAlarms = {
      ArnEquals: { 'aws:SourceArn': props.alarmNames.map((name) => alarmArn(this, name)) },
      StringEquals: { 'aws:SourceAccount': account },
    };
    this.key = new Key(this, 'Key', { enableKeyRotation: true, description: 'Encrypts the Kiro activity pipeline alert topic' });
    // SNS asks KMS for a data key on behalf of the publisher: the alarms' service principal must be let in.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowPipelineAlarmsToUseTheTopicKey',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromTheAlarms,
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Kiro activity pipeline alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowPipelineAlarmsToPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromTheAlarms,
      }),
    );
    this.policy = this.topic.node.findChild('Policy') as TopicPolicy;
    for (const email of props.emails) {
      this.topic.addSubscription(new EmailSubscription(email));
    }
  }
}
