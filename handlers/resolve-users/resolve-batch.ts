/**
 * ResolveUserBatch logic: describe every id of one batch through the UserLookup port, with
 * bounded concurrency and backoff on throttling, and write one mapping partition file.
 */
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { ObjectStore } from '../shared/object-store.js';
import { isTransientAwsError, retry, type RetryEffects, type RetryPolicy } from '../shared/retry.js';
import type { TeamAttribute } from '../shared/settings.js';
import type { UserLookup } from '../shared/user-lookup.js';
import { parseBatchFile } from './batch-file.js';
import { mappingKey, mappingRecord, toJsonLines, type MappingRecord } from './mapping-record.js';

/** What the ResolveUserBatch state passes. */
export interface ResolveBatchEvent {
  key: string;
  batchIndex: number;
  executionDate: string;
  executionName: string;
}

/** One entry of `$.resolved`. */
export interface ResolvedBatch {
  /** The mapping file written. */
  key: string;
  /** Ids found ACTIVE. */
  resolved: number;
  /** Ids that no longer exist. */
  deleted: number;
}

/** Ports, settings and effects of resolve-users. */
export interface ResolveBatchDeps {
  store: ObjectStore;
  users: UserLookup;
  mappingPrefix: string;
  /** `teams.attribute`, read from the same DescribeUser answer; unset: no team is recorded. */
  teamAttribute?: TeamAttribute;
  concurrency: number;
  retryPolicy: RetryPolicy;
  effects: RetryEffects;
  /** The instant stamped as resolved_at. */
  now: () => Date;
}

/**
 * DescribeUser at 5 in flight with ~50-100 ms each resolves 500 ids in seconds; six attempts
 * with delays capped at 5 s bound a throttled id to well under half a minute.
 */
export const DESCRIBE_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5000 };

type Outcome = { record: MappingRecord } | { failure: unknown };

/** Resolves the batch; on permanent failures writes the resolved part, then throws. */
export async function resolveBatch(event: ResolveBatchEvent, deps: ResolveBatchDeps): Promise<ResolvedBatch> {
  const ids = parseBatchFile(await deps.store.getText(event.key), event.key);
  const resolvedAt = deps.now().toISOString();
  const outcomes = await mapWithConcurrency(ids, deps.concurrency, async (id): Promise<Outcome> => {
    try {
      const user = await retry(() => deps.users.describeUser(id), isTransientAwsError, deps.retryPolicy, deps.effects);
      return { record: mappingRecord(id, user, resolvedAt, deps.teamAttribute) };
    } catch (failure) {
      return { failure };
    }
  });
  const records = outcomes.flatMap((outcome) => ('record' in outcome ? [outcome.record] : []));
  const failures = outcomes.flatMap((outcome) => ('failure' in outcome ? [outcome.failure] : []));
  const key = mappingKey(deps.mappingPrefix, event.executionDate, event.executionName, event.batchIndex);
  if (records.length > 0) await deps.store.putText(key, toJsonLines(records));
  if (failures.length > 0) {
    throw new UserResolutionError(failures.length, ids.length, records.length > 0 ? key : undefined, failures[0]);
  }
  return {
    key,
    resolved: records.filter((record) => record.status === 'ACTIVE').length,
    deleted: records.filter((record) => record.status === 'DELETED').length,
  };
}

/** Some ids of a batch could not be resolved; the rest were saved first. */
export class UserResolutionError extends Error {
  constructor(failed: number, total: number, writtenKey: string | undefined, firstFailure: unknown) {
    const saved = writtenKey === undefined ? 'nothing was written' : `the ${total - failed} resolved are saved in ${writtenKey}`;
    super(`resolve-users: ${failed} of ${total} ids could not be resolved (first error: ${describeError(firstFailure)}); ${saved}`);
    this.name = 'UserResolutionFailed';
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
