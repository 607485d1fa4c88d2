/** Identity Center in the local run: the directory file. Ids not in it answer as deleted users. */
import type { DirectoryUser, UserLookup } from '../../handlers/shared/user-lookup.js';
import type { Directory } from '../directory-file.js';

/** {@link UserLookup} over a parsed directory file; counts its look-ups like DescribeUser calls. */
export class DirectoryUserLookup implements UserLookup {
  /** Number of describeUser calls made, for the run's report and the tests. */
  lookups = 0;

  constructor(private readonly directory: Directory) {}

  async describeUser(userId: string): Promise<DirectoryUser | null> {
    this.lookups += 1;
    return this.directory.get(userId) ?? null;
  }
}
