/**
 * BuildStatement over answers shaped like the views (team_monthly_cost, user_monthly_cost,
 * seat_summary, never_active_users, tier_recommendation) for June 2026, read on 2 July: the
 * statement's content worked out by hand, its CSV and HTML (names escaped), told once, and the
 * mid-month reminder. Prices: PRO $19 and PRO_PLUS $39 a seat.
 */
import { describe, expect, it } from 'vitest';
import { buildStatement } from '../../handlers/build-statement/build-statement.js';
import { NAMED_IN_MESSAGE, csvCell, escapeHtml, previousMonth, statementCsv, statementHtml, statementMessage, type StatementFacts } from '../../handlers/build-statement/monthly-statement.js';
import {
  AS_OF_QUERY,
  NEVER_ACTIVE_QUERY,
  RECOMMENDATION_SAVING_QUERY,
  TEAM_FORECAST_QUERY,
  seatSummaryQuery,
  teamCostQuery,
  topPeopleQuery,
} from '../../handlers/build-statement/queries.js';
import type { QueryRunner, Row } from '../../handlers/shared/query-runner.js';
import type { BudgetSettings } from '../../handlers/shared/settings.js';
import { MemoryStore } from './support/memory-store.js';

const HOSTILE = '<script>alert("x")</script> & Co';

/** June's teams: Platform 235.40 + Data 88.08 + unassigned 19.00 = 342.48; subscriptions 195 + 76 + 19 = 290; overage 40.40 + 12.08 + 0 = 52.48. */
const TEAMS: Row[] = [
  { team: 'Platform', people: '5', active_people: '4', subscription_usd: '195', overage_usd: '40.4', total_usd: '235.4' },
  { team: 'Data', people: '4', active_people: '4', subscription_usd: '76', overage_usd: '12.08', total_usd: '88.08' },
  { team: 'unassigned', people: '3', active_people: '1', subscription_usd: '19', overage_usd: '0', total_usd: '19' },
];

/** The ten dearest of June's twelve people, as the query's ORDER BY and LIMIT give them. */
const TOP: Row[] = [
  ['u01', 'Amy Example', 'Platform', 'PRO_PLUS', '79.4'],
  ['u02', HOSTILE, 'Platform', 'PRO_PLUS', '52'],
  ['u03', 'Ben Example', 'Data', 'PRO', '31.08'],
  ['u04', 'Cat Example', 'Platform', 'PRO_PLUS', '39'],
  ['u05', 'Dan Example', 'Data', 'PRO', '19'],
  ['u06', 'Eve Example', 'Data', 'PRO', '19'],
  ['u07', 'Fay Example', 'Data', 'PRO', '19'],
  ['u08', 'Gus Example', 'Platform', 'PRO', '19'],
  ['u09', 'Hal Example', 'unassigned', 'PRO', '19'],
  ['u10', null, null, null, '0'],
].map(([userid, display_name, team, tier, total_usd]) => ({ userid, display_name, team, tier, subscription_usd: null, overage_usd: null, total_usd }) as Row);

/** 6 seats: 4 used, 1 idle PRO ($19), 1 never active PRO_PLUS ($39): reclaiming saves $58. */
const SEATS: Row[] = [{ licensed_seats: '6', used_seats: '4', idle_seats: '1', never_active_seats: '1', idle_seat_usd: '19', never_active_seat_usd: '39' }];
const NEVER_ACTIVE: Row[] = [{ userid: 'u20', display_name: 'Ida Example', user_name: 'ida', licensed_group: 'kiro-pro-plus', licensed_tier: 'PRO_PLUS', monthly_seat_usd: '39' }];
const SAVING: Row[] = [{ people: '2', monthly_saving_usd: '27.5' }];

/** Answers BuildStatement's queries from `answers`, by SQL text; any other query fails. */
class Views implements QueryRunner {
  readonly asked: string[] = [];
  constructor(private readonly answers: Map<string, Row[]>) {}
  async run(sql: string): Promise<Row[]> {
    this.asked.push(sql);
    const rows = this.answers.get(sql);
    if (rows === undefined) throw new Error(`unexpected query: ${sql}`);
    return rows;
  }
}

/** The views on `asOf` (day `day` of 31) with June's rows, May without any, and July's team forecast. */
function views(asOf: string, day: number, teamForecast: Row[] = []): Views {
  return new Views(
    new Map([
      [AS_OF_QUERY, [{ as_of: asOf, days_elapsed: String(day), days_in_month: '31' }]],
      [teamCostQuery('2026-06'), TEAMS],
      [teamCostQuery('2026-05'), []],
      [topPeopleQuery('2026-06'), TOP],
      [seatSummaryQuery('2026-06'), SEATS],
      [NEVER_ACTIVE_QUERY, NEVER_ACTIVE],
      [RECOMMENDATION_SAVING_QUERY, SAVING],
      [TEAM_FORECAST_QUERY, teamForecast],
    ]),
  );
}

