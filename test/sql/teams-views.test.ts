/**
 * The teams and seats views (issue 13) over the people fixture (test/fixtures/people, worked out
 * in people-views.test.ts) with hand-made group snapshots and lookups; every expected number is
 * worked out here from those rows. The month totals of user_monthly_cost: June Ana $24, Dan $20
 * (= $44); July Ana $40, Ben $52, Cara $80, Eve $200 (= $372). Last days with a report row: Ana
 * 06-21 and 07-15, Dan 06-25, Ben 07-20, Cara 07-18, Eve 07-01; as_of 2026-07-20. Frank and Gail
 * hold seats and never appear in the reports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import { membershipKey, membershipObject } from '../../handlers/read-groups/membership-records.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { registerReports, SQL_DIR } from './fixture-engine.js';
import { PEOPLE, PEOPLE_BUCKET_DIR, PEOPLE_MAPPING_DIR, peopleSettings } from './people-engine.js';

const FRANK = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
const GAIL = '99999999-9999-4999-8999-999999999999';

type Line = Record<string, string | null>;

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'teams-views-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `<root>/<partition>=<day>/<name>.json` as JSON lines and returns the root. */
function writeLines(root: string, partition: string, day: string, name: string, lines: Line[]): string {
  const folder = join(root, `${partition}=${day}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.json`), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return root;
}

/** One snapshot as read-groups writes it (gzipped, at its key): its own line, then each member's line. */
function snapshot(root: string, day: string, teamSource: string | null, members: Array<[string, string | null, string | null, string | null]>): void {
  const base = { snapshot: `run-${day}`, read_at: `${day}T03:00:05.000Z`, team_source: teamSource };
  const path = join(root, membershipKey('', day, `run-${day}`));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    membershipObject([
      { ...base, userid: null, team: null, licensed_group: null, licensed_tier: null },
      ...members.map(([userid, team, licensed_group, licensed_tier]) => ({ ...base, userid, team, licensed_group, licensed_tier })),
    ]),
  );
}

/** An engine over the people fixture with `mappingDir` and `membershipDir`. */
async function engine(mappingDir: string, membershipDir: string): Promise<LocalAthena> {
  const athena = await createLocalAthena();
  await registerReports(athena, PEOPLE_BUCKET_DIR);
  await athena.registerUserMapping(mappingDir);
  await athena.registerGroupMembership(membershipDir);
  await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: peopleSettings() })());
  return athena;
}

