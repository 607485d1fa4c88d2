/** FindUsersToResolve: new and stale-name user ids, written as batch files. */
import { dateField, eventObject, executionNameField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { findUsers, type UserLookupPlan } from './find-users.js';

/**
 * Builds the FindUsersToResolve handler: `{reportDate, executionDate, executionName}` → `$.lookup`
 * (ids of every day count, not just the report date's).
 */
export const createHandler = (({ settings, queries, store }: Pick<HandlerPorts, 'settings' | 'queries' | 'store'>) => {
  return async (event: unknown): Promise<UserLookupPlan> => {
    const fields = eventObject(event, 'find-users');
    const plan = await findUsers(
      {
        executionDate: dateField(fields, 'executionDate', 'find-users'),
        executionName: executionNameField(fields, 'find-users'),
      },
      { queries, store, workPrefix: settings.workPrefix, users: settings.users, teamsFromAttribute: settings.teams?.attribute !== undefined },
    );
    logger.info('users to resolve', { newUsers: plan.newUsers, refreshUsers: plan.refreshUsers, batches: plan.batches.length });
    return plan;
  };
}) satisfies HandlerFactory<'find-users'>;
