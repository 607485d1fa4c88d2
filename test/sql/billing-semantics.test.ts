/**
 * The evidence rule of billing_semantics (sql/17) on DuckDB over made-up credits_daily rows, one
 * planted pattern per verdict: each threshold the view's header names is met or missed on purpose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsViews } from '../../handlers/render-views/settings-views.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { SQL_DIR } from './fixture-engine.js';
import { peopleSettings } from './people-engine.js';

const VIEW = readFileSync(join(SQL_DIR, '17_billing_semantics.sql'), 'utf8');

/** One credits_daily row: day, user, credits, overage; tier PRO (1,000 credits) unless given. */
type Planted = [day: string, user: string, credits: number, overage: number | null, tier?: string];

let athena: LocalAthena;

beforeEach(async () => {
  athena = await createLocalAthena();
  for (const statement of settingsViews(peopleSettings())) {
    await athena.run(statement.sql);
  }
  await athena.run(`CREATE TABLE credits_daily (
    report_date DATE, userid VARCHAR, client_type VARCHAR, account_id VARCHAR, region VARCHAR, profile_id VARCHAR,
    subscription_tier VARCHAR, credits_used DOUBLE, overage_credits_used DOUBLE)`);
});

afterEach(() => athena.close());

async function semantics(rows: readonly Planted[]) {
  const values = rows.map(
    ([day, user, credits, overage, tier = 'PRO']) =>
      `(DATE '${day}', '${user}', 'KIRO_IDE', '111122223333', 'us-east-1', 'P1', '${tier}', ${credits}, ${overage === null ? 'NULL' : overage})`,
  );
  await athena.run(`INSERT INTO credits_daily VALUES ${values.join(', ')}`);
  await athena.run(VIEW);
  const [row] = await athena.run('SELECT * FROM billing_semantics');
  return row;
}

/** `count` days from `first` (a day of July 2026) with the values `value(i)`. */
function july(user: string, first: number, count: number, value: (i: number) => number, credits = 10): Planted[] {
  return Array.from({ length: count }, (_, i) => [`2026-07-${String(first + i).padStart(2, '0')}`, user, credits, value(i)]);
}

describe('overage_looks_month_to_date', () => {
  it('is NULL with fewer than 10 steps from a value above 0', async () => {
    // Prepare: 10 rows rising from 10: 9 steps
    const row = await semantics(july('u-a', 1, 10, (i) => 10 * (i + 1)));

    // Assess
    expect(row).toMatchObject({ overage_looks_month_to_date: null, overage_steps: '9', overage_falls: '0' });
  });

  it('is TRUE at 10 steps that never fall and no month change seen', async () => {
    // Prepare: 11 rising rows, plus a NULL (no number) between that the series steps over
    const row = await semantics([...july('u-a', 1, 11, (i) => 10 * (i + 1)), ['2026-07-20', 'u-a', 1, null]]);

    // Assess
    expect(row).toMatchObject({ overage_looks_month_to_date: 'true', overage_steps: '10', overage_falls: '0', overage_month_changes: '0' });
  });

  it('is FALSE when more than 5% of the steps fall: each day its own overage', async () => {
    // Prepare: 20 steps from above 0 (21 rows of 5..105 but the 11th falls to 1): 1 fall of 20 is 5%, 2 are 10%
    const one = await semantics(july('u-a', 1, 21, (i) => (i === 10 ? 1 : 5 * (i + 1))));
    await athena.run('DELETE FROM credits_daily');
    const two = await semantics(july('u-a', 1, 21, (i) => (i === 10 || i === 15 ? 1 : 5 * (i + 1))));

    // Assess
    expect(one).toMatchObject({ overage_looks_month_to_date: 'true', overage_steps: '20', overage_falls: '1' });
    expect(two).toMatchObject({ overage_looks_month_to_date: 'false', overage_steps: '20', overage_falls: '2' });
  });

  it('is NULL when the values never fall within a month nor restart after it', async () => {
    // Prepare: a total that keeps growing across the month change (lifetime, not month-to-date)
    const row = await semantics([...july('u-a', 20, 12, (i) => 100 + i), ['2026-08-01', 'u-a', 1, 500], ['2026-08-02', 'u-a', 1, 600]]);

    // Assess: 11 + 1 steps in July and August, one month change, no restart
    expect(row).toMatchObject({ overage_looks_month_to_date: null, overage_steps: '12', overage_falls: '0', overage_month_changes: '1', overage_month_restarts: '0' });
  });

  it('keeps series apart: two people rising each are no fall', async () => {
    // Prepare: u-a 500..550 and u-b 1..6 on the same days
    const row = await semantics([...july('u-a', 1, 6, (i) => 500 + 10 * i), ...july('u-b', 1, 6, (i) => i + 1)]);

    // Assess
    expect(row).toMatchObject({ overage_looks_month_to_date: 'true', overage_steps: '10', overage_falls: '0' });
  });
});

describe('credits_used_looks_inclusive', () => {
  /** One month of PRO with `credits` spread over two days and 50 overage credits on the second. */
  function month(user: string, monthNumber: number, credits: number, tiers: [string, string] = ['PRO', 'PRO']): Planted[] {
    const day = (d: number) => `2026-${String(monthNumber).padStart(2, '0')}-0${d}`;
    return [
      [day(1), user, credits / 2, 0, tiers[0]],
      [day(2), user, credits / 2, 50, tiers[1]],
    ];
  }

  it('is NULL with fewer than 3 months of evidence', async () => {
    // Act
    const row = await semantics([...month('u-a', 5, 1050), ...month('u-a', 6, 1050)]);

    // Assess
    expect(row).toMatchObject({ credits_used_looks_inclusive: null, credits_evidence_months: '2', credits_above_allowance_months: '2' });
  });

  it('is TRUE when the months with overage draw more than the allowance', async () => {
    // Act: 1000 + 50 each month, above 1000 + 0.5
    const row = await semantics([...month('u-a', 5, 1050), ...month('u-a', 6, 1050), ...month('u-b', 6, 1050.6)]);

    // Assess
    expect(row).toMatchObject({ credits_used_looks_inclusive: 'true', credits_evidence_months: '3', credits_above_allowance_months: '3' });
  });

  it('is FALSE when the months with overage stop at the allowance', async () => {
    // Act: 1000 each month, and 1000.5 (rounding) is not above
    const row = await semantics([...month('u-a', 5, 1000), ...month('u-a', 6, 1000), ...month('u-b', 6, 1000.5)]);

    // Assess
    expect(row).toMatchObject({ credits_used_looks_inclusive: 'false', credits_evidence_months: '3', credits_above_allowance_months: '0' });
  });

  it('is NULL when the months disagree, and leaves out tier changes and unpriced tiers', async () => {
    // Act: 2 above, 1 not; a month with PRO then PRO_PLUS and a month of an unpriced tier do not count
    const row = await semantics([
      ...month('u-a', 5, 1050),
      ...month('u-a', 6, 1050),
      ...month('u-b', 6, 1000),
      ...month('u-c', 6, 100, ['PRO', 'PRO_PLUS']),
      ...month('u-d', 6, 100, ['TEAM', 'TEAM']),
    ]);

    // Assess
    expect(row).toMatchObject({ credits_used_looks_inclusive: null, credits_evidence_months: '3', credits_above_allowance_months: '2' });
  });
});