const BUDGET: BudgetSettings = { forecastStepShare: 0.1, reminderDay: 15 };
const SETTINGS = { analyticsBucket: 'example-analytics-bucket', budget: BUDGET };

describe('the monthly statement', () => {
  it("states June on 2 July: the total, each team, the top 10, the seats and what reclaiming them saves, the recommendations' saving", async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const report = await buildStatement(views('2026-07-02', 2), store, SETTINGS);

    // Assess
    expect(report.month).toBe('2026-06');
    expect(report.statement).toMatchObject({ alert: true, subject: 'Kiro statement 2026-06: $342.48, 3 teams', notices: ['monthly_statement/2026-06'] });
    expect(report.statement.message.split('\n')).toEqual([
      'Kiro monthly statement, 2026-06 (report data as of 2026-07-02)',
      '',
      'Total: $342.48 (subscriptions $290.00, overage $52.48), 12 people with report rows, 9 active.',
      '',
      'By team, dearest first:',
      '- Platform: $235.40 (5 people, 4 active)',
      '- Data: $88.08 (4 people, 4 active)',
      '- unassigned: $19.00 (3 people, 1 active)',
      '',
      'Top 10 by cost:',
      '1. Amy Example (Platform, PRO_PLUS): $79.40',
      `2. ${HOSTILE} (Platform, PRO_PLUS): $52.00`,
      '3. Ben Example (Data, PRO): $31.08',
      '4. Cat Example (Platform, PRO_PLUS): $39.00',
      '5. Dan Example (Data, PRO): $19.00',
      '6. Eve Example (Data, PRO): $19.00',
      '7. Fay Example (Data, PRO): $19.00',
      '8. Gus Example (Platform, PRO): $19.00',
      '9. Hal Example (unassigned, PRO): $19.00',
      '10. u10 (unassigned, tier unknown): $0.00',
      '',
      'Seats: 6 seats licensed, 4 used; 1 idle ($19.00 a month) and 1 never active ($39.00 a month): reclaiming them saves $58.00 a month.',
      'Never active (seat holders with no report row at all):',
      '- Ida Example (kiro-pro-plus, PRO_PLUS): $39.00 a month',
      '',
      'Tier recommendations (as of 2026-07-02): 2 people could change tier, saving $27.50 a month (tier_recommendation).',
      '',
      'The statement as CSV and HTML: s3://example-analytics-bucket/reports/monthly/2026-06/statement.csv, s3://example-analytics-bucket/reports/monthly/2026-06/statement.html',
    ]);
    expect(report.files).toEqual(['reports/monthly/2026-06/statement.csv', 'reports/monthly/2026-06/statement.html']);
    expect([...store.objects.keys()]).toEqual(report.files);
  });

  it('writes the same statement as CSV, one row per line of it, team totals adding up to the month', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    await buildStatement(views('2026-07-02', 2), store, SETTINGS);

    // Assess
    const lines = store.objects.get('reports/monthly/2026-06/statement.csv')!.split('\r\n');
    expect(lines.slice(0, 6)).toEqual([
      'section,rank,name,team,tier,people,active_people,seats,subscription_usd,overage_usd,total_usd,monthly_saving_usd',
      'month,,2026-06,,,12,9,,290.00,52.48,342.48,',
      'team,,Platform,Platform,,5,4,,195.00,40.40,235.40,',
      'team,,Data,Data,,4,4,,76.00,12.08,88.08,',
      'team,,unassigned,unassigned,,3,1,,19.00,0.00,19.00,',
      'top_person,1,Amy Example,Platform,PRO_PLUS,,,,,,79.40,',
    ]);
    expect(lines[6]).toBe('top_person,2,"<script>alert(""x"")</script> & Co",Platform,PRO_PLUS,,,,,,52.00,');
    expect(lines.slice(15)).toEqual([
      'seats_licensed,,,,,,,6,,,,',
      'seats_used,,,,,,,4,,,,',
      'seats_idle,,,,,,,1,,,,19.00',
      'seats_never_active,,,,,,,1,,,,39.00',
      'never_active_seat,,Ida Example,,PRO_PLUS,,,1,,,,39.00',
      'tier_recommendations,,,,,2,,,,,,27.50',
      '',
    ]);
    const teamCents = lines.filter((line) => line.startsWith('team,')).map((line) => Math.round(Number(line.split(',')[10]) * 100));
    expect(teamCents.reduce((sum, cents) => sum + cents, 0)).toBe(34248);
  });

  it('writes one self-contained HTML page with every name escaped', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    await buildStatement(views('2026-07-02', 2), store, SETTINGS);

    // Assess
    const html = store.objects.get('reports/monthly/2026-06/statement.html')!;
    expect(html).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</td>');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/\b(src|href)=|@import|url\(/);
    expect(html).toContain('<p class="total">Total $342.48: subscriptions $290.00, overage $52.48; 12 people with report rows, 9 active.</p>');
    expect(html).toContain('<td>Platform</td><td class="n">5</td><td class="n">4</td><td class="n">$195.00</td><td class="n">$40.40</td><td class="n">$235.40</td>');
    expect(html).toContain('<p>6 seats licensed, 4 used; 1 idle ($19.00 a month) and 1 never active ($39.00 a month): reclaiming them saves $58.00 a month.</p>');
  });

  it('is told once: with the stated month in its record, nothing is built, written or sent', async () => {
    // Prepare
    const store = new MemoryStore();
    store.objects.set(
      'alerts-sent/month=2026-06/sent.json',
      JSON.stringify({ month: '2026-06', sent: [{ kind: 'monthly_statement', key: 'monthly_statement/2026-06', messageId: 'm-1', sentAt: '2026-07-02T03:10:00.000Z' }] }),
    );
    const answers = views('2026-07-03', 3);

    // Act
    const report = await buildStatement(answers, store, SETTINGS);

    // Assess
    expect(report).toMatchObject({ month: null, statement: { alert: false, notices: [] }, files: [], suppressed: { statement: 1, reminder: 0 } });
    expect(answers.asked).toEqual([AS_OF_QUERY]);
    expect([...store.objects.keys()]).toEqual(['alerts-sent/month=2026-06/sent.json']);
  });

  it('gives a month without report rows no statement, and a run without data nothing at all', async () => {
    // Prepare
    const store = new MemoryStore();
    const empty = new Views(new Map([[AS_OF_QUERY, []]]));

    // Act
    const june = await buildStatement(views('2026-06-10', 10), store, SETTINGS);
    const none = await buildStatement(empty, store, SETTINGS);

    // Assess
    expect(june).toMatchObject({ month: null, statement: { alert: false }, files: [], suppressed: { statement: 0, reminder: 0 } });
    expect(none).toMatchObject({ month: null, reminderMonth: null, statement: { alert: false }, reminder: { alert: false } });
    expect(store.objects.size).toBe(0);
  });

  it('says so when no seat holder is known', () => {
    // Prepare
    const facts: StatementFacts = {
      month: '2026-06', asOf: '2026-07-02', teams: [{ team: 'unassigned', people: 1, activePeople: 1, subscriptionUsd: 19, overageUsd: 0, totalUsd: 19 }],
      topPeople: [], seats: { licensedSeats: 0, usedSeats: 0, idleSeats: 0, neverActiveSeats: 0, idleSeatUsd: 0, neverActiveSeatUsd: 0 }, neverActive: [],
      recommendations: { people: 0, monthlySavingUsd: 0 },
    };

    // Act
    const html = statementHtml(facts);
    const csv = statementCsv(facts);

    // Assess
    expect(html).toContain('no licensed seat holders known (licensedGroups lists the groups whose members hold a seat).');
    expect(html).toContain('no change would save money.');
    expect(csv).toContain('tier_recommendations,,,,,0,,,,,,0.00');
  });
});

