/**
 * The page's HTML without a browser: data escaped wherever it lands, empty visuals said to be
 * empty, the library inlined, nothing to fetch. (The browser test opens a real page.)
 */
import { describe, expect, it } from 'vitest';
import { chartJsSource } from '../../local/dashboard/chart-library.js';
import { escapeHtml, inlineScript, joinedChunks, jsonChunksForScript, jsonForScript, StreamedObject } from '../../local/dashboard/escape.js';
import { renderDashboardHtml } from '../../local/dashboard/page-html.js';
import type { VisualFacts } from '../../local/dashboard/page-facts.js';
import type { PeopleFacts, PersonFacts } from '../../local/dashboard/person-facts.js';
import type { VisualData } from '../../local/dashboard/visual-data.js';
import type { DashboardSpec } from '../../sql/dashboard-spec.js';

const HOSTILE = 'Zed </script><b>Bold</b> "Q" & <!-- Co';

/** One sheet with a KPI, a bar chart, an empty line chart and a table. */
const SPEC: DashboardSpec = {
  title: 'Test <dashboard>',
  datasets: [
    {
      key: 'd',
      view: 'v',
      title: 'D',
      period: { field: 'day', grain: 'day' },
      columns: [
        { name: 'day', type: 'DATETIME' },
        { name: 'userid', type: 'STRING' },
        { name: 'p', type: 'STRING' },
        { name: 'c', type: 'DECIMAL' },
        { name: 'u', type: 'DECIMAL' },
      ],
    },
  ],
  sheets: [
    {
      id: 'only',
      title: 'Only',
      visuals: [
        { kind: 'kpi', id: 'k', title: 'Credits', dataset: 'd', measure: { label: 'Credits', field: 'c', aggregation: 'SUM', format: 'number' } },
        { kind: 'bar', id: 'b', title: 'Top', dataset: 'd', category: { label: 'Person', field: 'p' }, measure: { label: 'Credits', field: 'c', aggregation: 'SUM', format: 'number' } },
        { kind: 'line', id: 'l', title: 'Per day', dataset: 'd', date: { label: 'Day', field: 'day' }, measures: [{ label: 'Credits', field: 'c', aggregation: 'SUM', format: 'number' }] },
        { kind: 'table', id: 't', title: 'People', dataset: 'd', columns: [{ label: 'Person', field: 'p' }, { label: 'Cost', field: 'u', format: 'usd' }], sortBy: { field: 'u', direction: 'DESC' }, limit: 1 },
      ],
    },
  ],
};

const DATA = new Map<string, VisualData>([
  ['k', { kind: 'kpi', value: 1234, text: '1,234' }],
  ['b', { kind: 'bar', labels: [HOSTILE, 'Ana'], series: [{ label: 'Credits', format: 'number', values: [2, 1] }] }],
  ['l', { kind: 'line', labels: [], series: [{ label: 'Credits', format: 'number', values: [] }] }],
  ['t', { kind: 'table', columns: [{ label: 'Person', numeric: false }, { label: 'Cost', numeric: true }], rows: [[HOSTILE, '$2.00']], total: 3 }],
]);

/** The table's rows for the page's script: the person's id beside the hostile name. */
const FACTS = new Map<string, VisualFacts>([
  ['t', { kind: 'rows', grain: 'day', columns: [{ label: 'Person' }, { label: 'Cost', format: 'usd' }], rows: [[HOSTILE, '2']], periods: ['2026-07-01'], people: ['u-"zed"'], personColumn: 0, limit: 1 }],
]);
const ZED: PersonFacts = { name: HOSTILE, daily: [[0, 2, 1]], tiers: [], models: [], months: [] };
const PEOPLE: PeopleFacts = {
  days: ['2026-07-01'],
  tiers: [],
  models: [],
  monthColumns: [],
  people: { get: (id) => (id === 'u-"zed"' ? ZED : undefined), entries: () => [['u-"zed"', ZED]] },
};

function render(): string {
  return renderDashboardHtml({
    spec: SPEC,
    data: DATA,
    facts: FACTS,
    people: PEOPLE,
    dates: { reportDate: '2026-07-02', dataRange: { first: '2026-06-01', last: '2026-07-02' }, generatedAt: '2026-07-03 04:05 UTC' },
    chartJs: 'window.Chart = {}; // "</script>" in a library string',
  });
}

