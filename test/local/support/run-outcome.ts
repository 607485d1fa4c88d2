/** How a local run ended, for assertions that show why when it did not succeed. */
import type { LocalRunResult } from '../../../local/run/run-local.js';

/**
 * A run's status with its error and cause (absent on success), so `toEqual({ status: 'SUCCEEDED' })`
 * fails with the failure's cause in its diff instead of only the status.
 */
export function outcomeOf(run: Pick<LocalRunResult, 'status' | 'error' | 'cause'>): Pick<LocalRunResult, 'status' | 'error' | 'cause'> {
  return { status: run.status, error: run.error, cause: run.cause };
}
