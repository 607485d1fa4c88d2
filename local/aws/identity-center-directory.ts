/**
 * Identity Center in the local run: the directory file. Ids not in it answer as deleted users,
 * group names not in it as groups that do not exist.
 */
import type { DirectoryUser, GroupLookup, GroupMembersPage, UserLookup } from '../../handlers/shared/user-lookup.js';
import type { Directory } from '../directory-file.js';

/** {@link UserLookup} and {@link GroupLookup} over a parsed directory file; counts its look-ups like DescribeUser calls. */
export class DirectoryUserLookup implements UserLookup, GroupLookup {
  /** Number of describeUser calls made, for the run's report and the tests. */
  lookups = 0;
  /** Number of group calls made (GetGroupId and ListGroupMemberships in AWS). */
  groupCalls = 0;

  constructor(private readonly directory: Directory) {}

  async describeUser(userId: string): Promise<DirectoryUser | null> {
    this.lookups += 1;
    return this.directory.get(userId) ?? null;
  }

  async groupId(displayName: string): Promise<string | null> {
    this.groupCalls += 1;
    return this.directory.groups?.get(displayName)?.groupId ?? null;
  }

  /** All members in one page: the file holds them all. */
  async members(groupId: string): Promise<GroupMembersPage | null> {
    this.groupCalls += 1;
    const group = [...(this.directory.groups?.values() ?? [])].find((candidate) => candidate.groupId === groupId);
    return group === undefined ? null : { userIds: [...group.members] };
  }
}
