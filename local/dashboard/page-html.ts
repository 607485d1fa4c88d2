/**
 * The dashboard as one self-contained HTML file: a header with the dates, a date range, a tab
 * per sheet with its filter controls (e.g. a team), KPI cards and tables as HTML, charts drawn by the inlined Chart.js from a JSON data
 * element, with what the page's script needs to redraw them for another date range, to download
 * every table as CSV and to show a person's detail. A Content-Security-Policy forbids any network
 * access, so the page works (and stays) offline.
 */
import { datasetByKey, filteredVisuals, PERSON_FIELDS, type DashboardSpec, type SheetSpec, type VisualSpec } from '../../sql/dashboard-spec.js';
import { escapeHtml, inlineScript, jsonChunksForScript, StreamedObject } from './escape.js';
import { formatNumber, LOCALE, NUMBER_FORMAT_OPTIONS } from './format.js';
import type { VisualFacts } from './page-facts.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import type { PeopleFacts } from './person-facts.js';
import { EMPTY_CATEGORY, type VisualData } from './visual-data.js';

/** Rows of a pivot table shown on the page (its CSV download has them all). */
export const PIVOT_ROWS_SHOWN = 50;

/** Rows a filter's list shows before it scrolls. */
const FILTER_ROWS = 6;

/** Chart colours (Tableau 10): distinct, readable on white, in a fixed order. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The dates the header states. */
export interface PageDates {
  /** The run's report date. */
  reportDate: string;
  /** First and last day in the daily datasets; absent without daily rows. */
  dataRange?: { first: string; last: string };
  /** The first day drawn when the daily datasets have older days, which the page leaves out. */
  daysFrom?: string;
  /** When the page was written, as shown (e.g. `2026-11-23 09:42 UTC`). */
  generatedAt: string;
}

/** Everything one page is drawn from. */
export interface DashboardPage {
  spec: DashboardSpec;
  /** Every visual's data, by visual id. */
  data: ReadonlyMap<string, VisualData>;
  /** What the page redraws visuals from for a date range and downloads tables from, by visual id. */
  facts: ReadonlyMap<string, VisualFacts>;
  /** The person detail. */
  people: PeopleFacts;
  dates: PageDates;
  /** Chart.js's UMD bundle. */
  chartJs: string;
}

/**
 * Nothing may be fetched. Downloads are Blob URLs opened by an `a[download]`: a download is no
 * fetch (CSP governs none), and the page creates the Blob itself.
 */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** Renders the whole page ({@link renderDashboardParts} joined). */
export function renderDashboardHtml(page: DashboardPage): string {
  return [...renderDashboardParts(page)].join('');
}

/**
 * The page in pieces, in order: the data element one visual's facts and one person's detail at a
 * time, so a page of tens of megabytes is written without being held whole. Every data value is
 * escaped; no value can break out of its element.
 */
