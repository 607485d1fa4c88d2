/**
 * One rule for which group_membership snapshot is the latest: LATEST_SNAPSHOT_ORDER, which
 * FindUsersToResolve's query takes, and which every view that ranks snapshots latest first
 * writes out (a view file cannot import it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SNAPSHOT_ORDER } from '../../handlers/shared/report-format.js';
import { SQL_DIR } from './fixture-engine.js';

/** The lines of `sql` that rank by the parsed read_at, latest first, and do not say it as LATEST_SNAPSHOT_ORDER does. */
function otherLatestFirstOrders(sql: string): string[] {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes('from_iso8601_timestamp(CAST(read_at AS varchar))) DESC'))
    .filter((line) => line !== `ORDER BY ${LATEST_SNAPSHOT_ORDER}`);
}

const viewSql = (file: string): string => readFileSync(join(SQL_DIR, file), 'utf8');

describe('the latest group_membership snapshot', () => {
  it.each(['03_user_directory.sql', '31_never_active_users.sql'])('is picked in %s by LATEST_SNAPSHOT_ORDER', (file) => {
    // Prepare
    const sql = viewSql(file);

    // Act + Assess: the view ranks snapshots latest first, and only as the rule says.
    expect(sql).toContain(`ORDER BY ${LATEST_SNAPSHOT_ORDER}`);
    expect(otherLatestFirstOrders(sql)).toEqual([]);
  });

  it('is caught when a view breaks ties another way', () => {
    // Prepare: never_active_users with the read day and the snapshot name swapped.
    const planted = viewSql('31_never_active_users.sql').replace(
      'CAST(read_date AS varchar) DESC, CAST(snapshot AS varchar) DESC',
      'CAST(snapshot AS varchar) DESC, CAST(read_date AS varchar) DESC',
    );

    // Act
    const found = otherLatestFirstOrders(planted);

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('CAST(snapshot AS varchar) DESC, CAST(read_date AS varchar) DESC');
  });
});
