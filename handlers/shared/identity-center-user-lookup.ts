/** UserLookup over IAM Identity Center's DescribeUser. */
import { DescribeUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { DirectoryUser, UserLookup } from './user-lookup.js';

/** Describes users of one identity store; a deleted user resolves `null`. */
export class IdentityCenterUserLookup implements UserLookup {
  constructor(
    private readonly client: IdentitystoreClient,
    private readonly identityStoreId: string,
  ) {}

  async describeUser(userId: string): Promise<DirectoryUser | null> {
    try {
      const user = await this.client.send(
        new DescribeUserCommand({ IdentityStoreId: this.identityStoreId, UserId: userId }),
      );
      return { userName: user.UserName ?? '', displayName: user.DisplayName ?? '' };
    } catch (error) {
      if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return null;
      throw error;
    }
  }
}
