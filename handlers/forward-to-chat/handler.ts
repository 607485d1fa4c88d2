/**
 * ForwardToChat: subscribed to the alert topic when `chat` is configured, it re-words each
 * pipeline alert as a Chatbot custom notification and publishes it to the chat topic the
 * channels also subscribe to (stacks/constructs/alert-chat.ts).
 */
import { logger } from '../shared/logger.js';
import { chatNotification, type AlertMessage } from './chat-notification.js';

/** Publishes one message to the chat topic. */
export type ChatPublisher = (message: string) => Promise<void>;

/** The ports of the forwarder. */
export interface ForwardToChatPorts {
  publish: ChatPublisher;
}

/** The part of an SNS event a subscribed Lambda receives that the forwarder reads. */
interface SnsEvent {
  Records?: Array<{ Sns?: { Subject?: string | null; Message?: string; MessageAttributes?: Record<string, { Value?: string }> } }>;
}

/** Builds the handler: an SNS event in, `{forwarded, skipped}` out. */
export const createHandler = ({ publish }: ForwardToChatPorts) => {
  return async (event: unknown): Promise<{ forwarded: number; skipped: number }> => {
    const records = (event as SnsEvent | null)?.Records;
    if (!Array.isArray(records)) throw new Error('forward-to-chat: expected an SNS event with Records');
    let forwarded = 0;
    for (const record of records) {
      const sns = record.Sns;
      if (typeof sns?.Message !== 'string') throw new Error('forward-to-chat: an SNS record without a Message');
      const alert: AlertMessage = { subject: sns.Subject ?? null, message: sns.Message, alertKind: sns.MessageAttributes?.['alert_kind']?.Value ?? null };
      const notification = chatNotification(alert);
      if (notification === null) continue;
      await publish(JSON.stringify(notification));
      forwarded += 1;
    }
    // Kinds and counts only: the messages name people.
    logger.info('alerts forwarded to chat', { forwarded, skipped: records.length - forwarded });
    return { forwarded, skipped: records.length - forwarded };
  };
};
