import type { TeamAttribute } from './settings.js';

/** A user's enterprise attributes that can name a team, as Identity Center holds them (each may be missing). */
export type EnterpriseAttributes = Partial<Record<TeamAttribute, string>>;

/** What the directory says about one person. */
export interface DirectoryUser {
  userName: string;
  /** As stored, possibly padded or holding line breaks; callers clean it. */
  displayName: string;
  /** The enterprise attributes of the same lookup (`aws:identitystore:enterprise`); absent or empty when the user has none. */
  enterprise?: EnterpriseAttributes;
}

/**
 * Looks up one user id: Identity Center in AWS, a file in the local run. Resolves `null` for a
 * user that no longer exists; rejects on any other failure (callers decide what to retry).
 */
export interface UserLookup {
  describeUser(userId: string): Promise<DirectoryUser | null>;
}

/** One page of a group's members. */
export interface GroupMembersPage {
  /** Identity Center user ids (members that are not users are left out). */
  userIds: string[];
  /** Set when there is another page. */
  nextToken?: string;
}

/**
 * Reads Identity Center groups: a group's id by its display name, and its members page by page,
 * so callers retry one call, not a whole listing. A group that does not exist (or no longer
 * does) resolves `null`; any other failure rejects.
 */
export interface GroupLookup {
  groupId(displayName: string): Promise<string | null>;
  members(groupId: string, nextToken?: string): Promise<GroupMembersPage | null>;
}
