/** FindUsersToResolve: new and stale-name user ids, written as batch files. */
import { dateField, eventObject, executionNameField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { ObjectStore } from '../shared/object-store.js';
import type { QueryRunner } from '../shared/query-runner.js';
import type { PipelineSettings } from '../shared/settings.js';
import { findUsers, type UserLookupPlan } from './find-users.js';

/**
 * Builds the FindUsersToResolve handler: `{reportDate, executionDate, executionName}` → `$.lookup`
 * (ids of every day count, not just the report date's).
 */
export function createFindUsersHandler(
  settings: PipelineSettings,
  queries: QueryRunner,
  store: ObjectStore,
): (event: unknown) => Promise<UserLookupPlan> {
  return async (event) => {
    const fields = eventObject(event, 'find-users');
    const plan = await findUsers(
      {
        executionDate: dateField(fields, 'executionDate', 'find-users'),
        executionName: executionNameField(fields, 'find-users'),
      },
      { queries, store, workPrefix: settings.workPrefix, users: settings.users },
    );
    logger.info('users to resolve', { newUsers: plan.newUsers, refreshUsers: plan.refreshUsers, batches: plan.batches.length });
    return plan;
  };
}
