/** SNS in the local run: every published message is kept for `alerts.jsonl`. */

/** One published message, as subscribers would receive it. */
export interface RecordedAlert {
  subject: string;
  message: string;
  /** Message attributes by name, e.g. `{alert_kind: "spike"}`. */
  attributes: Record<string, string>;
}

interface PublishParameters {
  Subject?: string;
  Message?: string;
  MessageAttributes?: Record<string, { StringValue?: string }>;
}

/** Records `sns:publish` calls (difference `alerts-recorded`). */
export class AlertRecorder {
  readonly alerts: RecordedAlert[] = [];

  /** The local stand-in for an `sns:publish` Task: records it and answers like SNS. */
  publish = async (input: unknown): Promise<{ MessageId: string }> => {
    const parameters = input as PublishParameters;
    if (typeof parameters.Message !== 'string' || parameters.Message === '') {
      throw new Error('sns:publish needs a Message');
    }
    this.alerts.push({
      subject: parameters.Subject ?? '',
      message: parameters.Message,
      attributes: Object.fromEntries(
        Object.entries(parameters.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? '']),
      ),
    });
    return { MessageId: `local-${this.alerts.length}` };
  };

  /** The alerts as JSON lines. */
  toJsonLines(): string {
    return this.alerts.map((alert) => `${JSON.stringify(alert)}\n`).join('');
  }
}
