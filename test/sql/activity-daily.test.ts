import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_METRIC_COLUMNS } from '../../handlers/shared/report-format.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createFixtureAthena, USERS } from './fixture-engine.js';

const METRICS = ACTIVITY_METRIC_COLUMNS;

let athena: LocalAthena;

beforeAll(async () => {
  athena = await createFixtureAthena();
});

afterAll(() => athena.close());

/** Every metric of one activity_daily row, with the given non-zero ones set. */
function metricsWith(nonZero: Record<string, string>): Record<string, string> {
  return Object.fromEntries(METRICS.map((metric) => [metric, nonZero[metric] ?? '0']));
}

/** The activity_daily row of one key (fails the test when it is not exactly one row). */
async function activityRow(date: string, userid: string) {
  const rows = await athena.run(`SELECT * FROM activity_daily WHERE report_date = DATE '${date}' AND userid = '${userid}'`);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('activity_daily', () => {
  it('has report_date, userid, the 44 metrics as BIGINT, account_id, region and source_file', async () => {
    // Act
    const columns = await athena.run('DESCRIBE activity_daily');

    // Assess
    expect(columns.map((column) => `${column.column_name} ${column.column_type}`)).toEqual([
      'report_date DATE',
      'userid VARCHAR',
      ...METRICS.map((metric) => `${metric} BIGINT`),
      'account_id VARCHAR',
      'region VARCHAR',
      'source_file VARCHAR',
    ]);
  });

  it('has one row per (report_date, userid): 5 raw rows become 3', async () => {
    // Act
    const raw = await athena.run('SELECT count(*) AS n FROM by_user_analytic');
    const keys = await athena.run(
      'SELECT CAST(report_date AS varchar) AS day, userid FROM activity_daily ORDER BY report_date, userid',
    );

    // Assess
    expect(raw).toEqual([{ n: '5' }]);
    expect(keys).toEqual([
      { day: '2026-02-10', userid: USERS.ada },
      { day: '2026-07-10', userid: USERS.ada },
      { day: '2026-07-10', userid: USERS.bo },
    ]);
  });

  it('parses the MM-DD-YYYY date 02-10-2026 as 10 February, from the QDeveloperLogs folder', async () => {
    // Act
    const row = await activityRow('2026-02-10', USERS.ada);

    // Assess: that file has empty cells for every zero metric.
    expect(row).toMatchObject(metricsWith({ chat_messagessent: '2', transformation_linesingested: '100' }));
    expect(row.source_file).toContain('/QDeveloperLogs/by_user_analytic/');
  });

  it('merges the d- prefixed id and turns an empty metric cell into 0', async () => {
    // Act
    const row = await activityRow('2026-07-10', USERS.ada);

    // Assess
    expect(row).toMatchObject(
      metricsWith({ chat_aicodelines: '12', chat_messagessent: '5', inline_suggestionscount: '40', inline_acceptancecount: '10' }),
    );
  });

  it('keeps the row of the later re-export', async () => {
    // Act
    const row = await activityRow('2026-07-10', USERS.bo);

    // Assess
    expect(row).toMatchObject(metricsWith({ chat_messagessent: '7', inline_aicodelines: '9' }));
    expect(row.source_file).toMatch(/_by_user_analytic_202607111530_report\.csv$/);
  });
});
