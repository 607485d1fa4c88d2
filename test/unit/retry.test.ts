import { describe, expect, it, vi } from 'vitest';
import { mapWithConcurrency } from '../../handlers/shared/concurrency.js';
import { exponentialDelayMs, isTransientAwsError, retry } from '../../handlers/shared/retry.js';
import { MAX_SUBJECT_LENGTH, toSnsSubject } from '../../handlers/shared/sns-subject.js';

const awsError = (name: string, httpStatusCode?: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

describe('retry', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 };

  it('retries retryable failures with jittered, capped exponential delays', async () => {
    // Prepare
    const operation = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(awsError('ThrottlingException'))
      .mockRejectedValueOnce(awsError('ThrottlingException'))
      .mockRejectedValueOnce(awsError('ThrottlingException'))
      .mockResolvedValue('done');
    const sleep = vi.fn<(ms: number) => Promise<void>>(async () => undefined);

    // Act
    const result = await retry(operation, isTransientAwsError, policy, { sleep, random: () => 0.5 });

    // Assess
    expect(result).toBe('done');
    expect(operation).toHaveBeenCalledTimes(4);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100, 125]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    // Prepare
    const operation = vi.fn(async () => {
      throw awsError('ThrottlingException');
    });

    // Act + Assess
    await expect(retry(operation, isTransientAwsError, policy, { sleep: async () => undefined, random: () => 0 })).rejects.toThrow(
      'ThrottlingException',
    );
    expect(operation).toHaveBeenCalledTimes(4);
  });

  it('does not retry an error the classifier rejects', async () => {
    // Prepare
    const operation = vi.fn(async () => {
      throw awsError('AccessDeniedException', 400);
    });

    // Act + Assess
    await expect(retry(operation, isTransientAwsError, policy, { sleep: async () => undefined, random: () => 0 })).rejects.toThrow(
      'AccessDeniedException',
    );
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('doubles the delay up to the cap', () => {
    // Act + Assess
    expect([1, 2, 3, 4, 5].map((attempt) => exponentialDelayMs(attempt, 200, 1000))).toEqual([200, 400, 800, 1000, 1000]);
  });
});

describe('isTransientAwsError', () => {
  it.each([
    ['ThrottlingException', awsError('ThrottlingException', 400), true],
    ['TooManyRequestsException', awsError('TooManyRequestsException', 429), true],
    ['InternalServerException', awsError('InternalServerException'), true],
    ['a 503', awsError('ServiceUnavailable', 503), true],
    ['a bare 429', awsError('Whatever', 429), true],
    ['ResourceNotFoundException', awsError('ResourceNotFoundException', 400), false],
    ['ValidationException', awsError('ValidationException', 400), false],
    ['a plain string', 'boom', false],
  ])('%s → %s', (_label, error, expected) => {
    // Act + Assess
    expect(isTransientAwsError(error)).toBe(expected);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the limit', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const worker = async (item: number): Promise<number> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, item % 3));
      inFlight -= 1;
      return item * 10;
    };

    // Act
    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 3, worker);

    // Assess
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
    expect(peak).toBe(3);
  });

  it('rejects a limit below 1', async () => {
    // Act + Assess
    await expect(mapWithConcurrency([1], 0, async (item) => item)).rejects.toThrow('concurrency limit must be a positive integer, got 0');
  });
});

describe('toSnsSubject', () => {
  it('replaces line breaks and non-ASCII and collapses spaces', () => {
    // Act + Assess
    expect(toSnsSubject('Kiro\r\n overage → spike\tnow')).toBe('Kiro overage spike now');
  });

  it('cuts long subjects to 99 characters with an ellipsis: SNS wants fewer than 100', () => {
    // Act
    const subject = toSnsSubject(`Kiro ${'x'.repeat(200)}`);

    // Assess
    expect(MAX_SUBJECT_LENGTH).toBe(99);
    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('keeps a 99-character subject whole', () => {
    // Act + Assess
    expect(toSnsSubject('y'.repeat(99))).toBe('y'.repeat(99));
  });

  it('cuts a subject of exactly 100 characters, the first length SNS rejects', () => {
    // Act
    const subject = toSnsSubject('z'.repeat(100));

    // Assess
    expect(subject).toBe(`${'z'.repeat(96)}...`);
    expect(subject.length).toBeLessThan(100);
  });
});