describe('a long never-active list', () => {
  it('names the first 25 in the message and all of them in the files', () => {
    // Prepare
    const neverActive = Array.from({ length: 27 }, (_, index) => ({
      userid: `u${index}`, displayName: `Person ${index}`, userName: null, licensedGroup: 'kiro-pro', licensedTier: 'PRO', monthlySeatUsd: 19,
    }));
    const facts: StatementFacts = {
      month: '2026-06', asOf: '2026-07-02', teams: [{ team: 'unassigned', people: 1, activePeople: 1, subscriptionUsd: 19, overageUsd: 0, totalUsd: 19 }],
      topPeople: [], seats: { licensedSeats: 28, usedSeats: 1, idleSeats: 0, neverActiveSeats: 27, idleSeatUsd: 0, neverActiveSeatUsd: 513 }, neverActive,
      recommendations: { people: 0, monthlySavingUsd: 0 },
    };

    // Act
    const lines = statementMessage(facts, []).split('\n');
    const csv = statementCsv(facts);

    // Assess
    expect(lines.filter((line) => line.startsWith('- Person '))).toHaveLength(NAMED_IN_MESSAGE);
    expect(lines).toContain('- and 2 more (all of them in the files)');
    expect(csv.split('\r\n').filter((line) => line.startsWith('never_active_seat,'))).toHaveLength(27);
  });
});

