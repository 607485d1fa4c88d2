/**
 * The handlers' SQL: valid Trino (Athena engine v3), and correct on DuckDB (the local stand-in)
 * over small made-up tables shaped like the views, and runnable against the real views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { dataPresenceQuery, fileQualityQuery } from '../../handlers/check-data/queries.js';
import { userOverageQuery } from '../../handlers/detect-spikes/queries.js';
import { newUserIdsQuery, staleNameIdsQuery, teamRefreshIdsQuery } from '../../handlers/find-users/queries.js';
import { createFixtureAthena } from '../sql/fixture-engine.js';
import { trinoSyntaxErrors } from './support/trino.js';

const QUERIES = {
  dataPresence: dataPresenceQuery('2026-11-20', '2026-11-22'),
  fileQuality: fileQualityQuery(20, '2026-11-20'),
  newUserIds: newUserIdsQuery(),
  staleNameIds: staleNameIdsQuery('2026-10-22', 200),
  teamRefreshIds: teamRefreshIdsQuery(),
  userOverage: userOverageQuery('2026-11-20', 14),
};

describe('handler SQL is valid Trino', () => {
  it.each(Object.entries(QUERIES))('%s parses', (_name, sql) => {
    // Act + Assess
    expect(trinoSyntaxErrors(sql)).toEqual([]);
  });

  it('the checker does reject broken SQL', () => {
    // Act + Assess
    expect(trinoSyntaxErrors('SELECT FROM WHERE')).not.toEqual([]);
  });
});

describe('handler SQL on DuckDB over made-up view tables', () => {
  let db: LocalAthena;

  beforeAll(async () => {
    db = await createLocalAthena();
    await db.run(`CREATE TABLE credits_daily (report_date DATE, userid VARCHAR, client_type VARCHAR, overage_credits_used DOUBLE)`);
    await db.run(`CREATE TABLE activity_daily (report_date DATE, userid VARCHAR)`);
    // person_daily as the spike query reads it: the day's overage per person, client types summed.
    await db.run(`CREATE VIEW person_daily AS
      SELECT report_date, userid, sum(overage_credits_used) AS overage_credits_used, true AS has_credits_row
      FROM credits_daily GROUP BY report_date, userid`);
    await db.run(`CREATE TABLE user_directory (userid VARCHAR, display_name VARCHAR, user_name VARCHAR, status VARCHAR, resolved_at VARCHAR)`);
    await db.run(`CREATE TABLE person_directory (userid VARCHAR, display_name VARCHAR, user_name VARCHAR, status VARCHAR)`);
    await db.run(`CREATE TABLE user_monthly_cost (month DATE, userid VARCHAR, tier VARCHAR, total_usd DOUBLE)`);
    await db.run(`CREATE TABLE tier_recommendation (userid VARCHAR, recommended_tier VARCHAR, action VARCHAR, monthly_saving_usd DOUBLE, effective VARCHAR)`);
    await db.run(`CREATE TABLE report_as_of (as_of DATE, as_of_month DATE)`);
    await db.run(`INSERT INTO user_monthly_cost VALUES (DATE '2026-11-01', 'u-ada', 'PRO', 38.0), (DATE '2026-10-01', 'u-new', 'PRO', 20.0)`);
    await db.run(`INSERT INTO tier_recommendation VALUES ('u-ada', 'PRO_PLUS', 'UPGRADE', 12.5, 'now')`);
    await db.run(`INSERT INTO report_as_of VALUES (DATE '2026-11-22', DATE '2026-11-01')`);
    await db.run(`INSERT INTO credits_daily VALUES
      (DATE '2026-11-20', 'u-ada', 'KIRO_IDE', 300.0),
      (DATE '2026-11-20', 'u-ada', 'KIRO_CLI', 150.0),
      (DATE '2026-11-20', 'u-new', 'KIRO_IDE', 0.0),
      (DATE '2026-11-19', 'u-ada', 'KIRO_IDE', 100.0),
      (DATE '2026-11-19', 'u-cy', 'KIRO_IDE', 70.0),
      (DATE '2026-11-06', 'u-ada', 'KIRO_IDE', 40.0),
      (DATE '2026-11-05', 'u-ada', 'KIRO_IDE', 1000.0),
      (DATE '2026-11-21', 'u-ada', 'KIRO_IDE', 999.0),
      (DATE '2026-10-20', 'u-ada', 'KIRO_IDE', 5.0)`);
    await db.run(`INSERT INTO activity_daily VALUES (DATE '2026-11-20', 'u-bo'), (DATE '2026-11-22', 'u-only-activity')`);
    await db.run(`INSERT INTO user_directory VALUES
      ('u-ada', 'Ada Example', 'ada.example', 'ACTIVE', '2026-11-01T10:00:00.000Z'),
      ('u-bo', NULL, 'bo.example', 'ACTIVE', '2026-09-01T10:00:00.000Z'),
      ('u-cy', 'Cy Example', 'cy.example', 'ACTIVE', '2026-10-21T23:59:59.999Z'),
      ('u-dee', 'Dee Example', 'dee.example', 'DELETED', '2026-01-01T00:00:00.000Z'),
      ('u-eli', 'Eli Example', 'eli.example', 'ACTIVE', '2026-10-22T00:00:00.000Z')`);
    // As the view makes it from the tables above: every id seen, the id standing in for a missing name.
    await db.run(`INSERT INTO person_directory VALUES
      ('u-ada', 'Ada Example', 'ada.example', 'ACTIVE'), ('u-new', 'u-new', NULL, NULL), ('u-bo', 'u-bo', 'bo.example', 'ACTIVE')`);
  });

  afterAll(() => db.close());

  it('counts the day in both views and finds the newest day of either', async () => {
    // Act
    const rows = await db.run(QUERIES.dataPresence);

    // Assess
    expect(rows).toEqual([{ credits_rows: '3', activity_rows: '1', newest_date: '2026-11-22', future_rows: '0' }]);
  });

  it('counts the rows dated after the run day apart, and never takes them for the newest day', async () => {
    // Act: run day 11-20; credits_daily has a row of 11-21, activity_daily one of 11-22.
    const rows = await db.run(dataPresenceQuery('2026-11-20', '2026-11-20'));

    // Assess
    expect(rows).toEqual([{ credits_rows: '3', activity_rows: '1', newest_date: '2026-11-20', future_rows: '2' }]);
  });

  it('lists the files of the report date’s folders with rows the views cannot use, with a bad date as written, and their total', async () => {
    // Prepare: tables as Athena shows them, with "$path" and the crawler's day partitions; a
    // mapping row without userid is a line the JSON SerDe could not read.
    const engine = await createLocalAthena();
    const partitions = 'partition_0 VARCHAR, partition_1 VARCHAR, partition_2 VARCHAR, partition_3 VARCHAR, partition_4 VARCHAR';
    await engine.run(`CREATE TABLE user_report ("date" VARCHAR, userid VARCHAR, "$path" VARCHAR, ${partitions})`);
    await engine.run(`CREATE TABLE by_user_analytic ("date" VARCHAR, userid VARCHAR, "$path" VARCHAR, ${partitions})`);
    await engine.run(`CREATE TABLE user_mapping (userid VARCHAR, "$path" VARCHAR)`);
    const day = `'us-east-1', '2026', '11', '20', '00'`;
    await engine.run(`INSERT INTO user_report VALUES
      ('2026-11-20', 'u1', 's3://b/ok.csv', ${day}), ('15/11/2026', 'u1', 's3://b/bad.csv', ${day}), ('2026-11-20', ' ', 's3://b/bad.csv', ${day}),
      ('', 'u2', 's3://b/bad.csv', ${day}), ('2026-11-20', 'u3', 's3://b/bad.csv', ${day}),
      ('bad', 'u4', 's3://b/older-day.csv', 'us-east-1', '2026', '11', '19', '00'), ('bad', 'u4', 's3://b/no-folders.csv', NULL, NULL, NULL, NULL, NULL)`);
    await engine.run(`INSERT INTO by_user_analytic VALUES ('11-20-2026', 'u1', 's3://b/a.csv', ${day}), ('2026-11-20', 'u1', 's3://b/iso.csv', ${day})`);
    await engine.run(`INSERT INTO user_mapping VALUES ('u1', 's3://m/run-0.json'), (NULL, 's3://m/run-1.json'), (NULL, 's3://m/run-1.json')`);

    // Act
    const rows = await engine.run(fileQualityQuery(20, '2026-11-20'));
    const limited = await engine.run(fileQualityQuery(1, '2026-11-20'));
    const dayBefore = await engine.run(fileQualityQuery(20, '2026-11-19'));
    engine.close();

    // Assess: bad.csv has two rows without a date ('15/11/2026' and empty, the written one shown) and one without a
    // UserId; an ISO date in by_user_analytic is not its MM-DD-YYYY; ok.csv and a.csv are fine; the damaged
    // files of another day's folder, or of none, are not read for this report date.
    expect(rows).toEqual([
      { source_table: 'by_user_analytic', file: 's3://b/iso.csv', bad_date_rows: '1', no_userid_rows: '0', example_date: '2026-11-20', files_with_issues: '3' },
      { source_table: 'user_mapping', file: 's3://m/run-1.json', bad_date_rows: '0', no_userid_rows: '2', example_date: null, files_with_issues: '3' },
      { source_table: 'user_report', file: 's3://b/bad.csv', bad_date_rows: '2', no_userid_rows: '1', example_date: '15/11/2026', files_with_issues: '3' },
    ]);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.files_with_issues).toBe('3');
    expect(dayBefore.map((row) => row.file)).toEqual(['s3://m/run-1.json', 's3://b/older-day.csv']);
  });

  it('finds ids seen in either view that the directory lacks', async () => {
    // Act
    const rows = await db.run(QUERIES.newUserIds);

    // Assess
    expect(rows).toEqual([{ userid: 'u-new' }, { userid: 'u-only-activity' }]);
  });

  it('finds the members of the latest group snapshot that the directory lacks, not those of older snapshots', async () => {
    // Prepare
    await db.run(`INSERT INTO group_membership (snapshot, read_at, team_source, userid, team, licensed_group, licensed_tier, read_date) VALUES
      ('run-1', '2026-11-20T03:00:00.000Z', 'groups', NULL, NULL, NULL, NULL, DATE '2026-11-20'),
      ('run-1', '2026-11-20T03:00:00.000Z', 'groups', 'u-left-group', 'Data', NULL, NULL, DATE '2026-11-20'),
      ('run-2', '2026-11-21T03:00:00.000Z', 'groups', NULL, NULL, NULL, NULL, DATE '2026-11-21'),
      ('run-2', '2026-11-21T03:00:00.000Z', 'groups', 'u-seat-only', NULL, 'kiro-pro', 'PRO', DATE '2026-11-21'),
      ('run-2', '2026-11-21T03:00:00.000Z', 'groups', 'u-new', 'Data', 'kiro-pro', 'PRO', DATE '2026-11-21')`);

    // Act
    const rows = await db.run(QUERIES.newUserIds);
    await db.run('DELETE FROM group_membership');

    // Assess
    expect(rows).toEqual([{ userid: 'u-new' }, { userid: 'u-only-activity' }, { userid: 'u-seat-only' }]);
  });

  it('finds entries resolved before the cutoff day, deleted ones too, oldest first, within the limit', async () => {
    // Act
    const rows = await db.run(QUERIES.staleNameIds);
    const limited = await db.run(staleNameIdsQuery('2026-10-22', 1));

    // Assess: u-dee was found DELETED in January and is due a look again; u-eli's day is the cutoff.
    expect(rows).toEqual([{ userid: 'u-dee' }, { userid: 'u-bo' }, { userid: 'u-cy' }]);
    expect(limited).toEqual([{ userid: 'u-dee' }]);
  });

  it('sums the day over client types and the 14 days before, naming people as person_directory does', async () => {
    // Act
    const rows = await db.run(QUERIES.userOverage);

    // Assess: 11-06..11-19 is the window; 11-05 and 11-21 are outside it. u-new's cost row is
    // October's, not the report date's month, so it has none. u-cy has rows in the window only,
    // none on the day: no row.
    expect(rows).toEqual([
      {
        userid: 'u-ada', display_name: 'Ada Example', day_overage_credits: '450', trailing_overage_credits: '140',
        tier: 'PRO', month_cost_usd: '38', recommended_tier: 'PRO_PLUS', recommended_action: 'UPGRADE', monthly_saving_usd: '12.5', recommended_effective: 'now',
      },
      {
        userid: 'u-new', display_name: 'u-new', day_overage_credits: '0', trailing_overage_credits: '0',
        tier: null, month_cost_usd: null, recommended_tier: null, recommended_action: null, monthly_saving_usd: null, recommended_effective: null,
      },
    ]);
  });

  it('leaves out the recommendation when the newest data is in a later month than the report date', async () => {
    // Act: a backfill of October while the data (and so the recommendation) is about November
    const rows = await db.run(userOverageQuery('2026-10-20', 14));

    // Assess: Ada has no October cost row, and November's recommendation is not about October
    expect(rows).toEqual([
      {
        userid: 'u-ada', display_name: 'Ada Example', day_overage_credits: '5', trailing_overage_credits: '0',
        tier: null, month_cost_usd: null, recommended_tier: null, recommended_action: null, monthly_saving_usd: null, recommended_effective: null,
      },
    ]);
  });
});

describe('handler SQL against the project views over the fixtures', () => {
  let athena: LocalAthena;

  beforeAll(async () => {
    athena = await createFixtureAthena();
  });

  afterAll(() => athena.close());

  it.each(Object.entries(QUERIES))('%s runs and returns the columns the handler reads', async (name, sql) => {
    // Prepare
    const expectedColumns: Record<string, string[]> = {
      dataPresence: ['credits_rows', 'activity_rows', 'newest_date', 'future_rows'],
      fileQuality: ['source_table', 'file', 'bad_date_rows', 'no_userid_rows', 'example_date', 'files_with_issues'],
      newUserIds: ['userid'],
      staleNameIds: ['userid'],
      teamRefreshIds: ['userid'],
      userOverage: [
        'userid',
        'display_name',
        'day_overage_credits',
        'trailing_overage_credits',
        'tier',
        'month_cost_usd',
        'recommended_tier',
        'recommended_action',
        'monthly_saving_usd',
        'recommended_effective',
      ],
    };

    // Act
    const described = await athena.run(`DESCRIBE ${sql}`);

    // Assess
    expect(described.map((column) => column.column_name)).toEqual(expectedColumns[name]);
  });

  it('re-checks an id found DELETED once its lookup is older than the refresh age, as it does names', async () => {
    // Act: the fixture mapping resolved Bo on 07-11 and Ada on 08-11 (ACTIVE), and found Cy
    // DELETED on 08-11; a refresh cutoff of 10-22 makes all three due.
    const rows = await athena.run(staleNameIdsQuery('2026-10-22', 200));
    const early = await athena.run(staleNameIdsQuery('2026-08-11', 200));

    // Assess: oldest first by resolved_at text ('…05.250Z' sorts before '…05Z').
    expect(rows.map((row) => row.userid)).toEqual([
      '22222222-2222-4222-8222-222222222222',
      '11111111-1111-4111-8111-111111111111',
      '33333333-3333-4333-8333-333333333333',
    ]);
    expect(early.map((row) => row.userid)).toEqual(['22222222-2222-4222-8222-222222222222']);
  });

  it('names each person in the spike query exactly as the views do', async () => {
    // Prepare: every fixture day with user_report rows
    const days = await athena.run('SELECT DISTINCT CAST(report_date AS varchar) AS day FROM credits_daily ORDER BY 1');

    // Act
    const named = await Promise.all(days.map(({ day }) => athena.run(userOverageQuery(day as string, 14))));
    const views = await athena.run('SELECT DISTINCT userid, display_name FROM credits_by_person');

    // Assess: known, deleted and unknown ids alike
    const viewNames = new Map(views.map((row) => [row.userid, row.display_name]));
    const rows = named.flat();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => [row.userid, row.display_name])).toEqual(rows.map((row) => [row.userid, viewNames.get(row.userid)]));
  });
});
