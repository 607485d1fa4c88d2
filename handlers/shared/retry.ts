/**
 * Exponential backoff with full jitter. Sleep and randomness are injected so tests run
 * instantly and deterministically; production passes the real ones.
 */

/** Waits the given milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** A number in [0, 1), like Math.random. */
export type Random = () => number;

/** The real timer-based sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Total attempts including the first; at least 1. */
  maxAttempts: number;
  /** Delay ceiling before the second attempt; doubles each attempt. */
  baseDelayMs: number;
  /** Upper bound of any single delay. */
  maxDelayMs: number;
}

/** The effects retry needs: waiting and randomness. */
export interface RetryEffects {
  sleep: Sleep;
  random: Random;
}

/** Capped exponential delay before attempt `attempt + 1` (attempt counts from 1), no jitter. */
export function exponentialDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Runs `operation` until it succeeds, it fails with an error `isRetryable` rejects, or the
 * attempts run out; then rethrows the last error. Full jitter spreads concurrent callers out.
 */
export async function retry<T>(
  operation: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  effects: RetryEffects,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw error;
      const ceiling = exponentialDelayMs(attempt, policy.baseDelayMs, policy.maxDelayMs);
      await effects.sleep(Math.floor(effects.random() * ceiling));
    }
  }
}

const TRANSIENT_ERROR_NAMES = new Set(['ThrottlingException', 'TooManyRequestsException', 'InternalServerException']);

/** AWS errors worth retrying: throttling, internal errors and any 5xx (or 429) response. */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof name === 'string' && TRANSIENT_ERROR_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}