describe('teams from groups', () => {
  let athena: LocalAthena;

  beforeAll(async () => {
    // S1, read 06-22: Ana in Platform, Dan and Ben in Data; Ana, Dan and Frank hold kiro-pro (PRO) seats.
    // S2, read 07-12: Ana moved to Data; Gail got a kiro-power (POWER) seat; Cara and Eve are in no group.
    const root = join(scratch, 'groups');
    snapshot(root, '2026-06-22', 'groups', [
      [PEOPLE.ana, 'Platform', 'kiro-pro', 'PRO'],
      [PEOPLE.ben, 'Data', null, null],
      [PEOPLE.dan, 'Data', 'kiro-pro', 'PRO'],
      [FRANK, 'Platform', 'kiro-pro', 'PRO'],
    ]);
    snapshot(root, '2026-07-12', 'groups', [
      [PEOPLE.ana, 'Data', 'kiro-pro', 'PRO'],
      [PEOPLE.ben, 'Data', null, null],
      [PEOPLE.dan, 'Data', 'kiro-pro', 'PRO'],
      [FRANK, null, 'kiro-pro', 'PRO'],
      [GAIL, null, 'kiro-power', 'POWER'],
    ]);
    athena = await engine(PEOPLE_MAPPING_DIR, root);
  });

  afterAll(() => athena.close());

  it('gives each person-month the team of the snapshot in force on their last day', async () => {
    // Act
    const rows = await athena.run('SELECT month, userid, team, total_usd FROM user_monthly_cost ORDER BY month, userid');

    // Assess
    expect(rows).toEqual([
      // Ana's last June day 06-21 is before any snapshot: the first one read after it (S1) says Platform.
      { month: '2026-06-01', userid: PEOPLE.ana, team: 'Platform', total_usd: '24' },
      // Dan 06-25: S1.
      { month: '2026-06-01', userid: PEOPLE.dan, team: 'Data', total_usd: '20' },
      // Ana changed team mid-July: her last July day 07-15 is after S2, so all of July goes to Data.
      { month: '2026-07-01', userid: PEOPLE.ana, team: 'Data', total_usd: '40' },
      { month: '2026-07-01', userid: PEOPLE.ben, team: 'Data', total_usd: '52' },
      { month: '2026-07-01', userid: PEOPLE.cara, team: null, total_usd: '80' },
      // Eve's last day 07-01: S1 is in force, and she is in no group of it.
      { month: '2026-07-01', userid: PEOPLE.eve, team: null, total_usd: '200' },
    ]);
  });

  it('sums each month by team, unassigned for people without one, adding up to the month exactly', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM team_monthly_cost ORDER BY month, team');
    const totals = await athena.run(`SELECT cost.month, cost.total, teams.total AS team_total FROM
      (SELECT month, round(sum(total_usd), 2) AS total FROM user_monthly_cost GROUP BY month) AS cost
      JOIN (SELECT month, round(sum(total_usd), 2) AS total FROM team_monthly_cost GROUP BY month) AS teams ON teams.month = cost.month
      ORDER BY cost.month`);

    // Assess
    expect(rows).toEqual([
      // June Data: Dan, plan 80, $20 + $0. June Platform: Ana, plan 1010, 100 overage, $20 + $4.
      { month: '2026-06-01', team: 'Data', people: '1', active_people: '1', plan_credits_used: '80', overage_credits_used: '0', subscription_usd: '20', overage_usd: '0', total_usd: '20' },
      { month: '2026-06-01', team: 'Platform', people: '1', active_people: '1', plan_credits_used: '1010', overage_credits_used: '100', subscription_usd: '20', overage_usd: '4', total_usd: '24' },
      // July Data: Ana plan 900 + Ben 1700 = 2600, overage 300 (Ben), $40 + $40 = $80, $12; $40 + $52 = $92.
      { month: '2026-07-01', team: 'Data', people: '2', active_people: '2', plan_credits_used: '2600', overage_credits_used: '300', subscription_usd: '80', overage_usd: '12', total_usd: '92' },
      // July unassigned: Cara plan 1000, 1500 overage, $20 + $60; Eve plan 200, $200 → plan 1200, $220 + $60 = $280.
      { month: '2026-07-01', team: 'unassigned', people: '2', active_people: '2', plan_credits_used: '1200', overage_credits_used: '1500', subscription_usd: '220', overage_usd: '60', total_usd: '280' },
    ]);
    expect(totals).toEqual([
      { month: '2026-06-01', total: '44', team_total: '44' },
      { month: '2026-07-01', total: '372', team_total: '372' },
    ]);
  });

  it('gives user_directory and user_summary the team of the latest snapshot', async () => {
    // Act
    const directory = await athena.run('SELECT userid, team, team_attribute FROM user_directory ORDER BY userid');
    const summary = await athena.run('SELECT userid, team FROM user_summary ORDER BY userid');

    // Assess
    expect(directory).toEqual([
      { userid: PEOPLE.ana, team: 'Data', team_attribute: null },
      { userid: PEOPLE.ben, team: 'Data', team_attribute: null },
      { userid: PEOPLE.dan, team: 'Data', team_attribute: null },
      { userid: PEOPLE.eve, team: null, team_attribute: null },
    ]);
    expect(summary).toEqual([
      { userid: PEOPLE.ana, team: 'Data' },
      { userid: PEOPLE.ben, team: 'Data' },
      { userid: PEOPLE.cara, team: null },
      { userid: PEOPLE.dan, team: 'Data' },
      { userid: PEOPLE.eve, team: null },
    ]);
  });

  it('lists the seat holders of the latest snapshot without any report row', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM never_active_users ORDER BY userid');

    // Assess: Frank and Gail were never looked up in this fixture, so person_directory has no name for them.
    expect(rows).toEqual([
      { userid: GAIL, display_name: null, user_name: null, licensed_group: 'kiro-power', licensed_tier: 'POWER', monthly_seat_usd: '200' },
      { userid: FRANK, display_name: null, user_name: null, licensed_group: 'kiro-pro', licensed_tier: 'PRO', monthly_seat_usd: '20' },
    ]);
  });

  it('counts each month the seats of the snapshot in force on its reference day', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM seat_summary ORDER BY month');
    const inactive = await athena.run('SELECT userid FROM inactive_users ORDER BY userid');

    // Assess
    expect(rows).toEqual([
      // June, reference day 06-30, S1: Ana, Dan, Frank. Used: Ana, Dan. Ana last seen 06-21 (9 days), Dan 06-25
      // (5 days): neither idle (14). Frank never: $20.
      { month: '2026-06-01', licensed_seats: '3', used_seats: '2', idle_seats: '0', never_active_seats: '1', idle_seat_usd: '0', never_active_seat_usd: '20' },
      // July, reference day as_of 07-20, S2: Ana, Dan, Frank, Gail. Used: Ana. Dan last seen 06-25, 25 days: idle, $20.
      // Frank and Gail never: $20 + $200.
      { month: '2026-07-01', licensed_seats: '4', used_seats: '1', idle_seats: '1', never_active_seats: '2', idle_seat_usd: '20', never_active_seat_usd: '220' },
    ]);
    // The as_of month's idle seat holders are inactive_users' seat holders: Dan (Eve is inactive but holds no seat).
    expect(inactive).toEqual([{ userid: PEOPLE.dan }, { userid: PEOPLE.eve }]);
  });

  it('counts each month the seats by team, adding up to seat_summary', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM team_seats ORDER BY month, team');
    const totals = await athena.run(`SELECT teams.month, teams.seats, summary.licensed_seats, teams.idle, summary.idle_seats,
      teams.never, summary.never_active_seats, teams.never_usd, summary.never_active_seat_usd FROM
      (SELECT month, sum(licensed_seats) AS seats, sum(idle_seats) AS idle, sum(never_active_seats) AS never,
        round(sum(never_active_seat_usd), 2) AS never_usd FROM team_seats GROUP BY month) AS teams
      JOIN seat_summary AS summary ON summary.month = teams.month ORDER BY teams.month`);

    // Assess
    expect(rows).toEqual([
      // June, S1. Dan: June's cost team Data, used. Ana: June's cost team Platform, used; Frank: no June report
      // row, his S1 line says Platform, never active: $20.
      { month: '2026-06-01', team: 'Data', licensed_seats: '1', idle_seats: '0', never_active_seats: '0', idle_seat_usd: '0', never_active_seat_usd: '0' },
      { month: '2026-06-01', team: 'Platform', licensed_seats: '2', idle_seats: '0', never_active_seats: '1', idle_seat_usd: '0', never_active_seat_usd: '20' },
      // July, S2. Ana: July's cost team Data. Dan: no July row, his S2 line says Data; idle, $20.
      { month: '2026-07-01', team: 'Data', licensed_seats: '2', idle_seats: '1', never_active_seats: '0', idle_seat_usd: '20', never_active_seat_usd: '0' },
      // Frank (no team on his S2 line, no directory row) and Gail: unassigned, never active, $20 + $200.
      { month: '2026-07-01', team: 'unassigned', licensed_seats: '2', idle_seats: '0', never_active_seats: '2', idle_seat_usd: '0', never_active_seat_usd: '220' },
    ]);
    expect(totals).toEqual([
      { month: '2026-06-01', seats: '3', licensed_seats: '3', idle: '0', idle_seats: '0', never: '1', never_active_seats: '1', never_usd: '20', never_active_seat_usd: '20' },
      { month: '2026-07-01', seats: '4', licensed_seats: '4', idle: '1', idle_seats: '1', never: '2', never_active_seats: '2', never_usd: '220', never_active_seat_usd: '220' },
    ]);
  });
});

