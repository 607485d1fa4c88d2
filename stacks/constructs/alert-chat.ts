/**
 * The alerts in a Slack channel or a Microsoft Teams channel through AWS Chatbot (Amazon Q
 * Developer in chat applications), deployed only when `chat` names a channel.
 *
 * Chatbot posts the notifications of AWS services it knows (the stack's CloudWatch alarms) and
 * custom notifications in its own event format; the pipeline's alerts are plain text for e-mail.
 * So each channel configuration subscribes to the alert topic (the alarms) and to a chat topic,
 * to which a small forwarder Lambda, subscribed to the alert topic, publishes every pipeline
 * alert re-worded as a custom notification (handlers/forward-to-chat). Both topics share the
 * alert key. The channels' role has no permission and their guardrail denies every action: the
 * channels receive alerts and run nothing.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { CfnMicrosoftTeamsChannelConfiguration, CfnSlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { ChatConfig } from '../../handlers/shared/config.js';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { PipelineFunction } from './pipeline-function.js';

/** Props of {@link AlertChat}. */
export interface AlertChatProps {
  chat: ChatConfig;
  alertTopic: ITopic;
  alertKey: Key;
  /** The forwarder is a pipeline function: it carries the settings like every other. */
  settings: PipelineSettings;
  logRetention: RetentionDays;
}

/** Whether `chat` names any channel (the construct is deployed only then). */
export function hasChatChannel(chat: ChatConfig): boolean {
  return chat.slack !== undefined || chat.teams !== undefined;
}

/** The chat topic, the forwarder and one channel configuration per configured channel. */
export class AlertChat extends Construct {
  readonly chatTopic: Topic;
  readonly forwarder: PipelineFunction;

  constructor(scope: Construct, id: string, props: AlertChatProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.chatTopic = new Topic(this, 'Topic', { displayName: 'Kiro activity pipeline alerts for chat', masterKey: props.alertKey, enforceSSL: true });

    this.forwarder = new PipelineFunction(this, 'Forwarder', {
      handlerName: 'forward-to-chat',
      description: 'Re-words each pipeline alert as an AWS Chatbot custom notification on the chat topic',
      settings: props.settings,
      logRetention: props.logRetention,
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    this.forwarder.addEnvironment('CHAT_TOPIC_ARN', this.chatTopic.topicArn);
    this.forwarder.executionRole.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [this.chatTopic.topicArn] }));
    // Publishing to an encrypted topic: SNS asks the key for a data key on the publisher's behalf.
    this.forwarder.executionRole.addToPolicy(new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.alertKey.keyArn] }));
    props.alertTopic.addSubscription(new LambdaSubscription(this.forwarder));

    // Chatbot receives the encrypted topics' messages through its subscriptions: its service
    // principal may decrypt with the key, for channel configurations of this account only.
    props.alertKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowChatbotToReadTheAlertTopics',
        principals: [new ServicePrincipal('chatbot.amazonaws.com')],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    const role = new Role(this, 'ChannelRole', {
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
      description: 'AWS Chatbot channel role of the Kiro activity pipeline alerts: no permission (the channels only receive alerts)',
    });
    const guardrail = new ManagedPolicy(this, 'ChannelGuardrail', {
      description: 'Guardrail of the Kiro activity pipeline alert channels: no action may be run from them',
      statements: [new PolicyStatement({ sid: 'ChannelsRunNothing', effect: Effect.DENY, actions: ['*'], resources: ['*'] })],
    });
    const common = {
      iamRoleArn: role.roleArn,
      guardrailPolicies: [guardrail.managedPolicyArn],
      snsTopicArns: [props.alertTopic.topicArn, this.chatTopic.topicArn],
      loggingLevel: 'ERROR',
      userRoleRequired: false,
    };
    const prefix = stack.stackName.slice(0, 100);
    if (props.chat.slack !== undefined) {
      new CfnSlackChannelConfiguration(this, 'Slack', {
        ...common,
        configurationName: `${prefix}-alerts-slack`,
        slackWorkspaceId: props.chat.slack.workspaceId,
        slackChannelId: props.chat.slack.channelId,
      });
    }
    if (props.chat.teams !== undefined) {
      new CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        ...common,
        configurationName: `${prefix}-alerts-teams`,
        teamId: props.chat.teams.teamId,
        teamsChannelId: props.chat.teams.channelId,
        teamsTenantId: props.chat.teams.tenantId,
      });
    }
  }
}
