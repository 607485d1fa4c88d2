/**
 * An alert worded for AWS Chatbot (Amazon Q Developer in chat applications): Chatbot posts only
 * the notifications of AWS services it knows (CloudWatch alarms among them) and custom
 * notifications in its event format (`version` "1.0", `source` "custom", `content` with a
 * `description`); the pipeline's own alerts are plain text for e-mail, so they are re-worded here.
 */

/** One message of the alert topic, as SNS hands it to a subscribed Lambda. */
export interface AlertMessage {
  subject: string | null;
  message: string;
  /** The `alert_kind` message attribute; none on a CloudWatch alarm's notification. */
  alertKind: string | null;
}

/** A Chatbot custom notification. */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  content: { textType: 'client-markdown'; title: string; description: string };
  metadata: { eventType: string; summary: string };
}

/** The longest description posted; a longer alert is cut, and says it went out whole by e-mail. */
export const MAX_DESCRIPTION = 8000;

/**
 * The custom notification of `alert`; null for a CloudWatch alarm's notification (JSON with
 * `AlarmName`), which Chatbot posts from the alert topic itself.
 */
export function chatNotification(alert: AlertMessage): ChatNotification | null {
  if (isAlarmNotification(alert.message)) return null;
  const title = alert.subject ?? `Kiro activity pipeline: ${alert.alertKind ?? 'alert'}`;
  const cut = alert.message.length > MAX_DESCRIPTION;
  const description = cut ? `${alert.message.slice(0, MAX_DESCRIPTION)}\n… (cut here; the whole alert went out by e-mail)` : alert.message;
  // A chat's markdown would read *, _ and ` in names and counts; a code block shows them as sent.
  return {
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title, description: `\`\`\`\n${description.replace(/```/g, "'''")}\n\`\`\`` },
    metadata: { eventType: alert.alertKind ?? 'alert', summary: title },
  };
}

function isAlarmNotification(message: string): boolean {
  if (!message.startsWith('{')) return false;
  try {
    const parsed = JSON.parse(message) as { AlarmName?: unknown };
    return typeof parsed.AlarmName === 'string';
  } catch {
    return false;
  }
}
