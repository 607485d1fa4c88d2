/** The chat forwarder: each pipeline alert becomes one AWS Chatbot custom notification; alarm notifications are left to Chatbot. */
import { describe, expect, it } from 'vitest';
import { MAX_DESCRIPTION, chatNotification } from '../../handlers/forward-to-chat/chat-notification.js';
import { createHandler } from '../../handlers/forward-to-chat/handler.js';

/** An SNS event of `records`, as a subscribed Lambda receives it. */
function snsEvent(...records: Array<{ subject?: string | null; message: string; kind?: string }>) {
  return {
    Records: records.map(({ subject, message, kind }) => ({
      Sns: { Subject: subject ?? null, Message: message, MessageAttributes: kind === undefined ? {} : { alert_kind: { Type: 'String', Value: kind } } },
    })),
  };
}

describe('forward-to-chat', () => {
  it('publishes each pipeline alert as a custom notification, its text in a code block, and leaves alarm notifications out', async () => {
    // Prepare
    const published: string[] = [];
    const handler = createHandler({ publish: async (message) => void published.push(message) });
    const alarm = JSON.stringify({ AlarmName: 'KiroActivityPipeline-failed', NewStateValue: 'ALARM' });

    // Act
    const result = await handler(
      snsEvent(
        { subject: 'Kiro statement 2026-06: $342.48, 3 teams', message: 'Total: $342.48\n- *Platform*: $235.40', kind: 'monthly_statement' },
        { subject: 'ALARM: "KiroActivityPipeline-failed"', message: alarm },
      ),
    );

    // Assess
    expect(result).toEqual({ forwarded: 1, skipped: 1 });
    expect(published.map((message) => JSON.parse(message))).toEqual([
      {
        version: '1.0',
        source: 'custom',
        content: { textType: 'client-markdown', title: 'Kiro statement 2026-06: $342.48, 3 teams', description: '```\nTotal: $342.48\n- *Platform*: $235.40\n```' },
        metadata: { eventType: 'monthly_statement', summary: 'Kiro statement 2026-06: $342.48, 3 teams' },
      },
    ]);
  });

  it('cuts a long alert, saying the whole one went by e-mail, and names one without a subject by its kind', () => {
    // Act
    const notification = chatNotification({ subject: null, message: 'x'.repeat(MAX_DESCRIPTION + 5), alertKind: 'spike' });

    // Assess
    expect(notification?.content.title).toBe('Kiro activity pipeline: spike');
    expect(notification?.content.description.endsWith('… (cut here; the whole alert went out by e-mail)\n```')).toBe(true);
    expect(notification?.content.description).toHaveLength(MAX_DESCRIPTION + '```\n'.length + '\n… (cut here; the whole alert went out by e-mail)'.length + '\n```'.length);
  });

  it('keeps a message that would close the code block inside it', () => {
    // Act
    const notification = chatNotification({ subject: 's', message: 'a ``` b', alertKind: 'spike' });

    // Assess
    expect(notification?.content.description).toBe("```\na ''' b\n```");
  });

  it('refuses an event that is not from SNS', async () => {
    // Prepare
    const handler = createHandler({ publish: async () => undefined });

    // Act + Assess
    await expect(handler({ detail: {} })).rejects.toThrow('forward-to-chat: expected an SNS event with Records');
  });
});
