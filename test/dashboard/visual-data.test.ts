/**
 * The dashboard's numbers, worked out by hand from a few made-up dataset rows: what each kind of
 * visual of the spec shows, and how numbers read.
 */
import { describe, expect, it } from 'vitest';
import { DashboardAccumulator, type DashboardData } from '../../local/dashboard/dashboard-data.js';
import { formatCell, formatNumber } from '../../local/dashboard/format.js';
import { sortRows, visualData, type DatasetRow } from '../../local/dashboard/visual-data.js';
import { DASHBOARD, type VisualSpec } from '../../sql/dashboard-spec.js';

/** Rows as the dataset CSVs hold them: every cell a string, '' for NULL. */
function rows(header: string, ...lines: string[]): DatasetRow[] {
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [names[index], cell])));
}

/** The whole dashboard folded over some datasets' rows. */
function dashboardData(rows: Record<string, DatasetRow[]>): DashboardData {
  const accumulator = new DashboardAccumulator(DASHBOARD);
  for (const [dataset, datasetRows] of Object.entries(rows)) for (const row of datasetRows) accumulator.add(dataset, row);
  return accumulator.result();
}

/** A visual of the real spec, by id. */
function visual(id: string): VisualSpec {
  const found = DASHBOARD.sheets.flatMap((sheet) => sheet.visuals).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no visual ${id}`);
  return found;
}

const CREDITS = rows(
  'report_date,userid,display_name,client_type,subscription_tier,credits_used,overage_credits_used,total_messages,chat_conversations',
  '2026-07-02,u-ben,Ben Example,KIRO_IDE,POWER,60,,30,3',
  '2026-07-01,u-ana,Ana Example,KIRO_IDE,PRO,10.5,0,20,2',
  '2026-07-01,u-ana,Ana Example,KIRO_CLI,PRO,4.5,0,5,1',
  '2026-07-01,u-ben,Ben Example,KIRO_IDE,POWER,100,25,40,4',
  '2026-07-02,u-cy,u-cy,PLUGIN,PRO,1,0,2,0',
);

const ACTIVITY = rows(
  'report_date,userid,display_name,chat_aicodelines,chat_messagessent,inline_aicodelines,inline_acceptancecount,inline_suggestionscount,ai_code_lines',
  '2026-07-01,u-ana,Ana Example,30,4,10,3,10,40',
  '2026-07-01,u-ben,Ben Example,5,1,0,1,6,5',
  '2026-07-02,u-ana,Ana Example,0,2,0,0,0,0',
);

const MONTHLY = rows(
  'month,userid,display_name,tier,credits_used,overage_credits_used,plan_utilization,subscription_usd,overage_usd,total_usd',
  '2026-07-01,u-ana,Ana Example,PRO_PLUS,900,0,0.45,40,0,40',
  '2026-06-01,u-ana,Ana Example,PRO,1110,100,1.01,20,4,24',
  '2026-07-01,u-old,u-old,LEGACY,40,0,,,,',
  '2026-07-01,u-ann,Ann Example,PRO,900,0,0.9,20,0,20',
);

describe('KPIs', () => {
  it('sum a column over every row, skipping empty cells', () => {
    // Act
    const credits = visualData(visual('overview-credits'), CREDITS);
    const overage = visualData(visual('overview-overage-credits'), CREDITS);

    // Assess: 60 + 10.5 + 4.5 + 100 + 1 = 176; overage 0 + 0 + 25 + 0 (Ben's 07-02 cell is empty) = 25.
    expect(credits).toEqual({ kind: 'kpi', value: 176, text: '176' });
    expect(overage).toEqual({ kind: 'kpi', value: 25, text: '25' });
  });

  it('count distinct people', () => {
    // Act + Assess: u-ben, u-ana, u-cy.
    expect(visualData(visual('overview-active-users'), CREDITS)).toEqual({ kind: 'kpi', value: 3, text: '3' });
  });

  it('show a dash without rows to sum', () => {
    // Act + Assess
    expect(visualData(visual('overview-credits'), [])).toEqual({ kind: 'kpi', value: null, text: '–' });
    expect(visualData(visual('overview-active-users'), [])).toEqual({ kind: 'kpi', value: 0, text: '0' });
  });
});

describe('line charts', () => {
  it('have one point per day, days in order, each the day’s sum', () => {
    // Act
    const data = visualData(visual('overview-daily-credits'), CREDITS);

    // Assess: 07-01 = 10.5 + 4.5 + 100 = 115; 07-02 = 60 + 1 = 61.
    expect(data).toEqual({ kind: 'line', labels: ['2026-07-01', '2026-07-02'], series: [{ label: 'Credits', format: 'number', values: [115, 61] }] });
  });

  it('draw one series per measure', () => {
    // Act
    const data = visualData(visual('behaviour-code-generation'), ACTIVITY);

    // Assess: chat 30 + 5 and inline 10 + 0 on 07-01; all 0 on 07-02.
    expect(data).toMatchObject({
      labels: ['2026-07-01', '2026-07-02'],
      series: [
        { label: 'Chat code lines', values: [35, 0] },
        { label: 'Inline code lines', values: [10, 0] },
      ],
    });
  });

  it('plot a ratio as the sum of one column over the sum of the other, per day, with no point over 0', () => {
    // Act
    const data = visualData(visual('behaviour-inline-acceptance'), ACTIVITY);

    // Assess: 07-01 = (3 + 1) / (10 + 6) = 0.25, not the mean of 3/10 and 1/6; 07-02 = 0/0: no point.
    expect(data).toEqual({ kind: 'line', labels: ['2026-07-01', '2026-07-02'], series: [{ label: 'Accepted', format: 'percent', values: [0.25, null] }] });
  });
});

describe('bar and pie charts', () => {
  it('bars: the top N groups, largest first', () => {
    // Act
    const data = visualData({ ...(visual('overview-top-credits') as Extract<VisualSpec, { kind: 'bar' }>), top: 2 }, CREDITS);

    // Assess: Ben 60 + 100 = 160, Ana 10.5 + 4.5 = 15; u-cy (1) is cut by top 2.
    expect(data).toEqual({ kind: 'bar', labels: ['Ben Example', 'Ana Example'], series: [{ label: 'Credits', format: 'number', values: [160, 15] }] });
  });

  it('bars: an average per group', () => {
    // Act
    const data = visualData(visual('cost-credits-per-tier'), MONTHLY);

    // Assess: PRO (1110 + 900) / 2 = 1005, PRO_PLUS 900, LEGACY 40.
    expect(data).toMatchObject({ labels: ['PRO', 'PRO_PLUS', 'LEGACY'], series: [{ values: [1005, 900, 40] }] });
  });

  it('pie: a count per group, an empty category as (none), ties by name', () => {
    // Prepare
    const summary = rows('userid,display_name,latest_tier', 'u-1,A,PRO', 'u-2,B,', 'u-3,C,PRO', 'u-4,D,POWER', 'u-5,E,FREE');

    // Act
    const data = visualData(visual('overview-people-per-tier'), summary);

    // Assess
    expect(data).toEqual({ kind: 'pie', labels: ['PRO', '(none)', 'FREE', 'POWER'], series: [{ label: 'People', format: 'number', values: [2, 1, 1, 1] }] });
  });
});

describe('tables', () => {
  it('sort, limit, format, and say how many rows there are', () => {
    // Prepare: the spec's table limited to 2 rows.
    const spec = { ...(visual('cost-per-person') as Extract<VisualSpec, { kind: 'table' }>), limit: 2 };

    // Act
    const data = visualData(spec, MONTHLY);

    // Assess: by total_usd descending (40, 24, 20; u-old's empty total last), the first 2 of 4.
    expect(data).toMatchObject({
      kind: 'table',
      total: 4,
      rows: [
        ['2026-07-01', 'Ana Example', 'PRO_PLUS', '900', '0', '45%', '$40.00', '$0.00', '$40.00'],
        ['2026-06-01', 'Ana Example', 'PRO', '1,110', '100', '101%', '$20.00', '$4.00', '$24.00'],
      ],
    });
    expect(data.kind === 'table' && data.columns.map((column) => column.numeric)).toEqual([false, false, false, true, true, true, true, true, true]);
  });

  it('sort numbers as numbers, text as text, empty cells last both ways', () => {
    // Prepare
    const ranked = rows('rank,name', '10,j', '9,i', ',none', '100,k');

    // Act + Assess
    expect(sortRows(ranked, 'rank', 'ASC').map((row) => row.rank)).toEqual(['9', '10', '100', '']);
    expect(sortRows(ranked, 'rank', 'DESC').map((row) => row.rank)).toEqual(['100', '10', '9', '']);
    expect(sortRows(ranked, 'name', 'DESC').map((row) => row.name)).toEqual(['none', 'k', 'j', 'i']);
  });
});

const MODEL_MESSAGES = rows(
  'report_date,userid,client_type,model,messages',
  '2026-07-02,u-ana,KIRO_IDE,auto,6',
  '2026-07-01,u-ana,KIRO_IDE,auto,6',
  '2026-07-01,u-ana,KIRO_CLI,claude_sonnet_4.5,2',
  '2026-07-01,u-ben,KIRO_IDE,claude_sonnet_4.5,2',
  '2026-07-02,u-ben,KIRO_IDE,claude_opus_4.5,2',
  '2026-07-02,u-cy,KIRO_WEB,claude_sonnet_4.5,2',
  ',u-cy,KIRO_WEB,auto,99',
);

const MODEL_MIX = rows(
  'model,userid,display_name,messages_30d,share_of_person_30d,messages_total,model_messages_30d,share_of_model_30d,rank_in_model_30d',
  'claude_sonnet_4.5,u-ben,Ben Example,2,0.5,2,6,0.3333333333333333,2',
  'auto,u-ana,Ana Example,12,0.8571428571428571,12,12,1,1',
  'claude_sonnet_4.5,u-ana,Ana Example,2,0.14285714285714285,2,6,0.3333333333333333,1',
  'claude_sonnet_4.5,u-cy,u-cy,2,1,2,6,0.3333333333333333,3',
  'claude_opus_4.5,u-ben,Ben Example,2,0.5,2,2,1,1',
  'claude_haiku_4.5,u-dee,Dee Example,0,,5,0,,',
);

describe('the model mix', () => {
  it("stacks each model's share of the day's messages, days in order, the most used model first", () => {
    // Act
    const data = visualData(visual('behaviour-model-mix'), MODEL_MESSAGES);

    // Assess: 07-01: auto 6, sonnet 2 + 2 of 10; 07-02: auto 6, opus 2, sonnet 2 of 10. Overall
    // auto 12, sonnet 6, opus 2; the row without a day is on no bar (nor in the overall order).
    expect(data).toEqual({
      kind: 'bar',
      stacked: true,
      labels: ['2026-07-01', '2026-07-02'],
      series: [
        { label: 'auto', format: 'percent', values: [0.6, 0.6] },
        { label: 'claude_sonnet_4.5', format: 'percent', values: [0.4, 0.2] },
        { label: 'claude_opus_4.5', format: 'percent', values: [0, 0.2] },
      ],
    });
  });

  it('has no share on a bar whose parts sum to 0', () => {
    // Act
    const data = visualData(visual('behaviour-model-mix'), rows('report_date,userid,client_type,model,messages', '2026-07-01,u-ana,KIRO_IDE,auto,0'));

    // Assess
    expect(data).toMatchObject({ labels: ['2026-07-01'], series: [{ label: 'auto', values: [null] }] });
  });

  it('lists the top people per model: the most used model first, each by rank, only ranks within the filter', () => {
    // Prepare: the spec's table filtered to rank 2.
    const spec = visual('behaviour-top-people-per-model') as Extract<VisualSpec, { kind: 'table' }>;
    const topTwo = { ...spec, rowFilter: { field: 'rank_in_model_30d', atMost: 2 } };

    // Act
    const data = visualData(topTwo, MODEL_MIX);

    // Assess: auto (12), sonnet (6; Cy is rank 3), opus (2); Dee has no rank (no window messages).
    expect(data).toMatchObject({
      kind: 'table',
      total: 4,
      rows: [
        ['auto', '12', '1', 'Ana Example', '12', '100%', '85.7%'],
        ['claude_sonnet_4.5', '6', '1', 'Ana Example', '2', '33.3%', '14.3%'],
        ['claude_sonnet_4.5', '6', '2', 'Ben Example', '2', '33.3%', '50%'],
        ['claude_opus_4.5', '2', '1', 'Ben Example', '2', '100%', '50%'],
      ],
    });
    expect(visualData(spec, MODEL_MIX)).toMatchObject({ total: 5 });
  });

  it('sorts by each key in turn', () => {
    // Prepare
    const table: VisualSpec = {
      kind: 'table',
      id: 't',
      title: 'T',
      dataset: 'd',
      columns: [{ label: 'Group', field: 'group' }, { label: 'N', field: 'n' }],
      sortBy: { field: 'group', direction: 'DESC' },
      thenBy: [{ field: 'n', direction: 'ASC' }],
    };

    // Act
    const data = visualData(table, rows('group,n', 'a,2', 'b,10', 'a,1', 'b,9'));

    // Assess
    expect(data).toMatchObject({ rows: [['b', '9'], ['b', '10'], ['a', '1'], ['a', '2']] });
  });
});

describe('measures', () => {
  it('count non-empty cells and average only present values', () => {
    // Prepare
    const cells = rows('v', '2', '', '4');
    const kpi = (aggregation: 'COUNT' | 'AVERAGE'): VisualSpec => ({ kind: 'kpi', id: 'k', title: 'K', dataset: 'd', measure: { label: 'K', field: 'v', aggregation, format: 'number' } });

    // Act + Assess: COUNT 2; AVERAGE (2 + 4) / 2 = 3, not 6 / 3.
    expect(visualData(kpi('COUNT'), cells)).toMatchObject({ value: 2 });
    expect(visualData(kpi('AVERAGE'), cells)).toMatchObject({ value: 3 });
  });
});

describe('the whole dashboard', () => {
  it('computes every visual of the spec and the days the data covers', () => {
    // Act
    const data = dashboardData({ credits_by_person: CREDITS, activity_by_person: ACTIVITY });

    // Assess
    expect([...data.visuals.keys()]).toEqual(DASHBOARD.sheets.flatMap((sheet) => sheet.visuals.map((visual) => visual.id)));
    expect(data.dataRange).toEqual({ first: '2026-07-01', last: '2026-07-02' });
    expect(data.visuals.get('people-top-cost')).toMatchObject({ rows: [], total: 0 });
  });

  it('has no data range without daily rows', () => {
    // Act + Assess
    expect(dashboardData({}).dataRange).toBeUndefined();
  });
});

describe('number formats', () => {
  it('read as a person expects, the same on any machine', () => {
    // Act + Assess
    expect(formatNumber(1234.567, 'number')).toBe('1,234.57');
    expect(formatNumber(1234.5, 'usd')).toBe('$1,234.50');
    expect(formatNumber(-3, 'usd')).toBe('-$3.00');
    expect(formatNumber(0.4567, 'percent')).toBe('45.7%');
    expect(formatCell('', 'usd')).toBe('–');
    expect(formatCell('PRO', undefined)).toBe('PRO');
    expect(formatCell('2026-07-01', undefined)).toBe('2026-07-01');
  });
});
