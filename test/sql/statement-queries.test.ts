/**
 * BuildStatement's SQL: valid Trino, and right on DuckDB over the real views of the people
 * fixture with the group snapshots of teams-views.test.ts (as_of 2026-07-20, so the statement
 * states June: Ana $24 in Platform, Dan $20 in Data; Frank and Gail hold seats and never appear).
 * The reminder's team projections add up to month_forecast's: both sum forecast_by_person, the
 * view that owns the per-person rule.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatement } from '../../handlers/build-statement/build-statement.js';
import {
  AS_OF_QUERY,
  NEVER_ACTIVE_QUERY,
  RECOMMENDATION_SAVING_QUERY,
  TEAM_FORECAST_QUERY,
  seatSummaryQuery,
  teamCostQuery,
  topPeopleQuery,
} from '../../handlers/build-statement/queries.js';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { trinoSyntaxErrors } from '../unit/support/trino.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { registerReports, SQL_DIR } from './fixture-engine.js';
import { PEOPLE, PEOPLE_BUCKET_DIR, PEOPLE_MAPPING_DIR, peopleSettings } from './people-engine.js';

const FRANK = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
const GAIL = '99999999-9999-4999-8999-999999999999';

const QUERIES = {
  asOf: AS_OF_QUERY,
  teamCost: teamCostQuery('2026-06'),
  topPeople: topPeopleQuery('2026-06'),
  seatSummary: seatSummaryQuery('2026-06'),
  neverActive: NEVER_ACTIVE_QUERY,
  recommendationSaving: RECOMMENDATION_SAVING_QUERY,
  teamForecast: TEAM_FORECAST_QUERY,
};

describe('BuildStatement SQL is valid Trino', () => {
  it.each(Object.entries(QUERIES))('%s parses', (_name, sql) => {
    // Act + Assess
    expect(trinoSyntaxErrors(sql)).toEqual([]);
  });

  it('takes only a real month', () => {
    // Act + Assess
    expect(() => teamCostQuery("2026-06' OR '1'='1")).toThrow();
  });
});

describe('BuildStatement SQL on the real views', () => {
  let scratch: string;
  let athena: LocalAthena;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'statement-queries-'));
    // teams-views.test.ts's snapshots: S1 (06-22) Ana Platform, Dan and Ben Data, PRO seats for Ana, Dan and Frank;
    // S2 (07-12) Ana moved to Data, Gail got a POWER seat.
    const snapshot = (day: string, members: Array<[string, string | null, string | null, string | null]>): void => {
      const base = { snapshot: `run-${day}`, read_at: `${day}T03:00:05.000Z`, team_source: 'groups' };
      const folder = join(scratch, `read_date=${day}`);
      mkdirSync(folder, { recursive: true });
      const lines = [
        { ...base, userid: null, team: null, licensed_group: null, licensed_tier: null },
        ...members.map(([userid, team, licensed_group, licensed_tier]) => ({ ...base, userid, team, licensed_group, licensed_tier })),
      ];
      writeFileSync(join(folder, `run-${day}.json`), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    };
    snapshot('2026-06-22', [
      [PEOPLE.ana, 'Platform', 'kiro-pro', 'PRO'],
      [PEOPLE.ben, 'Data', null, null],
      [PEOPLE.dan, 'Data', 'kiro-pro', 'PRO'],
      [FRANK, 'Platform', 'kiro-pro', 'PRO'],
    ]);
    snapshot('2026-07-12', [
      [PEOPLE.ana, 'Data', 'kiro-pro', 'PRO'],
      [PEOPLE.ben, 'Data', null, null],
      [PEOPLE.dan, 'Data', 'kiro-pro', 'PRO'],
      [FRANK, null, 'kiro-pro', 'PRO'],
      [GAIL, null, 'kiro-power', 'POWER'],
    ]);
    athena = await createLocalAthena();
    await registerReports(athena, PEOPLE_BUCKET_DIR);
    await athena.registerUserMapping(PEOPLE_MAPPING_DIR);
    await athena.registerGroupMembership(scratch);
    await athena.createViews(await createRenderViewsHandler({ sqlDir: SQL_DIR, settings: peopleSettings() })());
  });

  afterAll(async () => {
    await athena.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("reads June's teams and people, dearest first, and the seats nobody used", async () => {
    // Act
    const teams = await athena.run(teamCostQuery('2026-06'));
    const top = await athena.run(topPeopleQuery('2026-06'));
    const never = await athena.run(NEVER_ACTIVE_QUERY);

    // Assess
    expect(teams.map((row) => [row.team, Number(row.total_usd)])).toEqual([['Platform', 24], ['Data', 20]]);
    expect(top.map((row) => [row.userid, row.team, Number(row.total_usd)])).toEqual([[PEOPLE.ana, 'Platform', 24], [PEOPLE.dan, 'Data', 20]]);
    expect(never.map((row) => row.userid).sort()).toEqual([FRANK, GAIL].sort());
  });

  it("projects each team's month so that the teams add up to month_forecast's projected total", async () => {
    // Act
    const teams = await athena.run(TEAM_FORECAST_QUERY);
    const [forecast] = await athena.run(
      'SELECT CAST(f.projected_total_usd AS double) AS projected_total_usd, CAST(f.subscription_usd + f.overage_usd AS double) AS so_far FROM month_forecast AS f JOIN report_as_of AS a ON f.month = a.as_of_month',
    );

    // Assess
    expect(teams.map((row) => row.team).sort()).toEqual(['Data', 'unassigned']);
    const cents = (column: string) => teams.reduce((sum, row) => sum + Math.round(Number(row[column]) * 100), 0);
    expect(cents('projected_usd')).toBe(Math.round(Number(forecast?.projected_total_usd) * 100));
    // July so far: Data $92 + unassigned $280 = $372 (teams-views.test.ts).
    expect(cents('cost_so_far_usd')).toBe(37200);
  });

  it('builds June\'s statement from them: $44.00 over two teams, the two never-active seats named', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const report = await buildStatement(athena, store, { analyticsBucket: 'example-analytics-bucket', budget: { forecastStepShare: 0.1, reminderDay: 15 } });

    // Assess
    expect(report.month).toBe('2026-06');
    expect(report.statement.subject).toBe('Kiro statement 2026-06: $44.00, 2 teams');
    expect(report.statement.message).toContain('Total: $44.00 (subscriptions $40.00, overage $4.00), 2 people with report rows, 2 active.');
    expect(report.statement.message.split('\n').filter((line) => / \(kiro-pro, PRO\)| \(kiro-power, POWER\)/.test(line))).toHaveLength(2);
    expect(report.reminderMonth).toBe('2026-07');
    expect(report.reminder.message).toContain('All teams: ');
  });
});
