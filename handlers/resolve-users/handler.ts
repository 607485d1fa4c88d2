/** ResolveUserBatch: Identity Center names for one batch of ids, as one mapping file. */
import { dateField, eventObject, executionNameField, indexField, stringField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { DESCRIBE_RETRY_POLICY, resolveBatch, type ResolvedBatch } from './resolve-batch.js';

/** Builds the ResolveUserBatch handler: `{key, batchIndex, executionDate, executionName}` → one `$.resolved` entry. */
export const createHandler = (({ settings, ...ports }: Pick<HandlerPorts, 'settings' | 'store' | 'users' | 'effects' | 'now'>) => {
  return async (event: unknown): Promise<ResolvedBatch> => {
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
        ...(settings.teams?.attribute === undefined ? {} : { teamAttribute: settings.teams.attribute }),
        concurrency: settings.users.describeConcurrency,
        retryPolicy: DESCRIBE_RETRY_POLICY,
      },
    );
    // Named fields, not the whole result: only the key and counts ever reach the logs.
    logger.info('batch resolved', { key: result.key, resolved: result.resolved, deleted: result.deleted });
    return result;
  };
}) satisfies HandlerFactory<'resolve-users'>;
