/** ReadGroupMemberships: the members of the configured Identity Center groups, as one snapshot per run. */
import { dateField, eventObject, executionNameField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { GROUP_RETRY_POLICY, readGroups, type GroupsRead } from './read-groups.js';

/** Builds the ReadGroupMemberships handler: `{executionDate, executionName}` → `$.groups`. */
export const createHandler = (({ settings, groups, store, effects, now }: Pick<HandlerPorts, 'settings' | 'groups' | 'store' | 'effects' | 'now'>) => {
  return async (event: unknown): Promise<GroupsRead> => {
    const fields = eventObject(event, 'read-groups');
    const result = await readGroups(
      { executionDate: dateField(fields, 'executionDate', 'read-groups'), executionName: executionNameField(fields, 'read-groups') },
      {
        groups,
        store,
        config: { ...(settings.teams === undefined ? {} : { teams: settings.teams }), licensedGroups: settings.licensedGroups },
        retryPolicy: GROUP_RETRY_POLICY,
        effects,
        now,
      },
    );
    // Counts only: group, team and people names never reach the logs.
    logger.info('groups read', { key: result.key, groups: result.groups, missingGroups: result.missingGroups, members: result.members });
    return result;
  };
}) satisfies HandlerFactory<'read-groups'>;
