/**
 * What the page redraws from for a date range and shows in a person's detail, worked out by hand
 * from a few made-up dataset rows; and the new visual kinds (lines per series, the pivot).
 */
import { describe, expect, it } from 'vitest';
import { DashboardAccumulator } from '../../local/dashboard/dashboard-data.js';
import type { GroupFacts, TableFacts } from '../../local/dashboard/page-facts.js';
import { PeopleAccumulator, PERSON_DETAIL } from '../../local/dashboard/person-facts.js';
import { visualData, type DatasetRow } from '../../local/dashboard/visual-data.js';
import { DASHBOARD, datasetByKey, type VisualSpec } from '../../sql/dashboard-spec.js';

function rows(header: string, ...lines: string[]): DatasetRow[] {
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [names[index], cell])));
}

function visual(id: string): VisualSpec {
  const found = DASHBOARD.sheets.flatMap((sheet) => sheet.visuals).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no visual ${id}`);
  return found;
}

const CREDITS = rows(
  'report_date,userid,display_name,client_type,subscription_tier,credits_used,overage_credits_used,total_messages,chat_conversations',
  '2026-07-01,u-ana,Ana Example,KIRO_IDE,PRO,10.5,0,20,2',
  '2026-07-01,u-ana,Ana Example,KIRO_CLI,PRO,4.5,0,5,1',
  '2026-07-01,u-ben,Ben Example,KIRO_IDE,POWER,100,25,40,4',
  '2026-07-02,u-ben,Ben Example,KIRO_IDE,PRO,60,,30,3',
);

const MONTHLY = rows(
  'month,userid,display_name,tier,credits_used,overage_credits_used,plan_utilization,subscription_usd,overage_usd,total_usd',
  '2026-07-01,u-ana,Ana Example,PRO,15,0,0.015,20,0,20',
  '2026-06-01,u-ana,Ana Example,PRO,900,0,0.9,20,0,20',
);

function facts(datasets: Record<string, DatasetRow[]>) {
  const accumulator = new DashboardAccumulator(DASHBOARD);
  for (const [key, datasetRows] of Object.entries(datasets)) for (const row of datasetRows) accumulator.add(key, row);
  return accumulator.result();
}

describe('facts of a date range', () => {
  it('keeps per day the partials a KPI merges: sums, and the distinct people', () => {
    // Act
    const result = facts({ credits_by_person: CREDITS });
    const credits = result.facts.get('overview-credits') as GroupFacts;
    const people = result.facts.get('overview-active-users') as GroupFacts;

    // Assess: 07-01 10.5 + 4.5 + 100 = 115, 07-02 60; ana and ben on 07-01, ben on 07-02.
    expect(credits).toMatchObject({ kind: 'groups', visual: 'kpi', grain: 'day', measure: 'sum', periods: ['2026-07-01', '2026-07-02'], categories: [''] });
    expect(credits.cells).toEqual([
      [0, 0, 115],
      [1, 0, 60],
    ]);
    expect(people.values).toEqual(['u-ana', 'u-ben']);
    expect(people.cells).toEqual([
      [0, 0, 0, 1],
      [1, 0, 1],
    ]);
  });

  it('keeps per day and person what a top-N bar sums, with the top', () => {
    // Act
    const top = facts({ credits_by_person: CREDITS }).facts.get('overview-top-credits') as GroupFacts;

    // Assess
    expect(top).toMatchObject({ visual: 'bar', top: 10, categories: ['Ana Example', 'Ben Example'] });
    expect(top.cells).toEqual([
      [0, 0, 15],
      [0, 1, 100],
      [1, 1, 60],
    ]);
  });

  it("keeps every table row sorted, raw, with its month and person; an undated table has no grain", () => {
    // Act
    const result = facts({ user_monthly_cost: MONTHLY });
    const cost = result.facts.get('cost-per-person') as TableFacts;
    const recommendations = result.facts.get('people-recommendations') as TableFacts;

    // Assess: sorted by total_usd DESC, equal rows in dataset order.
    expect(cost).toMatchObject({ kind: 'rows', grain: 'month', periods: ['2026-07-01', '2026-06-01'], people: ['u-ana', 'u-ana'], personColumn: 1, limit: 200 });
    expect(cost.rows[1]).toEqual(['2026-06-01', 'Ana Example', 'PRO', '900', '0', '0.9', '20', '0', '20']);
    expect(recommendations.grain).toBeUndefined();
    expect(result.facts.has('overview-people-per-tier')).toBe(false);
    expect(result.facts.get('engagement-active-users')).toEqual({ kind: 'labels', grain: 'day' });
  });

  it("keeps an undated pie's partials per category and team when a team filter narrows it, with no period to range over", () => {
    // Prepare: two people in Data (one heavy, one light), one heavy in Platform, one without a team.
    const summary = rows(
      'userid,display_name,usage_category,team',
      'u-ana,Ana Example,Heavy,Data',
      'u-ben,Ben Example,Light,Data',
      'u-cy,Cy Example,Heavy,Platform',
      'u-dee,Dee Example,Heavy,',
    );

    // Act
    const pie = facts({ user_summary: summary }).facts.get('people-usage-categories') as GroupFacts;

    // Assess: one cell per (category, team), counting people; the team of each cell beside it.
    expect(pie).toMatchObject({ kind: 'groups', visual: 'pie', measure: 'count', periods: [''], categories: ['Heavy', 'Light'] });
    expect(pie.grain).toBeUndefined();
    expect(pie.cells).toEqual([
      [0, 0, 1],
      [0, 1, 1],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    expect(pie.filters).toEqual({ team: ['Data', 'Data', 'Platform', ''] });
  });

  it('keeps each row\'s team for the tables a team filter narrows, months as the grain of monthly lines, and days only in the data range', () => {
    // Prepare
    const teams = rows(
      'month,team,people,active_people,plan_credits_used,overage_credits_used,subscription_usd,overage_usd,total_usd',
      '2026-06-01,Platform,1,1,1010,100,20,4,24',
      '2026-07-01,Data,2,2,2600,300,80,12,92',
    );

    // Act
    const result = facts({ credits_by_person: CREDITS, team_monthly_cost: teams });
    const table = result.facts.get('teams-monthly') as TableFacts;
    const cost = result.facts.get('cost-per-person') as TableFacts;

    // Assess: newest month first; the Cost sheet has no filter, so its table keeps no filter cells.
    expect(table.filters).toEqual({ team: ['Data', 'Platform'] });
    expect(cost.filters).toBeUndefined();
    expect(result.facts.get('teams-cost-per-month')).toEqual({ kind: 'labels', grain: 'month' });
    // The monthly line's 2026-06-01 is no day of the data: the range is the daily rows' days.
    expect(result.dataRange).toEqual({ first: '2026-07-01', last: '2026-07-02' });
  });
});

describe('the person detail', () => {
  it('sums client rows per day, lists the tiers of each day, and keeps the cost rows by month', () => {
    // Prepare
    const people = new PeopleAccumulator(DASHBOARD);

    // Act
    for (const row of CREDITS) people.add('credits_by_person', row);
    for (const row of MONTHLY) people.add('user_monthly_cost', row);
    people.add('model_messages_daily', { report_date: '2026-07-02', userid: 'u-ben', client_type: 'KIRO_IDE', model: 'auto', messages: '7' });
    const result = people.result();

    // Assess: ana's 07-01 is 10.5 + 4.5 credits and 20 + 5 messages; ben moved from POWER to PRO.
    expect(result.days).toEqual(['2026-07-01', '2026-07-02']);
    expect(result.people.get('u-ana')).toEqual({
      name: 'Ana Example',
      daily: [[0, 15, 25]],
      tiers: [[0, 0]],
      models: [],
      months: [
        ['2026-06-01', 'PRO', '900', '0', '20', '0', '20'],
        ['2026-07-01', 'PRO', '15', '0', '20', '0', '20'],
      ],
    });
    expect(result.people.get('u-ben')?.tiers.map(([day, tier]) => [result.days[day!], result.tiers[tier!]])).toEqual([
      ['2026-07-01', 'POWER'],
      ['2026-07-02', 'PRO'],
    ]);
    expect(result.people.get('u-ben')?.models).toEqual([[1, 0, 7]]);
  });

  it('reads columns every one of its datasets imports, and says which one is missing', () => {
    // Prepare
    const daily = datasetByKey(DASHBOARD, PERSON_DETAIL.daily.dataset);
    const broken = { ...DASHBOARD, datasets: [...DASHBOARD.datasets.filter((dataset) => dataset !== daily), { ...daily, columns: daily.columns.filter((column) => column.name !== 'total_messages') }] };

    // Act + Assess
    expect(() => new PeopleAccumulator(DASHBOARD)).not.toThrow();
    expect(() => new PeopleAccumulator(broken)).toThrowError('person detail: dataset credits_by_person has no column total_messages');
  });
});

describe('lines per series and the pivot', () => {
  it('draws one line per client, largest first, a gap where a client has no row that day', () => {
    // Prepare
    const daily = rows('report_date,client_type,subscription_tier,active_users,new_users', '2026-07-01,KIRO_IDE,PRO,3,1', '2026-07-01,KIRO_IDE,POWER,1,0', '2026-07-02,KIRO_IDE,PRO,2,0', '2026-07-02,KIRO_CLI,PRO,4,0', '2026-07-02,,,1,1');

    // Act
    const data = visualData(visual('engagement-active-by-client'), daily);

    // Assess: IDE 3 + 1 = 4 on 07-01 and 2 on 07-02 (6 in all), CLI 4, no client 1.
    expect(data).toEqual({
      kind: 'line',
      labels: ['2026-07-01', '2026-07-02'],
      series: [
        { label: 'KIRO_IDE', format: 'number', values: [4, 2] },
        { label: 'KIRO_CLI', format: 'number', values: [null, 4] },
        { label: '(none)', format: 'number', values: [null, 1] },
      ],
    });
  });

  it('lays out credits per person and day, people by name then id, days ascending', () => {
    // Act
    const data = visualData(visual('people-credits-per-day'), CREDITS);

    // Assess
    expect(data).toEqual({
      kind: 'pivot',
      header: { rows: ['Person', 'User id'], days: ['2026-07-01', '2026-07-02'] },
      rows: [
        { keys: ['Ana Example', 'u-ana'], values: [15, null] },
        { keys: ['Ben Example', 'u-ben'], values: [100, 60] },
      ],
      format: 'number',
    });
  });
});
