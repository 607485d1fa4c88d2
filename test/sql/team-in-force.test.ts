/**
 * user_monthly_cost's team from groups held to the rule written out plainly, on random sets of
 * snapshots: the latest snapshot (by read instant, then read day, then name) says where teams come
 * from; with `groups`, a person-month takes the team of its last day's snapshot in force (the
 * latest read on or before that day, else the first one read) and NULL when the person is not in
 * it. The people fixture's lookups carry no team, so any other source gives NULL. Its last days
 * with a report row are in the teams-views test's header.
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

/** Each person-month of the fixture with its last day with a report row. */
const PERSON_MONTHS = [
  { month: '2026-06-01', userid: PEOPLE.ana, lastDay: '2026-06-21' },
  { month: '2026-06-01', userid: PEOPLE.dan, lastDay: '2026-06-25' },
  { month: '2026-07-01', userid: PEOPLE.ana, lastDay: '2026-07-15' },
  { month: '2026-07-01', userid: PEOPLE.ben, lastDay: '2026-07-20' },
  { month: '2026-07-01', userid: PEOPLE.cara, lastDay: '2026-07-18' },
  { month: '2026-07-01', userid: PEOPLE.eve, lastDay: '2026-07-01' },
];
/** Read days around and on those last days. */
const READ_DAYS = ['2026-06-01', '2026-06-21', '2026-06-22', '2026-07-01', '2026-07-12', '2026-07-15', '2026-07-20', '2026-07-25'];

interface Snapshot {
  name: string;
  day: string;
  /** The read instant in ms; null when read_at does not parse. */
  instant: number | null;
  source: string | null;
  teams: ReadonlyMap<string, string | null>;
}

/** A small seeded generator, so a failing case can be run again. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomSnapshots(random: () => number, caseIndex: number): Snapshot[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: Math.floor(random() * 7) }, (_, index) => {
    const day = pick(READ_DAYS);
    const hour = String(Math.floor(random() * 4)).padStart(2, '0');
    const parses = random() >= 0.15;
    return {
      name: `run-${caseIndex}-${index}`,
      day,
      instant: parses ? Date.parse(`${day}T${hour}:00:05.000Z`) : null,
      source: pick(['groups', 'groups', 'groups', 'department', null]),
      teams: new Map(Object.values(PEOPLE).filter(() => random() < 0.6).map((userid) => [userid, pick(['Platform', 'Data', ' Sales ', '', null])])),
    };
  });
}

function writeSnapshots(root: string, snapshots: readonly Snapshot[]): void {
  mkdirSync(root, { recursive: true });
  for (const snapshot of snapshots) {
    const base = {
      snapshot: snapshot.name,
      read_at: snapshot.instant === null ? 'not a time' : new Date(snapshot.instant).toISOString(),
      team_source: snapshot.source,
    };
    const path = join(root, membershipKey('', snapshot.day, snapshot.name));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      membershipObject([
        { ...base, userid: null, team: null, licensed_group: null, licensed_tier: null },
        ...[...snapshot.teams].map(([userid, team]) => ({ ...base, userid, team, licensed_group: null, licensed_tier: null })),
      ]),
    );
  }
}

/** Later instant first, a missing instant after every other. */
function laterInstantFirst(a: Snapshot, b: Snapshot): number {
  if (a.instant === b.instant) return 0;
  if (a.instant === null) return 1;
  if (b.instant === null) return -1;
  return b.instant - a.instant;
}

/** Earlier instant first, a missing instant after every other. */
function earlierInstantFirst(a: Snapshot, b: Snapshot): number {
  if (a.instant === b.instant) return 0;
  if (a.instant === null) return 1;
  if (b.instant === null) return -1;
  return a.instant - b.instant;
}

const byName = (a: Snapshot, b: Snapshot): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byDay = (a: Snapshot, b: Snapshot): number => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

/** The rule, written out. */
function expectedTeam(snapshots: readonly Snapshot[], userid: string, lastDay: string): string | null {
  const [latest] = [...snapshots].sort((a, b) => laterInstantFirst(a, b) || byDay(b, a) || byName(b, a));
  if (latest?.source !== 'groups') return null;
  const groups = snapshots.filter((snapshot) => snapshot.source === 'groups');
  const readByThen = groups.filter((snapshot) => snapshot.day <= lastDay);
  const lastReadDay = readByThen.map(({ day }) => day).sort().at(-1);
  const [inForce] =
    lastReadDay === undefined
      ? [...groups].sort((a, b) => byDay(a, b) || earlierInstantFirst(a, b) || byName(a, b))
      : readByThen.filter(({ day }) => day === lastReadDay).sort((a, b) => laterInstantFirst(a, b) || byName(a, b));
  const team = inForce?.teams.get(userid)?.trim();
  return team === undefined || team === '' ? null : team;
}

describe('the team of a person-month from groups', () => {
  let athena: LocalAthena;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'team-in-force-'));
    athena = await createLocalAthena();
    await registerReports(athena, PEOPLE_BUCKET_DIR);
    await athena.registerUserMapping(PEOPLE_MAPPING_DIR);
    await athena.registerGroupMembership(join(scratch, 'none'));
    await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: peopleSettings() })());
  });

  afterAll(() => {
    athena.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('follows the rule on random sets of snapshots: same-day reads, unreadable read_at, other sources, none', async () => {
    // Prepare
    const random = generator(20261207);
    const cases = Array.from({ length: 60 }, (_, index) => randomSnapshots(random, index));

    for (const [index, snapshots] of cases.entries()) {
      const root = join(scratch, `case-${index}`);
      writeSnapshots(root, snapshots);
      await athena.registerGroupMembership(root);

      // Act
      const rows = await athena.run('SELECT month, userid, team FROM user_monthly_cost ORDER BY month, userid');

      // Assess
      const expected = PERSON_MONTHS.map(({ month, userid, lastDay }) => ({ month, userid, team: expectedTeam(snapshots, userid, lastDay) }));
      expect(rows, `case ${index}: ${JSON.stringify(snapshots.map(({ teams, ...snapshot }) => ({ ...snapshot, teams: [...teams] })))}`).toEqual(expected);
    }
  });
});
