/** SQL of FindUsersToResolve (valid Trino and DuckDB). */
import { sqlCount, sqlDateText } from '../shared/sql-literals.js';

/** Column `userid`: every id seen in either daily view that has no directory entry yet. */
export function newUserIdsQuery(): string {
  return `SELECT seen.userid
FROM (
  SELECT userid FROM credits_daily
  UNION
  SELECT userid FROM activity_daily
) AS seen
LEFT JOIN user_directory AS known ON known.userid = seen.userid
WHERE seen.userid IS NOT NULL AND known.userid IS NULL
ORDER BY seen.userid`;
}

/**
 * Column `userid`: up to `limit` directory entries resolved before `cutoffDate`, oldest first,
 * whatever their status: an ACTIVE name may have changed, and an id found DELETED (gone from
 * Identity Center, or missing from a partial directory export) may be back, so it is looked up
 * again on the same cycle instead of never. `resolved_at` is compared as text: ISO-8601 (and
 * Trino's timestamp text) start with the day, so anything before the cutoff day sorts below
 * `'YYYY-MM-DD'`.
 */
export function staleNameIdsQuery(cutoffDate: string, limit: number): string {
  return `SELECT userid
FROM user_directory
WHERE CAST(resolved_at AS varchar) < ${sqlDateText(cutoffDate)}
ORDER BY CAST(resolved_at AS varchar), userid
LIMIT ${sqlCount(limit)}`;
}
