/**
 * ReadGroupMemberships logic: the members of every configured Identity Center group, read once
 * per run (a group id by display name, then its members page by page, each call retried on
 * throttling), written as one group_membership snapshot (gzipped JSON lines).
 */
import type { ObjectStore } from '../shared/object-store.js';
import { GROUP_MEMBERSHIP_PREFIX } from '../shared/report-format.js';
import { isTransientAwsError, retry, type RetryEffects, type RetryPolicy } from '../shared/retry.js';
import type { GroupLookup } from '../shared/user-lookup.js';
import { configuredGroups, membershipKey, membershipObject, membershipRecords, type SnapshotConfig } from './membership-records.js';

/** What the ReadGroupMemberships state passes. */
export interface ReadGroupsEvent {
  executionDate: string;
  executionName: string;
}

/** `$.groups`: counts only, never a name. */
export interface GroupsRead {
  /** The snapshot written. */
  key: string;
  /** Configured groups found. */
  groups: number;
  /** Configured groups Identity Center does not know (deleted or renamed): read as having no members. */
  missingGroups: number;
  /** People in any configured group. */
  members: number;
}

/** Ports, settings and effects of read-groups. */
export interface ReadGroupsDeps {
  groups: GroupLookup;
  store: ObjectStore;
  config: SnapshotConfig;
  retryPolicy: RetryPolicy;
  effects: RetryEffects;
  now: () => Date;
}

/** GetGroupId and ListGroupMemberships share DescribeUser's patience: a handful of calls per group. */
export const GROUP_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5000 };

/** Reads every configured group (one after the other: a few calls each) and writes the snapshot. */
export async function readGroups(event: ReadGroupsEvent, deps: ReadGroupsDeps): Promise<GroupsRead> {
  const attempt = <T>(operation: () => Promise<T>): Promise<T> => retry(operation, isTransientAwsError, deps.retryPolicy, deps.effects);
  const readAt = deps.now().toISOString();
  const members = new Map<string, string[]>();
  for (const name of configuredGroups(deps.config)) {
    const found = await readGroup(name, deps.groups, attempt);
    if (found !== null) members.set(name, found);
  }
  const records = membershipRecords(deps.config, members, event.executionName, readAt);
  const key = membershipKey(GROUP_MEMBERSHIP_PREFIX, event.executionDate, event.executionName);
  await deps.store.putBytes(key, membershipObject(records));
  return {
    key,
    groups: members.size,
    missingGroups: configuredGroups(deps.config).length - members.size,
    members: records.length - 1,
  };
}

/** The user ids of one group, or `null` when it does not exist (also when deleted between two pages). */
async function readGroup(name: string, groups: GroupLookup, attempt: <T>(operation: () => Promise<T>) => Promise<T>): Promise<string[] | null> {
  const id = await attempt(() => groups.groupId(name));
  if (id === null) return null;
  const userIds: string[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await attempt(() => groups.members(id, token));
    if (page === null) return null;
    userIds.push(...page.userIds);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return [...new Set(userIds)];
}