describe('escaping', () => {
  it('escapes text and attribute values', () => {
    // Act + Assess
    expect(escapeHtml(`<b>"x" & 'y'</b>`)).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;');
  });

  it('keeps JSON parseable and free of anything that could end a script element', () => {
    // Prepare
    const value = { name: HOSTILE, line: 'a\u2028b' };

    // Act
    const json = jsonForScript(value);

    // Assess
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('writes a streamed object as the same text as the whole value, in pieces', () => {
    // Prepare: nested streamed objects, a hostile key, an empty one, an undefined value left out.
    const plain = { a: [1, null], [HOSTILE]: { deep: { x: 'a\u2028b' }, empty: {} }, z: 'end' };
    const streamed = new StreamedObject(() => [
      ['a', [1, null]],
      ['skipped', undefined],
      [HOSTILE, new StreamedObject(() => [['deep', new StreamedObject(() => [['x', 'a\u2028b']])], ['empty', new StreamedObject(() => [])]])],
      ['z', 'end'],
    ]);

    // Act
    const pieces = [...jsonChunksForScript(streamed)];
    const joined = [...joinedChunks(pieces, 8)];

    // Assess
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(jsonForScript(plain));
    expect(joined.join('')).toBe(jsonForScript(plain));
    expect(joined.length).toBeLessThan(pieces.length);
  });

  it('keeps inlined JavaScript from closing its element', () => {
    // Act + Assess
    expect(inlineScript('x = "</SCRIPT>"; y = "</script"')).toBe('x = "<\\/SCRIPT>"; y = "<\\/script"');
  });
});

describe('renderDashboardHtml', () => {
  it('puts a hostile name in the table as text and in the chart data as escaped JSON', () => {
    // Act
    const html = render();

    // Assess: exactly three script elements close (data, library, page script); no injected markup.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<!--');
    expect(html).toContain('<td><button type="button" class="person" data-person="u-&quot;zed&quot;">Zed &lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &quot;Q&quot; &amp; &lt;!-- Co</button></td>');
    const json = html.match(/<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s)?.[1] ?? '';
    expect(JSON.parse(json).charts.b.labels).toEqual([HOSTILE, 'Ana']);
    expect(JSON.parse(json).people.people['u-"zed"'].name).toBe(HOSTILE);
  });

  it('states the dates, and says when a visual has nothing to show or shows part of its rows', () => {
    // Act
    const html = render();

    // Assess
    expect(html).toContain('<title>Test &lt;dashboard&gt; — as of 2026-07-02</title>');
    expect(html).toContain('As of <strong>2026-07-02</strong> · data from <strong>2026-06-01</strong> to <strong>2026-07-02</strong> · report date 2026-07-02');
    expect(html).toMatch(/data-visual="l" data-kind="line" data-dated="true"><h2>Per day<\/h2><p class="empty">No data<\/p>/);
    expect(html).toContain('<p class="note">Showing 1 of 3</p>');
    expect(html).toContain('<p class="value">1,234</p>');
  });

  it('allows no network access and links nothing external', async () => {
    // Act
    const html = renderDashboardHtml({ spec: SPEC, data: DATA, facts: FACTS, people: PEOPLE, dates: { reportDate: '2026-07-02', generatedAt: 'now' }, chartJs: await chartJsSource() });

    // Assess
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\b(src|href)="(?!data:)/);
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain('Chart.js v4');
  });
});

describe('the date range and the downloads', () => {
  it('offers the data range as the date range, marks dated cards, and gives tables a CSV button', () => {
    // Act
    const html = render();

    // Assess
    expect(html).toContain('<input type="date" id="range-from" min="2026-06-01" max="2026-07-02" value="2026-06-01" required>');
    expect(html).toContain('<input type="date" id="range-to" min="2026-06-01" max="2026-07-02" value="2026-07-02" required>');
    expect(html).toMatch(/data-visual="k" data-kind="kpi" data-dated="true">/);
    expect(html).toContain('<button type="button" class="csv" data-csv="t">Download CSV</button>');
    expect(html).toContain('<dialog id="person-detail" aria-labelledby="person-name"></dialog>');
  });

  it('gives a sheet with a filter a select of several of the values of the visuals it narrows, escaped, and marks those cards', () => {
    // Prepare: a filter on p narrows the table, the bar and the KPI over its dataset (their facts keep each row's and cell's p), not the line;
    // the KPI's cells hold a value (Cy) no chart label has.
    const spec: DashboardSpec = { ...SPEC, sheets: SPEC.sheets.map((sheet) => ({ ...sheet, filters: [{ id: 'p', label: 'Person <p>', field: 'p' }] })) };
    const table = FACTS.get('t');
    const groups = (visual: 'kpi' | 'bar', p: string[]): VisualFacts => ({
      kind: 'groups', visual, grain: 'day', measure: 'sum', format: 'number', periods: ['2026-07-01'], categories: [''], values: [], cells: p.map(() => [0, 0, 1]), filters: { p },
    });
    const facts = new Map<string, VisualFacts>([
      ['t', { ...(table as Extract<VisualFacts, { kind: 'rows' }>), filters: { p: [HOSTILE] } }],
      ['b', groups('bar', ['Ana', HOSTILE])],
      ['k', groups('kpi', ['Ana', 'Cy'])],
    ]);

    // Act
    const html = renderDashboardHtml({ spec, data: DATA, facts, people: PEOPLE, dates: { reportDate: '2026-07-02', generatedAt: 'now' }, chartJs: '' });

    // Assess
    expect(html).toContain(
      '<label>Person &lt;p&gt; <select multiple size="4" data-filter-sheet="only" data-filter-field="p"><option value="" selected>All</option>' +
        '<option value="Ana">Ana</option><option value="Cy">Cy</option><option value="Zed &lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &quot;Q&quot; &amp; &lt;!-- Co">Zed &lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &quot;Q&quot; &amp; &lt;!-- Co</option></select></label>',
    );
    expect(html).toMatch(/data-visual="t" data-kind="table" data-dated="true" data-filtered="true">/);
    expect(html).toMatch(/data-visual="b" data-kind="bar" data-dated="true" data-filtered="true">/);
    expect(html).toMatch(/data-visual="k" data-kind="kpi" data-dated="true" data-filtered="true">/);
    expect(html).toMatch(/data-visual="l" data-kind="line" data-dated="true">/);
    expect(render()).not.toContain('<select data-filter-sheet');
  });

  it('has no date range without daily data', () => {
    // Act
    const html = renderDashboardHtml({ spec: SPEC, data: DATA, facts: FACTS, people: PEOPLE, dates: { reportDate: '2026-07-02', generatedAt: 'now' }, chartJs: '' });

    // Assess
    expect(html).not.toContain('id="date-range"');
  });
});