describe('teams from several snapshots', () => {
  it('takes the first read before any snapshot and the latest read of a day after it', async () => {
    // Prepare: S1 read 06-22 at 03:00 puts Ana in Platform; S1b, read 06-22 at 09:00, in Data.
    // Plain JSON lines, as versions before the gzipped snapshots wrote them: still read.
    const root = join(scratch, 'same-day');
    const day = '2026-06-22';
    const reads = [
      { snapshot: 'run-early', read_at: `${day}T03:00:05.000Z`, team: 'Platform' },
      { snapshot: 'run-late', read_at: `${day}T09:00:05.000Z`, team: 'Data' },
    ];
    writeLines(
      root,
      'read_date',
      day,
      'runs',
      reads.flatMap(({ snapshot: name, read_at, team }) => [
        { snapshot: name, read_at, team_source: 'groups', userid: null, team: null, licensed_group: null, licensed_tier: null },
        { snapshot: name, read_at, team_source: 'groups', userid: PEOPLE.ana, team, licensed_group: null, licensed_tier: null },
      ]),
    );
    const athena = await engine(PEOPLE_MAPPING_DIR, root);

    // Act
    const rows = await athena.run(`SELECT month, team FROM user_monthly_cost WHERE userid = '${PEOPLE.ana}' ORDER BY month`);
    const directory = await athena.run(`SELECT team FROM user_directory WHERE userid = '${PEOPLE.ana}'`);
    await athena.close();

    // Assess: June's last day 06-21 precedes both reads, so the first read (S1) holds; July's
    // last day 07-15 follows both, so the day's latest read (S1b) does, as it does for user_directory.
    expect(rows).toEqual([
      { month: '2026-06-01', team: 'Platform' },
      { month: '2026-07-01', team: 'Data' },
    ]);
    expect(directory).toEqual([{ team: 'Data' }]);
  });

  it('gives no team to a person the latest snapshot no longer lists', async () => {
    // Prepare: S1, read 06-22, puts Ana in Platform and Eve in Sales; S2, read 07-12, lists Ana only.
    const root = join(scratch, 'left-groups');
    snapshot(root, '2026-06-22', 'groups', [
      [PEOPLE.ana, 'Platform', null, null],
      [PEOPLE.eve, 'Sales', null, null],
    ]);
    snapshot(root, '2026-07-12', 'groups', [[PEOPLE.ana, 'Data', null, null]]);
    const athena = await engine(PEOPLE_MAPPING_DIR, root);

    // Act
    const directory = await athena.run(`SELECT userid, team FROM user_directory WHERE userid IN ('${PEOPLE.ana}', '${PEOPLE.eve}') ORDER BY userid`);
    await athena.close();

    // Assess
    expect(directory).toEqual([
      { userid: PEOPLE.ana, team: 'Data' },
      { userid: PEOPLE.eve, team: null },
    ]);
  });

  it('fails the load on a .gz snapshot that is no gzip, naming it, as Athena fails every query of the table', async () => {
    // Prepare: a good snapshot, and beside it a file named like one that holds plain text.
    const root = join(scratch, 'not-gzip');
    snapshot(root, '2026-06-22', 'groups', [[PEOPLE.ana, 'Platform', null, null]]);
    const stray = join(root, 'read_date=2026-07-12', 'run-2026-07-12.json.gz');
    mkdirSync(dirname(stray), { recursive: true });
    writeFileSync(stray, '{"snapshot":"run-2026-07-12"}\n');

    // Act & Assess
    await expect(engine(PEOPLE_MAPPING_DIR, root)).rejects.toThrow(`${stray}: not a gzip file`);
  });
});

