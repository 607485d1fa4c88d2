/**
 * The chat channels (issue 13): with `chat` set, AWS Chatbot channel configurations of the exact
 * CloudFormation types and required properties, subscribed to the alert topic and the chat topic,
 * with a role that may do nothing and a guardrail that denies everything; the forwarder Lambda on
 * the alert topic; the key letting Chatbot read; no unacknowledged cdk-nag finding. Without
 * `chat` none of it is deployed.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { buildStack, exampleConfig } from './stack-fixture.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SLACK = { workspaceId: 'T0123ABCD45', channelId: 'C0123ABCD45' };
const TEAMS = { teamId: '5a6f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b', channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2', tenantId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' };

function chatConfig(chat: PipelineConfig['chat']): PipelineConfig {
  return { ...exampleConfig(), chat };
}

/** The logical ids of the resources of `type`. */
function idsOf(template: { findResources(type: string): Record<string, Json> }, type: string): string[] {
  return Object.keys(template.findResources(type));
}

describe('chat channels', () => {
  const { app, template } = buildStack(chatConfig({ slack: SLACK, teams: TEAMS }));
  const alertTopic = idsOf(template, 'AWS::SNS::Topic').find((id) => id.startsWith('AlertsTopic'))!;
  const chatTopic = idsOf(template, 'AWS::SNS::Topic').find((id) => id.startsWith('AlertChatTopic'))!;
  const role = idsOf(template, 'AWS::IAM::Role').find((id) => id.startsWith('AlertChatChannelRole'))!;
  const guardrail = idsOf(template, 'AWS::IAM::ManagedPolicy').find((id) => id.startsWith('AlertChatChannelGuardrail'))!;

  it('deploys a Slack and a Microsoft Teams channel configuration, each on both topics, with the role and the guardrail', () => {
    // Assess
    const common = {
      IamRoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
      GuardrailPolicies: [{ Ref: guardrail }],
      SnsTopicArns: [{ Ref: alertTopic }, { Ref: chatTopic }],
      LoggingLevel: 'ERROR',
      UserRoleRequired: false,
    };
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ...common, ConfigurationName: 'KiroActivityPipeline-alerts-slack', SlackWorkspaceId: SLACK.workspaceId, SlackChannelId: SLACK.channelId,
    });
    template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 1);
    template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      ...common, ConfigurationName: 'KiroActivityPipeline-alerts-teams', TeamId: TEAMS.teamId, TeamsChannelId: TEAMS.channelId, TeamsTenantId: TEAMS.tenantId,
    });
  });

  it('gives the channels a role Chatbot assumes with no permission, and a guardrail denying every action', () => {
    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' } }] },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy: Json) => JSON.stringify(policy.Properties.Roles).includes(role));
    expect(policies).toEqual([]);
    expect(template.findResources('AWS::IAM::Role')[role]?.Properties.ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Sid: 'ChannelsRunNothing', Effect: 'Deny', Action: '*', Resource: '*' }] },
    });
  });

  it('forwards the alert topic to the chat topic through a Lambda that may only publish there', () => {
    // Assess
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: alertTopic } });
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Kiro activity pipeline alerts for chat', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Re-words each pipeline alert as an AWS Chatbot custom notification on the chat topic',
      Environment: { Variables: Match.objectLike({ CHAT_TOPIC_ARN: { Ref: chatTopic } }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: chatTopic } })]) },
    });
  });

  it('lets Chatbot decrypt with the alert key, for this account only', () => {
    // Assess
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowChatbotToReadTheAlertTopics',
            Effect: 'Allow',
            Principal: { Service: 'chatbot.amazonaws.com' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ]),
      },
    });
  });

  it('reports no unacknowledged cdk-nag error or warning', { timeout: 120_000 }, () => {
    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    expect(report.violations.map((violation) => `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('without chat', () => {
  it('deploys no channel, no chat topic and no forwarder', () => {
    // Act
    const { template } = buildStack(chatConfig({}));

    // Assess
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
    expect(idsOf(template, 'AWS::SNS::Topic').filter((id) => id.startsWith('AlertChat'))).toEqual([]);
  });

  it('deploys only the Slack channel when only Slack is set', () => {
    // Act
    const { template } = buildStack(chatConfig({ slack: SLACK }));

    // Assess
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
  });
});
