import { describe, expect, it } from 'vitest';
import { checkData } from '../../handlers/check-data/check-data.js';
import { createHandler as createCheckDataHandler } from '../../handlers/check-data/handler.js';
import { evaluateFreshness } from '../../handlers/check-data/evaluate-freshness.js';
import { ScriptedQueries } from './support/scripted-queries.js';
import { testSettings } from './support/settings.js';

const days = { reportDate: '2026-11-20', executionDate: '2026-11-21' };

describe('evaluateFreshness', () => {
  it('reports fresh data for the day as not stale', () => {
    // Act
    const check = evaluateFreshness({ creditsRows: 40, activityRows: 12, newestDate: '2026-11-20' }, days, 3);

    // Assess
    expect(check).toMatchObject({
      reportDate: '2026-11-20',
      hasData: true,
      rowsForDay: 52,
      creditsRows: 40,
      activityRows: 12,
      newestDate: '2026-11-20',
      daysBehind: 1,
      stale: false,
    });
  });

  it('is not stale at exactly staleAfterDays behind, stale one day later', () => {
    // Act
    const atLimit = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: '2026-11-18' }, days, 3);
    const beyond = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: '2026-11-17' }, days, 3);

    // Assess
    expect([atLimit.daysBehind, atLimit.stale, atLimit.hasData]).toEqual([3, false, false]);
    expect([beyond.daysBehind, beyond.stale]).toEqual([4, true]);
  });

  it('words a stale alert with the newest date and how to check', () => {
    // Act
    const check = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: '2026-11-15' }, days, 3);

    // Assess
    expect(check.subject).toBe('Kiro usage data stale: newest day 2026-11-15, 6 days behind');
    expect(check.message).toContain('The newest Kiro usage data is for 2026-11-15, 6 day(s) before the run day 2026-11-21');
    expect(check.message).toContain('User activity report');
    expect(check.message).toContain('bucket policy');
  });

  it('treats no data at all as stale without a newest date', () => {
    // Act
    const check = evaluateFreshness({ creditsRows: 0, activityRows: 0, newestDate: null }, days, 3);

    // Assess
    expect(check).toMatchObject({ hasData: false, rowsForDay: 0, newestDate: null, daysBehind: null, stale: true });
    expect(check.subject).toBe('Kiro usage data missing: no report rows at all (run 2026-11-21)');
    expect(check.message).toContain('credits_daily and activity_daily are empty');
    expect(check.message).toContain('bucket policy');
  });

  it('rejects a newest date that is not a day', () => {
    // Act + Assess
    expect(() => evaluateFreshness({ creditsRows: 1, activityRows: 0, newestDate: '2026-11-20 00:00:00' }, days, 3)).toThrow(
      'check-data: newest report_date: expected a date written YYYY-MM-DD, got "2026-11-20 00:00:00"',
    );
  });
});

describe('checkData', () => {
  it('runs one presence query for the report date and reads its row', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ credits_rows: '7', activity_rows: '0', newest_date: '2026-11-20' }]]);

    // Act
    const check = await checkData(days, queries, 3);

    // Assess
    expect(queries.sql).toHaveLength(1);
    expect(queries.sql[0]).toContain("report_date = DATE '2026-11-20'");
    expect(check).toMatchObject({ hasData: true, rowsForDay: 7, creditsRows: 7, activityRows: 0, stale: false });
  });

  it('takes a NULL newest date as no data at all', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ credits_rows: '0', activity_rows: '0', newest_date: null }]]);

    // Act
    const check = await checkData(days, queries, 3);

    // Assess
    expect(check).toMatchObject({ hasData: false, newestDate: null, stale: true });
  });

  it('names a missing column instead of reading it as zero', async () => {
    // Prepare
    const queries = new ScriptedQueries([[{ credits_rows: '3', newest_date: '2026-11-20' }]]);

    // Act + Assess
    await expect(checkData(days, queries, 3)).rejects.toThrow('query result has no column "activity_rows"');
  });
});

describe('check-data handler', () => {
  it('names a malformed event field before touching Athena', async () => {
    // Prepare
    const queries = new ScriptedQueries([]);
    const handler = createCheckDataHandler({ settings: testSettings(), queries });

    // Act + Assess
    await expect(handler({ reportDate: '2026-11-20', executionDate: '21/11/2026' })).rejects.toThrow(
      'check-data: event.executionDate: expected a date written YYYY-MM-DD, got "21/11/2026"',
    );
    expect(queries.sql).toEqual([]);
  });
});
