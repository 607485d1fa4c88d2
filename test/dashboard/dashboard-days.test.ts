/**
 * The page draws the daily datasets' last DASHBOARD_DAYS days to the report date: older rows of
 * daily datasets are left out of every visual, fact and person detail (the page says so), while
 * monthly datasets keep every month. Without it the page held every person's every day.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../handlers/shared/dates.js';
import { DashboardAccumulator } from '../../local/dashboard/dashboard-data.js';
import { DASHBOARD_DAYS, writeDashboardFile } from '../../local/dashboard/dashboard-file.js';
import { renderDashboardHtml } from '../../local/dashboard/page-html.js';
import type { DatasetRow } from '../../local/dashboard/visual-data.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';

const CREDITS_HEADER = ['report_date', 'userid', 'display_name', 'client_type', 'subscription_tier', 'credits_used', 'overage_credits_used', 'total_messages', 'chat_conversations'];
const credits = (day: string, userid: string, used: number): DatasetRow =>
  Object.fromEntries(CREDITS_HEADER.map((name, index) => [name, [day, userid, userid, 'KIRO_IDE', 'PRO', String(used), '0', '1', '1'][index] ?? '']));
const MONTH_HEADER = ['month', 'userid', 'display_name', 'tier', 'credits_used', 'overage_credits_used', 'plan_utilization', 'subscription_usd', 'overage_usd', 'total_usd'];
const month = (first: string, userid: string): DatasetRow =>
  Object.fromEntries(MONTH_HEADER.map((name, index) => [name, [first, userid, userid, 'PRO', '10', '0', '0.01', '20', '0', '20'][index] ?? '']));

/** The dashboard folded over credit rows and monthly rows, from `firstDay`. */
function fold(firstDay: string | undefined, creditRows: DatasetRow[], monthRows: DatasetRow[]) {
  const accumulator = new DashboardAccumulator(DASHBOARD, firstDay);
  for (const row of creditRows) accumulator.add('credits_by_person', row);
  for (const row of monthRows) accumulator.add('user_monthly_cost', row);
  return accumulator.result();
}

describe('the days the page draws', () => {
  it('are the DASHBOARD_DAYS days to the report date, in the page written from the dataset files', async () => {
    // Prepare: a row on the first day drawn and one on the day before it.
    const folder = await mkdtemp(join(tmpdir(), 'dashboard-days-'));
    const firstDay = addDays('2026-11-30', 1 - DASHBOARD_DAYS);
    const lines = [credits(addDays(firstDay, -1), 'u-old', 100), credits(firstDay, 'u-ana', 5)].map((row) => CREDITS_HEADER.map((name) => row[name]).join(','));
    await writeFile(join(folder, 'credits_by_person.csv'), `${[CREDITS_HEADER.join(','), ...lines].join('\n')}\n`);

    try {
      // Act
      await writeDashboardFile(DASHBOARD, folder, { reportDate: '2026-11-30', generatedAt: new Date('2026-12-01T06:00:00Z') }, join(folder, 'dashboard.html'));
      const html = await readFile(join(folder, 'dashboard.html'), 'utf8');

      // Assess: 92 days to 2026-11-30 start on 2026-08-31.
      expect(firstDay).toBe('2026-08-31');
      expect(html).toContain(`data from <strong>${firstDay}</strong> to <strong>${firstDay}</strong>`);
      expect(html).toContain(`days before ${firstDay} are not drawn here`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('leaves out the daily rows before the first day, everywhere, and says it did', () => {
    // Prepare: one person on 2026-08-31 (before) and 2026-09-01 (the first day); two months.
    const creditRows = [credits('2026-08-31', 'u-old', 100), credits('2026-09-01', 'u-ana', 5)];
    const monthRows = [month('2026-08-01', 'u-old'), month('2026-09-01', 'u-ana')];

    // Act
    const data = fold('2026-09-01', creditRows, monthRows);

    // Assess: the daily line starts at the first day and sums only its rows; u-old has no daily
    // detail, but keeps the August cost row.
    expect(data.olderDaysLeftOut).toBe(true);
    expect(data.dataRange).toEqual({ first: '2026-09-01', last: '2026-09-01' });
    const daily = data.visuals.get('overview-daily-credits');
    expect(daily?.kind === 'line' ? daily.labels : undefined).toEqual(['2026-09-01']);
    expect(data.people.people.get('u-old')?.daily ?? []).toEqual([]);
    expect(data.people.people.get('u-old')?.months.length).toBe(1);
    expect(data.people.people.get('u-ana')?.daily.length).toBe(1);
  });

  it('leaves out nothing when every day is from the first day on', () => {
    // Act
    const data = fold('2026-09-01', [credits('2026-09-01', 'u-ana', 5), credits('2026-09-02', 'u-ana', 6)], []);

    // Assess
    expect(data.olderDaysLeftOut).toBe(false);
    expect(data.dataRange).toEqual({ first: '2026-09-01', last: '2026-09-02' });
  });

  it('is said in the header when older days were left out, and only then', () => {
    // Prepare
    const data = fold('2026-09-01', [credits('2026-09-01', 'u-ana', 5)], []);
    const page = (daysFrom?: string): string =>
      renderDashboardHtml({
        spec: DASHBOARD,
        data: data.visuals,
        facts: data.facts,
        people: data.people,
        dates: { reportDate: '2026-11-30', ...(data.dataRange ? { dataRange: data.dataRange } : {}), ...(daysFrom ? { daysFrom } : {}), generatedAt: '2026-12-01 06:00 UTC' },
        chartJs: '',
      });

    // Act
    const [withNote, without] = [page('2026-09-01'), page()];

    // Assess
    expect(withNote).toContain('days before 2026-09-01 are not drawn here');
    expect(without).not.toContain('are not drawn here');
  });
});
