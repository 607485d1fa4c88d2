import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { DASHBOARD, datasetByKey, fieldsUsed, type DashboardSpec } from '../../sql/dashboard-spec.js';
import { specProblems, type ViewColumns } from './dashboard-spec-check.js';
import { createFixtureAthena } from './fixture-engine.js';

let athena: LocalAthena;
let views: ViewColumns;

beforeAll(async () => {
  athena = await createFixtureAthena();
  views = {};
  for (const view of await athena.listViews()) {
    const columns = await athena.run(`DESCRIBE SELECT * FROM ${view}`);
    views[view] = Object.fromEntries(columns.map((column) => [String(column.column_name), String(column.column_type)]));
  }
});

afterAll(() => athena.close());

describe('the dashboard spec against the views DuckDB really creates', () => {
  it('finds every dataset column in its view with a compatible type, and every visual field in its dataset', () => {
    // Act
    const problems = specProblems(DASHBOARD, views);

    // Assess
    expect(problems).toEqual([]);
  });

  it('has the six sheets, each with visuals', () => {
    // Assess
    expect(DASHBOARD.sheets.map((sheet) => sheet.title)).toEqual(['Overview', 'Behaviour', 'Cost', 'People', 'Engagement', 'Teams']);
    expect(DASHBOARD.sheets.every((sheet) => sheet.visuals.length > 0)).toBe(true);
  });

  it('reports a column the view lacks, a type the view cannot give, and a visual reading a missing field', () => {
    // Prepare: three mistakes made on purpose.
    const credits = datasetByKey(DASHBOARD, 'credits_by_person');
    const broken: DashboardSpec = {
      ...DASHBOARD,
      datasets: [
        {
          ...credits,
          columns: [
            ...credits.columns.filter((column) => column.name !== 'display_name'),
            { name: 'display_name', type: 'INTEGER' },
            { name: 'no_such_column', type: 'STRING' },
          ],
        },
      ],
      sheets: [
        {
          id: 'overview',
          title: 'Overview',
          visuals: [{ kind: 'kpi', id: 'k', title: 'K', dataset: 'credits_by_person', measure: { label: 'X', field: 'missing_field', aggregation: 'SUM', format: 'number' } }],
        },
      ],
    };

    // Act
    const problems = specProblems(broken, views);

    // Assess
    expect(problems).toEqual([
      'dataset credits_by_person: column display_name is VARCHAR in the view, not INTEGER',
      'dataset credits_by_person: column no_such_column is not in view credits_by_person',
      'sheet overview, visual k: field missing_field is not in dataset credits_by_person',
    ]);
  });

  it('refuses to sum a text column', () => {
    // Prepare
    const spec: DashboardSpec = {
      ...DASHBOARD,
      sheets: [
        {
          id: 'people',
          title: 'People',
          visuals: [{ kind: 'kpi', id: 'k', title: 'K', dataset: 'user_summary', measure: { label: 'Tiers', field: 'latest_tier', aggregation: 'SUM', format: 'number' } }],
        },
      ],
    };

    // Act + Assess
    expect(specProblems(spec, views)).toEqual(['sheet people, visual k: Tiers aggregates latest_tier, which is not numeric']);
  });

  it('shows the model mix on the Behaviour sheet: shares of messages per model per day, and the top people per model', () => {
    // Prepare
    const behaviour = DASHBOARD.sheets.find((sheet) => sheet.id === 'behaviour');

    // Act
    const mix = behaviour?.visuals.find((visual) => visual.id === 'behaviour-model-mix');
    const top = behaviour?.visuals.find((visual) => visual.id === 'behaviour-top-people-per-model');

    // Assess
    expect(mix).toMatchObject({ kind: 'bar', dataset: 'model_messages_daily', category: { field: 'report_date' }, shareBy: { field: 'model' }, measure: { field: 'messages', aggregation: 'SUM' } });
    expect(datasetByKey(DASHBOARD, 'model_messages_daily').view).toBe('model_messages_daily');
    expect(top).toMatchObject({ kind: 'table', dataset: 'model_mix_by_person', rowFilter: { field: 'rank_in_model_30d', atMost: 10 } });
    expect(datasetByKey(DASHBOARD, 'model_mix_by_person').view).toBe('model_mix_by_person');
  });

  it('reports a share chart split by a number, over bars that are numbers, with a top; plain bars over a date', () => {
    // Prepare: four mistakes made on purpose.
    const spec: DashboardSpec = {
      ...DASHBOARD,
      sheets: [
        {
          id: 'behaviour',
          title: 'Behaviour',
          visuals: [
            { kind: 'bar', id: 'b1', title: 'B1', dataset: 'model_messages_daily', category: { label: 'N', field: 'messages' }, shareBy: { label: 'M', field: 'messages' }, measure: { label: 'M', field: 'messages', aggregation: 'SUM', format: 'number' }, top: 5 },
            { kind: 'bar', id: 'b2', title: 'B2', dataset: 'model_messages_daily', category: { label: 'Day', field: 'report_date' }, measure: { label: 'M', field: 'messages', aggregation: 'SUM', format: 'number' } },
          ],
        },
      ],
    };

    // Act + Assess
    expect(specProblems(spec, views)).toEqual([
      'sheet behaviour, visual b1: the shares are split by messages, which is not text',
      'sheet behaviour, visual b1: the bars messages are neither text nor a date',
      'sheet behaviour, visual b1: top and shareBy do not go together',
      'sheet behaviour, visual b2: the bars report_date are not text',
    ]);
  });

  it('reports a table sorted by a column it does not show and a row filter on text', () => {
    // Prepare
    const spec: DashboardSpec = {
      ...DASHBOARD,
      sheets: [
        {
          id: 'behaviour',
          title: 'Behaviour',
          visuals: [
            {
              kind: 'table',
              id: 't',
              title: 'T',
              dataset: 'model_mix_by_person',
              columns: [{ label: 'Model', field: 'model' }],
              sortBy: { field: 'model', direction: 'ASC' },
              thenBy: [{ field: 'messages_30d', direction: 'DESC' }],
              rowFilter: { field: 'display_name', atMost: 10 },
            },
          ],
        },
      ],
    };

    // Act + Assess
    expect(specProblems(spec, views)).toEqual([
      'sheet behaviour, visual t: sorts by messages_30d, which is not one of its columns',
      'sheet behaviour, visual t: the row filter reads display_name, which is not numeric',
    ]);
  });
});

