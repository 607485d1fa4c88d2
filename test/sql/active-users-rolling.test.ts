/**
 * active_users_rolling counts each day's window by running sums over the stretches each active
 * day adds (sql/24_active_users_rolling.sql). Held here to the definition it counts: every report
 * day paired with every active day in its window, distinct people counted (the statement the view
 * had, which pairs days x people-days), on random days, gaps, people active after report_as_of
 * and rows without a user.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';

/** The definition: each report day joined to every active day of its 30-day window. */
const PAIRWISE_SQL = `CREATE OR REPLACE VIEW active_users_pairwise AS
WITH report_days AS (
  SELECT DISTINCT days.report_date
  FROM (SELECT report_date FROM credits_daily UNION ALL SELECT report_date FROM activity_daily) AS days
  CROSS JOIN report_as_of AS as_of
  WHERE days.report_date <= as_of.as_of
),
people AS (SELECT DISTINCT report_date, userid FROM active_person_days)
SELECT
  report_days.report_date,
  count(DISTINCT CASE WHEN date_diff('day', people.report_date, report_days.report_date) = 0 THEN people.userid END) AS dau,
  count(DISTINCT CASE WHEN date_diff('day', people.report_date, report_days.report_date) BETWEEN 0 AND 6 THEN people.userid END) AS wau,
  count(DISTINCT people.userid) AS mau
FROM report_days
LEFT JOIN people ON date_diff('day', people.report_date, report_days.report_date) BETWEEN 0 AND 29
GROUP BY report_days.report_date`;

let athena: LocalAthena;

beforeEach(async () => {
  athena = await createLocalAthena();
  await athena.run('CREATE TABLE credits_daily (report_date DATE)');
  await athena.run('CREATE TABLE activity_daily (report_date DATE)');
  await athena.run('CREATE TABLE active_person_days (report_date DATE, userid VARCHAR)');
  await athena.run('CREATE TABLE report_as_of (as_of DATE)');
  await athena.createView(await readFile(new URL('../../sql/24_active_users_rolling.sql', import.meta.url), 'utf8'));
  await athena.createView(PAIRWISE_SQL);
});

afterEach(() => athena.close());

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Days `2026-01-01 + n` as SQL date literals. */
const day = (n: number): string => `DATE '2026-01-01' + INTERVAL ${n} DAY`;

/** Report days, activity of 40 people at `rates` (by person, in turn) and report_as_of, drawn from `seed`. */
async function fill(seed: number, rates: readonly number[] = [0.9, 0.3, 0.05, 0.15]): Promise<void> {
  const next = random(seed);
  const reportDays = Array.from({ length: 150 }, (_, n) => n).filter(() => next() < 0.85);
  await athena.run(`INSERT INTO credits_daily VALUES ${reportDays.filter((_, index) => index % 2 === 0).map((n) => `(${day(n)})`).join(', ')}`);
  await athena.run(`INSERT INTO activity_daily VALUES ${reportDays.filter((_, index) => index % 3 !== 0).map((n) => `(${day(n)})`).join(', ')}`);
  const activity: string[] = [];
  for (let person = 0; person < 40; person += 1) {
    // Some people come daily, some weekly, some once in a while; some after report_as_of.
    const rate = rates[person % rates.length] as number;
    for (let n = 0; n < 160; n += 1) if (next() < rate) activity.push(`(${day(n)}, 'u${person}')`);
  }
  activity.push(`(${day(20)}, NULL)`, `(${day(21)}, NULL)`, `(${day(20)}, 'u1')`);
  await athena.run(`INSERT INTO active_person_days VALUES ${activity.join(', ')}`);
  await athena.run(`INSERT INTO report_as_of VALUES (${day(140)})`);
}

describe('active_users_rolling against its definition', () => {
  it.each([1, 2, 3, 4, 5])('gives every report day the counts of pairing it with its window (seed %i)', async (seed) => {
    // Prepare
    await fill(seed);

    // Act
    const counted = await athena.run('SELECT * FROM active_users_rolling ORDER BY report_date');
    const defined = await athena.run('SELECT * FROM active_users_pairwise ORDER BY report_date');

    // Assess
    expect(counted.length).toBeGreaterThan(90);
    expect(counted).toEqual(defined);
  });

  it('falls to 0 as the definition does when nobody was active in a window', async () => {
    // Prepare: a few active days a season, with silences longer than 30 days.
    await fill(6, [0.001]);

    // Act
    const counted = await athena.run('SELECT * FROM active_users_rolling ORDER BY report_date');
    const defined = await athena.run('SELECT * FROM active_users_pairwise ORDER BY report_date');

    // Assess
    expect(counted.some((row) => row.mau === '0')).toBe(true);
    expect(counted.some((row) => row.mau !== '0')).toBe(true);
    expect(counted).toEqual(defined);
  });

  it('tells a window one day too short from the definition (planted)', async () => {
    // Prepare: the view with a 29-day window instead of 30.
    await fill(1);
    const sql = await readFile(new URL('../../sql/24_active_users_rolling.sql', import.meta.url), 'utf8');
    await athena.createView(sql.replaceAll('+ 30', '+ 29'));

    // Act
    const counted = await athena.run('SELECT * FROM active_users_rolling ORDER BY report_date');
    const defined = await athena.run('SELECT * FROM active_users_pairwise ORDER BY report_date');

    // Assess
    expect(counted).not.toEqual(defined);
  });
});
