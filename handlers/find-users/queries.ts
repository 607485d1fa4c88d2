/** SQL of FindUsersToResolve (valid Trino and DuckDB). */
import { LATEST_SNAPSHOT_ORDER } from '../shared/report-format.js';
import { sqlCount, sqlDateText } from '../shared/sql-literals.js';

/**
 * Column `userid`: every id seen in either daily view, or a member of a configured group in the
 * latest group_membership snapshot (a seat holder who never used Kiro still needs a name), that
 * has no directory entry yet.
 */
export function newUserIdsQuery(): string {
  return `SELECT seen.userid
FROM (
  SELECT userid FROM credits_daily
  UNION
  SELECT userid FROM activity_daily
  UNION
  SELECT trim(CAST(members.userid AS varchar)) AS userid
  FROM group_membership AS members
  JOIN (
    SELECT snapshot
    FROM (
      SELECT
        CAST(snapshot AS varchar) AS snapshot,
        row_number() OVER (
          ORDER BY ${LATEST_SNAPSHOT_ORDER}
        ) AS recency
      FROM group_membership
      WHERE userid IS NULL AND snapshot IS NOT NULL
    ) AS ranked
    WHERE recency = 1
  ) AS latest
    ON CAST(members.snapshot AS varchar) = latest.snapshot
  WHERE members.userid IS NOT NULL
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

/**
 * Column `userid`: ACTIVE directory entries whose team was not read from the configured
 * enterprise attribute (resolved before `teams.attribute` was set, or under another one), so
 * that a new or changed attribute gives everybody a team on the next run instead of within
 * `nameRefreshDays`. user_directory's `team_attribute` is NULL exactly for those.
 */
export function teamRefreshIdsQuery(): string {
  return `SELECT userid
FROM user_directory
WHERE status = 'ACTIVE' AND team_attribute IS NULL
ORDER BY userid`;
}
