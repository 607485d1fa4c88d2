/** What the directory says about one person. */
export interface DirectoryUser {
  userName: string;
  /** As stored, possibly padded or holding line breaks; callers clean it. */
  displayName: string;
}

/**
 * Looks up one user id: Identity Center in AWS, a file in the local run. Resolves `null` for a
 * user that no longer exists; rejects on any other failure (callers decide what to retry).
 */
export interface UserLookup {
  describeUser(userId: string): Promise<DirectoryUser | null>;
}
