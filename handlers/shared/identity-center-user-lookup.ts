/** UserLookup and GroupLookup over IAM Identity Center (DescribeUser, GetGroupId, ListGroupMemberships). */
import { DescribeUserCommand, GetGroupIdCommand, IdentitystoreClient, ListGroupMembershipsCommand } from '@aws-sdk/client-identitystore';
import { TEAM_ATTRIBUTES } from './settings.js';
import type { DirectoryUser, EnterpriseAttributes, GroupLookup, GroupMembersPage, UserLookup } from './user-lookup.js';

/** The one extension DescribeUser takes: the SCIM enterprise attributes (department, costCenter, …). */
export const ENTERPRISE_EXTENSION = 'aws:identitystore:enterprise';

/** ListGroupMemberships' largest page. */
const MEMBERS_PER_PAGE = 100;

/** Whether an SDK error says the user or group does not exist. */
function isNotFound(error: unknown): boolean {
  return (error as { name?: unknown }).name === 'ResourceNotFoundException';
}

/** The team attributes of a DescribeUser `Extensions` member; anything but a non-blank string is left out. */
export function enterpriseAttributes(extensions: Record<string, unknown> | undefined): EnterpriseAttributes {
  const enterprise = extensions?.[ENTERPRISE_EXTENSION];
  if (typeof enterprise !== 'object' || enterprise === null) return {};
  const attributes: EnterpriseAttributes = {};
  for (const name of TEAM_ATTRIBUTES) {
    const value = (enterprise as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.trim() !== '') attributes[name] = value;
  }
  return attributes;
}

/** Describes users of one identity store, with their enterprise attributes in the same call; a deleted user resolves `null`. */
export class IdentityCenterUserLookup implements UserLookup {
  constructor(
    private readonly client: IdentitystoreClient,
    private readonly identityStoreId: string,
  ) {}

  async describeUser(userId: string): Promise<DirectoryUser | null> {
    try {
      const user = await this.client.send(
        new DescribeUserCommand({ IdentityStoreId: this.identityStoreId, UserId: userId, Extensions: [ENTERPRISE_EXTENSION] }),
      );
      return { userName: user.UserName ?? '', displayName: user.DisplayName ?? '', enterprise: enterpriseAttributes(user.Extensions) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

/** Reads the groups of one identity store; a group that does not exist resolves `null`. */
export class IdentityCenterGroupLookup implements GroupLookup {
  constructor(
    private readonly client: IdentitystoreClient,
    private readonly identityStoreId: string,
  ) {}

  /** GetGroupId by the unique attribute `displayName`. */
  async groupId(displayName: string): Promise<string | null> {
    try {
      const answer = await this.client.send(
        new GetGroupIdCommand({
          IdentityStoreId: this.identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: displayName } },
        }),
      );
      return answer.GroupId ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** One page of ListGroupMemberships; `null` when the group was deleted meanwhile. */
  async members(groupId: string, nextToken?: string): Promise<GroupMembersPage | null> {
    try {
      const page = await this.client.send(
        new ListGroupMembershipsCommand({ IdentityStoreId: this.identityStoreId, GroupId: groupId, MaxResults: MEMBERS_PER_PAGE, NextToken: nextToken }),
      );
      const userIds = (page.GroupMemberships ?? []).flatMap((membership) => (membership.MemberId?.UserId ? [membership.MemberId.UserId] : []));
      return page.NextToken ? { userIds, nextToken: page.NextToken } : { userIds };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
