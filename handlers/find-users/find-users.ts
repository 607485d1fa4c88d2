/**
 * FindUsersToResolve logic: which ids need a DescribeUser call (new ones, plus a bounded number
 * of names not refreshed for a while), written as batch files for the ResolveUsers map.
 */
import { addDays } from '../shared/dates.js';
import type { ObjectStore } from '../shared/object-store.js';
import type { QueryRunner, Row } from '../shared/query-runner.js';
import { textCell } from '../shared/row-values.js';
import type { UserResolutionSettings } from '../shared/settings.js';
import { batchBody, batchKey, chunk, type BatchRef } from './batches.js';
import { newUserIdsQuery, staleNameIdsQuery, teamRefreshIdsQuery } from './queries.js';

/** What the FindUsersToResolve state passes. */
export interface FindUsersEvent {
  /** Name refresh age counts back from this day. */
  executionDate: string;
  executionName: string;
}

/** `$.lookup`. */
export interface UserLookupPlan {
  newUsers: number;
  refreshUsers: number;
  batches: BatchRef[];
}

/** The ports and settings find-users needs. */
export interface FindUsersDeps {
  queries: QueryRunner;
  store: ObjectStore;
  workPrefix: string;
  users: Pick<UserResolutionSettings, 'nameRefreshDays' | 'nameRefreshBatchSize' | 'resolveBatchSize'>;
  /** Set with `teams.attribute`: entries without that attribute's answer are refreshed too. */
  teamsFromAttribute?: boolean;
}

/** Queries the ids to resolve, writes them in batches and returns the batch list. */
export async function findUsers(event: FindUsersEvent, deps: FindUsersDeps): Promise<UserLookupPlan> {
  const { users } = deps;
  const newIds = userIds(await deps.queries.run(newUserIdsQuery()));
  const cutoff = addDays(event.executionDate, -users.nameRefreshDays);
  const knownNew = new Set(newIds);
  // A directory entry cannot also be new; the filter only guards against a double lookup.
  const staleIds = userIds(await deps.queries.run(staleNameIdsQuery(cutoff, users.nameRefreshBatchSize)));
  // Issue 13: a team attribute configured (or changed) since an entry's lookup: that entry is due too.
  const teamIds = deps.teamsFromAttribute ? userIds(await deps.queries.run(teamRefreshIdsQuery())) : [];
  const refreshIds = [...new Set([...staleIds, ...teamIds])].filter((id) => !knownNew.has(id));
  const batches: BatchRef[] = [];
  for (const [index, ids] of chunk([...newIds, ...refreshIds], users.resolveBatchSize).entries()) {
    const key = batchKey(deps.workPrefix, event.executionName, index + 1);
    await deps.store.putText(key, batchBody(ids));
    batches.push({ key, count: ids.length });
  }
  return { newUsers: newIds.length, refreshUsers: refreshIds.length, batches };
}

function userIds(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((row) => textCell(row, 'userid')))];
}