describe('foresight and engagement on the dashboard (issue 12)', () => {
  const visualsOf = (sheetId: string) => DASHBOARD.sheets.find((sheet) => sheet.id === sheetId)?.visuals ?? [];

  it('has an Engagement sheet: DAU/WAU/MAU, active users by client and by tier, new vs returning, the funnel, segments and movers with the at-risk flag', () => {
    // Act
    const byId = new Map(visualsOf('engagement').map((visual) => [visual.id, visual]));

    // Assess
    expect(byId.get('engagement-active-users')).toMatchObject({ kind: 'line', dataset: 'active_users_rolling', measures: [{ field: 'dau' }, { field: 'wau' }, { field: 'mau' }] });
    expect(byId.get('engagement-active-by-client')).toMatchObject({ kind: 'line', dataset: 'active_users_daily', seriesBy: { field: 'client_type' }, measures: [{ field: 'active_users' }] });
    expect(byId.get('engagement-active-by-tier')).toMatchObject({ kind: 'line', dataset: 'active_users_by_tier', seriesBy: { field: 'subscription_tier' } });
    expect(byId.get('engagement-new-returning')).toMatchObject({ kind: 'line', dataset: 'active_users_by_tier', measures: [{ field: 'new_users' }, { field: 'returning_users' }] });
    expect(byId.get('engagement-funnel')).toMatchObject({ kind: 'bar', dataset: 'engagement_funnel', category: { field: 'segment' }, measure: { field: 'people' } });
    expect(byId.get('engagement-segments')).toMatchObject({ kind: 'table', dataset: 'engagement_segments' });
    const movers = byId.get('engagement-movers');
    expect(movers).toMatchObject({ kind: 'table', dataset: 'weekly_movers', sortBy: { field: 'at_risk', direction: 'DESC' } });
    expect(movers?.kind === 'table' && movers.columns.map((column) => column.field)).toContain('at_risk');
  });

  it('shows the month forecast against the budget and the plan utilisation on the Cost sheet', () => {
    // Act
    const byId = new Map(visualsOf('cost').map((visual) => [visual.id, visual]));
    const forecast = byId.get('cost-month-forecast');
    const utilization = byId.get('cost-plan-utilization');

    // Assess
    expect(forecast).toMatchObject({ kind: 'table', dataset: 'month_forecast' });
    expect(forecast?.kind === 'table' && forecast.columns.map((column) => column.field)).toEqual(expect.arrayContaining(['projected_total_usd', 'budget_usd', 'over_budget']));
    expect(utilization).toMatchObject({ kind: 'table', dataset: 'plan_utilization' });
    expect(utilization?.kind === 'table' && utilization.columns.map((column) => column.field)).toEqual(expect.arrayContaining(['utilization', 'projected_credits', 'projected_utilization']));
  });

  it('has a per-person × per-day credits pivot, and dates the daily and monthly datasets only', () => {
    // Act
    const pivot = visualsOf('people').find((visual) => visual.kind === 'pivot');
    const dated = DASHBOARD.datasets.filter((dataset) => dataset.period).map((dataset) => `${dataset.key}/${dataset.period?.grain}`);

    // Assess
    expect(pivot).toMatchObject({ dataset: 'credits_by_person', rows: [{ field: 'display_name' }, { field: 'userid' }], columns: { field: 'report_date' }, measure: { field: 'credits_used' } });
    expect(dated.sort()).toEqual([
      'active_users_by_tier/day',
      'active_users_daily/day',
      'active_users_rolling/day',
      'activity_by_person/day',
      'credits_by_person/day',
      'model_messages_daily/day',
      'month_forecast/month',
      'plan_utilization/month',
      'team_monthly_cost/month',
      'team_seats/month',
      'user_monthly_cost/month',
    ]);
  });

  it('reports a period that is no date, lines split by a number or with two measures, and a pivot over a number by text', () => {
    // Prepare: five mistakes made on purpose.
    const rolling = datasetByKey(DASHBOARD, 'active_users_rolling');
    const spec: DashboardSpec = {
      ...DASHBOARD,
      datasets: [...DASHBOARD.datasets.filter((dataset) => dataset.key !== rolling.key), { ...rolling, period: { field: 'dau', grain: 'day' } }],
      sheets: [
        {
          id: 'engagement',
          title: 'Engagement',
          visuals: [
            {
              kind: 'line',
              id: 'l',
              title: 'L',
              dataset: 'active_users_daily',
              date: { label: 'Day', field: 'report_date' },
              measures: [
                { label: 'A', field: 'active_users', aggregation: 'SUM', format: 'number' },
                { label: 'N', field: 'new_users', aggregation: 'SUM', format: 'number' },
              ],
              seriesBy: { label: 'N', field: 'new_users' },
            },
            {
              kind: 'pivot',
              id: 'p',
              title: 'P',
              dataset: 'active_users_daily',
              rows: [{ label: 'A', field: 'active_users' }],
              columns: { label: 'Client', field: 'client_type' },
              measure: { label: 'A', field: 'active_users', aggregation: 'SUM', format: 'number' },
            },
          ],
        },
      ],
    };

    // Act + Assess
    expect(specProblems(spec, views)).toEqual([
      'dataset active_users_rolling: the period dau is not a date column of the dataset',
      'sheet engagement, visual l: the lines are split by new_users, which is not text',
      'sheet engagement, visual l: a line per new_users takes exactly one measure, not 2',
      'sheet engagement, visual p: a row is active_users, which is not text',
      'sheet engagement, visual p: the columns client_type are not a date',
    ]);
  });
});

