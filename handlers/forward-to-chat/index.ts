/** Lambda entry of the chat forwarder (stacks/constructs/alert-chat.ts): publishes to `CHAT_TOPIC_ARN`. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { tracer } from '../shared/tracer.js';
import { createHandler } from './handler.js';

const topicArn = process.env['CHAT_TOPIC_ARN'];
if (topicArn === undefined || topicArn === '') throw new Error('forward-to-chat: CHAT_TOPIC_ARN is not set');
const sns = tracer.captureAWSv3Client(new SNSClient({}));

export const handler = lambdaEntry(
  createHandler({
    publish: async (message) => {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
    },
  }),
);