export function* renderDashboardParts(page: DashboardPage): Generator<string> {
  const { spec, dates } = page;
  const asOf = dates.dataRange?.last;
  const charts = Object.fromEntries(
    spec.sheets.flatMap((sheet) => sheet.visuals).flatMap((visual) => {
      const data = dataOf(page, visual);
      return data.kind === 'line' || data.kind === 'bar' || data.kind === 'pie' ? [[visual.id, data]] : [];
    }),
  );
  const pivots = Object.fromEntries(
    spec.sheets.flatMap((sheet) => sheet.visuals).flatMap((visual) => {
      const data = dataOf(page, visual);
      if (data.kind !== 'pivot' || visual.kind !== 'pivot') return [];
      const fields = visual.rows.map((row) => row.field);
      return [[visual.id, { ...data, person: [fields.indexOf(PERSON_FIELDS.id), fields.indexOf(PERSON_FIELDS.name)] }]];
    }),
  );
  // The visuals each sheet filter narrows: by visual id, its sheet and the filtered columns.
  const narrowed: Record<string, { sheet: string; fields: string[] }> = {};
  for (const sheet of spec.sheets) {
    for (const filter of sheet.filters ?? []) {
      for (const visual of filteredVisuals(spec, sheet, filter)) {
        const entry = (narrowed[visual.id] ??= { sheet: sheet.id, fields: [] });
        entry.fields.push(filter.field);
      }
    }
  }
  const people = page.people;
  const pageData = new StreamedObject(() => [
    ['locale', LOCALE],
    ['formats', NUMBER_FORMAT_OPTIONS],
    ['palette', PALETTE],
    ['emptyCategory', EMPTY_CATEGORY],
    ['charts', charts],
    ['pivots', pivots],
    ['pivotRowsShown', PIVOT_ROWS_SHOWN],
    ['facts', new StreamedObject(() => page.facts)],
    [
      'people',
      new StreamedObject(() => [
        ['days', people.days],
        ['tiers', people.tiers],
        ['models', people.models],
        ['monthColumns', people.monthColumns],
        ['people', new StreamedObject(() => people.people.entries())],
      ]),
    ],
    ['range', dates.dataRange ?? null],
    ['narrowed', narrowed],
  ]);
  const undated = (visual: VisualSpec): boolean => datasetByKey(spec, visual.dataset).period === undefined;
  const tabs = spec.sheets
    .map(
      (sheet, index) =>
        `<button type="button" role="tab" id="tab-${escapeHtml(sheet.id)}" data-sheet="${escapeHtml(sheet.id)}" ` +
        `aria-controls="sheet-${escapeHtml(sheet.id)}" aria-selected="${index === 0}">${escapeHtml(sheet.title)}</button>`,
    )
    .join('\n');
  const sheets = spec.sheets
    .map((sheet, index) => {
      const kpis = sheet.visuals.filter((visual) => visual.kind === 'kpi');
      const others = sheet.visuals.filter((visual) => visual.kind !== 'kpi');
      return [
        `<section id="sheet-${escapeHtml(sheet.id)}" role="tabpanel" aria-labelledby="tab-${escapeHtml(sheet.id)}"${index === 0 ? '' : ' hidden'}>`,
        filterForm(page, sheet),
        kpis.length > 0 ? `<div class="kpis">\n${kpis.map((visual) => renderVisual(visual, dataOf(page, visual), page.facts.get(visual.id), undated(visual), visual.id in narrowed)).join('\n')}\n</div>` : '',
        `<div class="visuals">\n${others.map((visual) => renderVisual(visual, dataOf(page, visual), page.facts.get(visual.id), undated(visual), visual.id in narrowed)).join('\n')}\n</div>`,
        '</section>',
      ].join('\n');
    })
    .join('\n');
  const title = `${spec.title}${asOf ? ` — as of ${asOf}` : ''}`;
  const range = dates.dataRange ? `data from <strong>${escapeHtml(dates.dataRange.first)}</strong> to <strong>${escapeHtml(dates.dataRange.last)}</strong>` : 'no daily data';
  const older = dates.daysFrom
    ? ` · <span class="older-days">days before ${escapeHtml(dates.daysFrom)} are not drawn here: <code>views/</code> and <code>datasets/</code> hold every day</span>`
    : '';
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(spec.title)}</h1>
<p>As of <strong>${escapeHtml(asOf ?? '–')}</strong> · ${range}${older} · report date ${escapeHtml(dates.reportDate)} · generated ${escapeHtml(dates.generatedAt)}</p>
</header>
<nav role="tablist" aria-label="Sheets">
${tabs}
</nav>
${rangeForm(dates.dataRange)}
<main>
${sheets}
</main>
<footer>
Drawn offline from the local run's <code>datasets/</code> (the SPICE stand-in): the same sheets as the QuickSight dashboard
(<code>sql/dashboard-spec.ts</code>). Totals cover the date range chosen above; visuals marked <em>as of</em> are measured at the as-of date
(a trailing window, this month) and keep their numbers. Click a person's name for their detail. A person never resolved in Identity Center shows as their id.
</footer>
<dialog id="person-detail" aria-labelledby="person-name"></dialog>
<script type="application/json" id="dashboard-data">`;
  yield* jsonChunksForScript(pageData);
  yield `</script>