describe('teams from an enterprise attribute', () => {
  /** The lookups: names as in the people fixture, each with its department. */
  function lookups(root: string): string {
    const line = (userid: string, name: string | null, status: string, at: string, team: string | null): Line => ({
      userid,
      user_name: name === null ? null : name.toLowerCase().replace(' ', '.'),
      display_name: name,
      status,
      resolved_at: `${at}T03:00:05Z`,
      team,
      team_attribute: 'department',
    });
    writeLines(root, 'resolved_date', '2026-06-02', 'run-a-0', [
      line(PEOPLE.dan, 'Dan Example', 'ACTIVE', '2026-06-02', null),
      line(PEOPLE.ana, 'Ana Example', 'ACTIVE', '2026-06-02', 'Platform'),
      line(PEOPLE.eve, 'Eve Example', 'ACTIVE', '2026-06-02', 'Sales'),
    ]);
    writeLines(root, 'resolved_date', '2026-07-10', 'run-c-0', [line(PEOPLE.ana, 'Ana Example', 'ACTIVE', '2026-07-10', 'Data')]);
    writeLines(root, 'resolved_date', '2026-07-21', 'run-b-0', [
      line(PEOPLE.ben, 'Ben Example', 'ACTIVE', '2026-07-21', 'Data'),
      line(PEOPLE.eve, null, 'DELETED', '2026-07-21', null),
    ]);
    return root;
  }

  it('gives each person-month the team of the lookup in force on their last day', async () => {
    // Prepare: the latest snapshot says teams come from department.
    const memberships = join(scratch, 'department-snapshots');
    snapshot(memberships, '2026-07-21', 'department', []);
    const athena = await engine(lookups(join(scratch, 'department')), memberships);

    // Act
    const months = await athena.run('SELECT month, userid, team FROM user_monthly_cost ORDER BY month, userid');
    const teams = await athena.run('SELECT month, team, people, total_usd FROM team_monthly_cost ORDER BY month, team');
    const directory = await athena.run('SELECT userid, status, team, team_attribute FROM user_directory ORDER BY userid');
    athena.close();

    // Assess
    expect(months).toEqual([
      // Ana 06-21: the 06-02 lookup (Platform); the 07-10 one is later. Dan: his department is blank.
      { month: '2026-06-01', userid: PEOPLE.ana, team: 'Platform' },
      { month: '2026-06-01', userid: PEOPLE.dan, team: null },
      // Ana 07-15: the 07-10 lookup (Data). Ben 07-20: no lookup before, the first one after (07-21). Cara: never looked up.
      { month: '2026-07-01', userid: PEOPLE.ana, team: 'Data' },
      { month: '2026-07-01', userid: PEOPLE.ben, team: 'Data' },
      { month: '2026-07-01', userid: PEOPLE.cara, team: null },
      // Eve 07-01: her ACTIVE lookup of 06-02; the DELETED one says nothing about her team.
      { month: '2026-07-01', userid: PEOPLE.eve, team: 'Sales' },
    ]);
    expect(teams).toEqual([
      { month: '2026-06-01', team: 'Platform', people: '1', total_usd: '24' },
      { month: '2026-06-01', team: 'unassigned', people: '1', total_usd: '20' },
      { month: '2026-07-01', team: 'Data', people: '2', total_usd: '92' },
      { month: '2026-07-01', team: 'Sales', people: '1', total_usd: '200' },
      { month: '2026-07-01', team: 'unassigned', people: '1', total_usd: '80' },
    ]);
    expect(directory).toEqual([
      { userid: PEOPLE.ana, status: 'ACTIVE', team: 'Data', team_attribute: 'department' },
      { userid: PEOPLE.ben, status: 'ACTIVE', team: 'Data', team_attribute: 'department' },
      { userid: PEOPLE.dan, status: 'ACTIVE', team: null, team_attribute: 'department' },
      // Deleted, she keeps her last team as she keeps her name.
      { userid: PEOPLE.eve, status: 'DELETED', team: 'Sales', team_attribute: 'department' },
    ]);
  });

  it('reads no team from lookups of another attribute than the latest snapshot names', async () => {
    // Prepare: teams.attribute became costCenter; the department lookups no longer answer.
    const memberships = join(scratch, 'cost-center-snapshots');
    snapshot(memberships, '2026-07-21', 'costCenter', []);
    const athena = await engine(lookups(join(scratch, 'cost-center')), memberships);

    // Act
    const teams = await athena.run('SELECT month, team, people, total_usd FROM team_monthly_cost ORDER BY month, team');
    const directory = await athena.run("SELECT count(*) AS people FROM user_directory WHERE team IS NOT NULL OR team_attribute IS NOT NULL");
    athena.close();

    // Assess
    expect(teams).toEqual([
      { month: '2026-06-01', team: 'unassigned', people: '2', total_usd: '44' },
      { month: '2026-07-01', team: 'unassigned', people: '4', total_usd: '372' },
    ]);
    expect(directory).toEqual([{ people: '0' }]);
  });

  it('reads no team once the latest snapshot says no teams are configured', async () => {
    // Prepare
    const memberships = join(scratch, 'no-team-snapshots');
    snapshot(memberships, '2026-07-21', null, []);
    const athena = await engine(lookups(join(scratch, 'no-teams')), memberships);

    // Act
    const rows = await athena.run('SELECT DISTINCT team FROM team_monthly_cost');
    const seats = await athena.run('SELECT month, licensed_seats, never_active_seats FROM seat_summary ORDER BY month');
    const teamSeats = await athena.run('SELECT count(*) AS rows FROM team_seats');
    athena.close();

    // Assess
    expect(rows).toEqual([{ team: 'unassigned' }]);
    expect(seats).toEqual([
      { month: '2026-06-01', licensed_seats: '0', never_active_seats: '0' },
      { month: '2026-07-01', licensed_seats: '0', never_active_seats: '0' },
    ]);
    expect(teamSeats).toEqual([{ rows: '0' }]);
  });
});
