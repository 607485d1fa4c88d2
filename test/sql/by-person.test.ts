import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createFixtureAthena, SQL_DIR, USERS } from './fixture-engine.js';

let athena: LocalAthena;

beforeAll(async () => {
  athena = await createFixtureAthena();
});

afterAll(() => athena.close());

describe('user_directory', () => {
  it('has one row per resolved user with the latest resolution', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM user_directory ORDER BY userid');

    // Assess: Ada was renamed; Bo's name had a trailing \r; Cy was deleted after being named.
    expect(rows).toEqual([
      { userid: USERS.ada, display_name: 'Ada Sample', user_name: 'ada', status: 'ACTIVE', resolved_at: '2026-08-11T03:00:05.250Z', team: null, team_attribute: null },
      { userid: USERS.bo, display_name: 'Bo Example', user_name: 'bo', status: 'ACTIVE', resolved_at: '2026-07-11T03:00:05Z', team: null, team_attribute: null },
      { userid: USERS.cy, display_name: 'Cy Example', user_name: 'cy', status: 'DELETED', resolved_at: '2026-08-11T03:00:05Z', team: null, team_attribute: null },
    ]);
  });
});

describe('person_directory', () => {
  it('names every id seen in a report or the directory: the display name, else the id', async () => {
    // Act
    const rows = await athena.run('SELECT * FROM person_directory ORDER BY userid');

    // Assess: Dee and Eli are in the reports only; Cy keeps the name from before the deletion.
    expect(rows).toEqual([
      { userid: USERS.ada, display_name: 'Ada Sample', user_name: 'ada', status: 'ACTIVE' },
      { userid: USERS.bo, display_name: 'Bo Example', user_name: 'bo', status: 'ACTIVE' },
      { userid: USERS.cy, display_name: 'Cy Example', user_name: 'cy', status: 'DELETED' },
      { userid: USERS.dee, display_name: USERS.dee, user_name: null, status: null },
      { userid: USERS.eli, display_name: USERS.eli, user_name: null, status: null },
    ]);
  });

  it('is the only place that spells out the name rule', () => {
    // Prepare
    const files = readdirSync(SQL_DIR).filter((file) => file.endsWith('.sql'));

    // Act
    const withRule = files.filter((file) => /coalesce\(\s*\w+\.display_name\b/i.test(readFileSync(join(SQL_DIR, file), 'utf8')));

    // Assess
    expect(withRule).toEqual(['04_person_directory.sql']);
  });
});

describe('credits_by_person', () => {
  it('adds names to every credits_daily row, the userid standing in for unknown users', async () => {
    // Act
    const daily = await athena.run('SELECT count(*) AS n FROM credits_daily');
    const rows = await athena.run(
      "SELECT userid, display_name, user_name, user_status FROM credits_by_person WHERE report_date = DATE '2026-09-15' AND client_type = 'KIRO_IDE' ORDER BY userid",
    );
    const total = await athena.run('SELECT count(*) AS n FROM credits_by_person');

    // Assess
    expect(total).toEqual(daily);
    expect(rows).toEqual([
      { userid: USERS.ada, display_name: 'Ada Sample', user_name: 'ada', user_status: 'ACTIVE' },
      { userid: USERS.dee, display_name: USERS.dee, user_name: null, user_status: null },
      { userid: USERS.eli, display_name: USERS.eli, user_name: null, user_status: null },
    ]);
  });

  it('shows a deleted user under the last name they were known by', async () => {
    // Act
    const rows = await athena.run(`SELECT display_name, user_status FROM credits_by_person WHERE userid = '${USERS.cy}'`);

    // Assess
    expect(rows).toEqual([{ display_name: 'Cy Example', user_status: 'DELETED' }]);
  });
});

describe('activity_by_person', () => {
  it('adds names to every activity_daily row', async () => {
    // Act
    const rows = await athena.run(
      'SELECT CAST(report_date AS varchar) AS day, display_name, chat_messagessent FROM activity_by_person ORDER BY report_date, display_name',
    );

    // Assess
    expect(rows).toEqual([
      { day: '2026-02-10', display_name: 'Ada Sample', chat_messagessent: '2' },
      { day: '2026-07-10', display_name: 'Ada Sample', chat_messagessent: '5' },
      { day: '2026-07-10', display_name: 'Bo Example', chat_messagessent: '7' },
    ]);
  });
});