<script>${inlineScript(page.chartJs)}</script>
<script>${inlineScript(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}

function dataOf(page: DashboardPage, visual: VisualSpec): VisualData {
  const data = page.data.get(visual.id);
  if (!data) throw new Error(`dashboard: no data computed for visual ${visual.id}`);
  return data;
}

/** The date range every dated visual and table is drawn for: the whole data range at first. */
function rangeForm(range: PageDates['dataRange']): string {
  if (!range) return '';
  const bounds = `min="${escapeHtml(range.first)}" max="${escapeHtml(range.last)}"`;
  return `<form class="range" id="date-range" aria-label="Date range">
<label>From <input type="date" id="range-from" ${bounds} value="${escapeHtml(range.first)}" required></label>
<label>to <input type="date" id="range-to" ${bounds} value="${escapeHtml(range.last)}" required></label>
<button type="button" id="range-all">All days</button>
<output id="range-shown" for="range-from range-to">${escapeHtml(range.first)} to ${escapeHtml(range.last)}</output>
</form>`;
}

/**
 * A sheet's filter controls: a select of several values per filter, "All" and then the values of the visuals it
 * narrows (the rows of tables and charts, the lines of line charts, an empty value as {@link EMPTY_CATEGORY}),
 * in order. None without filters.
 */
function filterForm(page: DashboardPage, sheet: SheetSpec): string {
  const filters = sheet.filters ?? [];
  if (filters.length === 0) return '';
  const selects = filters.map((filter) => {
    const values = new Set<string>();
    for (const visual of filteredVisuals(page.spec, sheet, filter)) {
      const facts = page.facts.get(visual.id);
      const cells = facts?.kind === 'rows' || facts?.kind === 'groups' ? facts.filters?.[filter.field] : undefined;
      const data = dataOf(page, visual);
      const labels = cells ?? (data.kind === 'line' ? data.series.map((series) => series.label) : []);
      for (const value of labels) values.add(value === '' ? EMPTY_CATEGORY : value);
    }
    const options = [...values].sort((a, b) => a.localeCompare(b, LOCALE)).map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`);
    // Several values at once, as QuickSight's multi-select control: All, or the values picked.
    return `<label>${escapeHtml(filter.label)} <select multiple size="${Math.min(options.length + 1, FILTER_ROWS)}" data-filter-sheet="${escapeHtml(sheet.id)}" data-filter-field="${escapeHtml(filter.field)}">` +
      `<option value="" selected>All</option>${options.join('')}</select></label>`;
  });
  return `<form class="range filters" aria-label="${escapeHtml(sheet.title)} filters">\n${selects.join('\n')}\n</form>`;
}

/** One visual's card; an undated one says it is measured at the as-of date; `filtered`: a sheet filter narrows it. */
function renderVisual(visual: VisualSpec, data: VisualData, facts: VisualFacts | undefined, undated: boolean, filtered: boolean): string {
  const id = escapeHtml(visual.id);
  const title = `<h2>${escapeHtml(visual.title)}</h2>${undated ? '<p class="tag">as of</p>' : ''}`;
  const dated = ` data-dated="${!undated}"${filtered ? ' data-filtered="true"' : ''}`;
  switch (data.kind) {
    case 'kpi':
      return `<section class="card kpi" data-visual="${id}" data-kind="kpi"${dated}>${title}<p class="value">${escapeHtml(data.text)}</p></section>`;
    case 'line':
    case 'bar':
    case 'pie': {
      const body =
        data.labels.length === 0
          ? '<p class="empty">No data</p>'
          : `<div class="chart"><canvas data-visual="${id}" role="img" aria-label="${escapeHtml(visual.title)}"></canvas></div>`;
      return `<section class="card" data-visual="${id}" data-kind="${data.kind}"${dated}>${title}${body}</section>`;
    }
    case 'table': {
      const size = data.columns.length > 6 ? 'wide' : 'half';
      const head = `<tr>${data.columns.map((column) => cell('th', column.label, column.numeric)).join('')}</tr>`;
      const people = facts?.kind === 'rows' ? facts : undefined;
      const rows = data.rows.map((row, rowIndex) => {
        const person = people?.people[rowIndex];
        return `<tr>${row.map((text, index) => (person && index === people.personColumn ? personCell(person, text) : cell('td', text, data.columns[index]?.numeric ?? false))).join('')}</tr>`;
      });
      return `<section class="card ${size}" data-visual="${id}" data-kind="table"${dated}>${title}${csvButton(visual)}${tableBody(data.total, data.rows.length, head, rows)}</section>`;
    }
    case 'pivot': {
      const head = `<tr>${[...data.header.rows.map((label) => cell('th', label, false)), ...data.header.days.map((day) => cell('th', day, true))].join('')}</tr>`;
      const fields = visual.kind === 'pivot' ? visual.rows.map((row) => row.field) : [];
      const [idColumn, nameColumn] = [fields.indexOf(PERSON_FIELDS.id), fields.indexOf(PERSON_FIELDS.name)];
      const rows = data.rows.slice(0, PIVOT_ROWS_SHOWN).map((row) => {
        const person = row.keys[idColumn];
        const keys = row.keys.map((key, index) => (index === nameColumn && person !== undefined ? personCell(person, key) : cell('td', key, false)));
        const values = row.values.map((value) => cell('td', value === null ? '' : formatNumber(value, data.format), true));
        return `<tr>${[...keys, ...values].join('')}</tr>`;
      });
      return `<section class="card wide" data-visual="${id}" data-kind="pivot"${dated}>${title}${csvButton(visual)}${tableBody(data.rows.length, rows.length, head, rows)}</section>`;
    }
  }
}

function cell(tag: 'th' | 'td', text: string, numeric: boolean): string {
  return `<${tag}${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
}

/** A person's name, opening their detail. */
function personCell(id: string, name: string): string {
  return `<td><button type="button" class="person" data-person="${escapeHtml(id)}">${escapeHtml(name)}</button></td>`;
}

function csvButton(visual: VisualSpec): string {
  return `<button type="button" class="csv" data-csv="${escapeHtml(visual.id)}">Download CSV</button>`;
}

function tableBody(total: number, shown: number, head: string, rows: readonly string[]): string {
  return (
    `<p class="note"${total === 0 ? ' hidden' : ''}>Showing ${shown} of ${total}</p>` +
    `<p class="empty"${total === 0 ? '' : ' hidden'}>No rows</p>` +
    `<div class="table-wrap"${total === 0 ? ' hidden' : ''}><table><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`
  );
}
