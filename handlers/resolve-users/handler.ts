/** ResolveUserBatch: Identity Center names for one batch of ids, as one mapping file. */
import { dateField, eventObject, executionNameField, indexField, stringField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { ObjectStore } from '../shared/object-store.js';
import type { RetryEffects } from '../shared/retry.js';
import type { PipelineSettings } from '../shared/settings.js';
import type { UserLookup } from '../shared/user-lookup.js';
import { DESCRIBE_RETRY_POLICY, resolveBatch, type ResolvedBatch } from './resolve-batch.js';

/** The ports and effects resolve-users runs with. */
export interface ResolveUsersPorts {
  store: ObjectStore;
  users: UserLookup;
  effects: RetryEffects;
  now: () => Date;
}

/** Builds the ResolveUserBatch handler: `{key, batchIndex, executionDate, executionName}` → one `$.resolved` entry. */
export function createResolveUsersHandler(
  settings: PipelineSettings,
  ports: ResolveUsersPorts,
): (event: unknown) => Promise<ResolvedBatch> {
  return async (event) => {
    const fields = eventObject(event, 'resolve-users');
    const result = await resolveBatch(
      {
        key: stringField(fields, 'key', 'resolve-users'),
        batchIndex: indexField(fields, 'batchIndex', 'resolve-users'),
        executionDate: dateField(fields, 'executionDate', 'resolve-users'),
        executionName: executionNameField(fields, 'resolve-users'),
      },
      {
        ...ports,
        mappingPrefix: settings.mappingPrefix,
        concurrency: settings.users.describeConcurrency,
        retryPolicy: DESCRIBE_RETRY_POLICY,
      },
    );
    // Named fields, not the whole result: only the key and counts ever reach the logs.
    logger.info('batch resolved', { key: result.key, resolved: result.resolved, deleted: result.deleted });
    return result;
  };
}