describe('statement cells', () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1 555', "'+1 555"],
    ['-12.5', '-12.5'],
    ['@home, office', `"'@home, office"`],
    ['plain', 'plain'],
  ])('makes %j spreadsheet-safe as %s', (text, cell) => {
    // Act + Assess
    expect(csvCell(text)).toBe(cell);
  });

  it('escapes every character HTML gives meaning', () => {
    // Act + Assess
    expect(escapeHtml(`<a href='x'>&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
  });

  it('steps back over a year end', () => {
    // Act + Assess
    expect([previousMonth('2026-01'), previousMonth('2026-07'), previousMonth('2026-10')]).toEqual(['2025-12', '2026-06', '2026-09']);
  });
});

describe('the mid-month reminder', () => {
  /** July's teams on the 15th: Platform $60 so far, $124 projected; Data $40, $80; nobody else yet. */
  const FORECAST: Row[] = [
    { team: 'Platform', people: '5', cost_so_far_usd: '60', projected_usd: '124' },
    { team: 'Data', people: '4', cost_so_far_usd: '40', projected_usd: '80' },
  ];
  const budget: BudgetSettings = { monthlyUsd: 250, forecastStepShare: 0.1, reminderDay: 15, teams: { Platform: 100, Data: 100, Design: 50 } };

  it("is due from the reminder day on: each team's projection against its budget, a budgeted team without rows at $0.00", async () => {
    // Prepare
    const store = new MemoryStore();
    store.objects.set('alerts-sent/month=2026-06/sent.json', JSON.stringify({ month: '2026-06', sent: [{ kind: 'monthly_statement', key: 'monthly_statement/2026-06', messageId: 'm', sentAt: 's' }] }));

    // Act
    const before = await buildStatement(views('2026-07-14', 14, FORECAST), store, { ...SETTINGS, budget });
    const on = await buildStatement(views('2026-07-15', 15, FORECAST), store, { ...SETTINGS, budget });

    // Assess
    expect(before).toMatchObject({ reminderMonth: null, reminder: { alert: false }, suppressed: { reminder: 0 } });
    expect(on.reminderMonth).toBe('2026-07');
    expect(on.reminder).toMatchObject({ alert: true, subject: 'Kiro reminder 2026-07: $204.00 projected, 1 team over budget', notices: ['forecast/reminder'] });
    expect(on.reminder.message.split('\n')).toEqual([
      'Kiro mid-month reminder, 2026-07 (as of 2026-07-15, day 15 of 31)',
      '',
      'Projected month-end cost by team, at the pace so far:',
      '- Platform: $124.00 projected ($60.00 so far), budget $100.00: over by $24.00 (24%)',
      '- Data: $80.00 projected ($40.00 so far), budget $100.00: $20.00 to spare (20%)',
      '- Design: $0.00 projected ($0.00 so far), budget $50.00: $50.00 to spare (100%)',
      '',
      'All teams: $204.00 projected ($100.00 so far), budget $250.00: $46.00 to spare (18.4%).',
      '',
      'This reminder comes once a month (budget.reminderDay); team budgets are budget.teams.',
    ]);
  });

  it('is not sent again in the month once its record holds it, and says where no budget is set', async () => {
    // Prepare
    const store = new MemoryStore();
    store.objects.set('alerts-sent/month=2026-07/sent.json', JSON.stringify({ month: '2026-07', sent: [{ kind: 'forecast', key: 'forecast/reminder', messageId: 'm', sentAt: 's' }] }));
    const fresh = new MemoryStore();

    // Act
    const again = await buildStatement(views('2026-07-20', 20, FORECAST), store, SETTINGS);
    const unbudgeted = await buildStatement(views('2026-07-20', 20, FORECAST), fresh, SETTINGS);

    // Assess
    expect(again).toMatchObject({ reminderMonth: null, reminder: { alert: false }, suppressed: { reminder: 1 } });
    expect(unbudgeted.reminder.message).toContain('- Platform: $124.00 projected ($60.00 so far), no budget set');
    expect(unbudgeted.reminder.message).toContain('All teams: $204.00 projected ($100.00 so far), no budget set.');
    expect(unbudgeted.reminder.subject).toBe('Kiro reminder 2026-07: $204.00 projected');
  });
});