describe('teams and seats on the dashboard (issue 13)', () => {
  it('has a Teams sheet: cost per team and month, people and active people, idle and never-used seats per team', () => {
    // Prepare
    const teams = DASHBOARD.sheets.find((sheet) => sheet.id === 'teams');
    const fields = (id: string): string[] => {
      const visual = teams?.visuals.find((candidate) => candidate.id === id);
      return visual ? fieldsUsed(visual) : [];
    };

    // Assess
    expect(teams?.visuals.map((visual) => [visual.id, visual.kind, visual.dataset])).toEqual([
      ['teams-cost-per-month', 'line', 'team_monthly_cost'],
      ['teams-cost', 'bar', 'team_monthly_cost'],
      ['teams-monthly', 'table', 'team_monthly_cost'],
      ['teams-seats', 'table', 'team_seats'],
    ]);
    expect(fields('teams-cost-per-month')).toEqual(['month', 'team', 'total_usd']);
    expect(fields('teams-monthly')).toEqual(expect.arrayContaining(['month', 'team', 'people', 'active_people', 'total_usd']));
    expect(fields('teams-seats')).toEqual(expect.arrayContaining(['month', 'team', 'licensed_seats', 'idle_seats', 'never_active_seats', 'idle_seat_usd', 'never_active_seat_usd']));
  });

  it('lists the never-used seats and the people with their teams on the People sheet', () => {
    // Prepare
    const people = DASHBOARD.sheets.find((sheet) => sheet.id === 'people');

    // Assess
    expect(people?.visuals.filter((visual) => visual.dataset === 'never_active_users').map((visual) => visual.id)).toEqual(['people-never-active']);
    const teams = people?.visuals.find((visual) => visual.id === 'people-teams');
    expect(teams && fieldsUsed(teams)).toEqual(expect.arrayContaining(['display_name', 'team']));
  });

  it('reports a sheet filter used twice, one that narrows nothing and one on a number', () => {
    // Prepare: three mistakes made on purpose.
    const table = { kind: 'table', id: 't', title: 'T', dataset: 'team_seats', columns: [{ label: 'Team', field: 'team' }], sortBy: { field: 'team', direction: 'ASC' } } as const;
    const spec: DashboardSpec = {
      ...DASHBOARD,
      sheets: [
        {
          id: 's',
          title: 'S',
          visuals: [table],
          filters: [
            { id: 'f', label: 'Team', field: 'team' },
            { id: 'f', label: 'Person', field: 'display_name' },
            { id: 'n', label: 'Seats', field: 'idle_seats' },
          ],
        },
      ],
    };

    // Act
    const problems = specProblems(spec, views);

    // Assess
    expect(problems).toEqual([
      'sheet s, filter f: the id is used twice',
      'sheet s, filter f: narrows no visual of the sheet',
      'sheet s, filter n: idle_seats is not text in dataset team_seats',
    ]);
  });
});
