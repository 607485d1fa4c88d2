/**
 * The sample directory, printed exactly like `aws identitystore list-users --identity-store-id …`
 * (four-space indented JSON). The deleted person is left out, as Identity Center would.
 */
import { IDENTITY_STORE_ID } from './catalog.js';
import type { Person } from './people.js';

/** Renders the list-users JSON for everyone not deleted. */
export function renderDirectory(people: readonly Person[]): string {
  const users = people
    .filter((person) => !person.deleted)
    .map((person) => ({
      UserName: person.userName,
      UserId: person.userId,
      Name: { FamilyName: person.familyName, GivenName: person.givenName },
      DisplayName: person.displayName,
      Emails: [{ Value: person.email, Type: 'work', Primary: true }],
      IdentityStoreId: IDENTITY_STORE_ID,
    }));
  return `${JSON.stringify({ Users: users }, null, 4)}\n`;
}
