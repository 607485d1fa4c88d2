/**
 * The dashboard as one self-contained HTML file: a header with the dates, a tab per sheet, KPI
 * cards and tables as HTML, charts drawn by the inlined Chart.js from a JSON data element. A
 * Content-Security-Policy forbids any network access, so the page works (and stays) offline.
 */
import type { DashboardSpec, VisualSpec } from '../../sql/dashboard-spec.js';
import { escapeHtml, inlineScript, jsonForScript } from './escape.js';
import { LOCALE, NUMBER_FORMAT_OPTIONS } from './format.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import type { VisualData } from './visual-data.js';

/** Chart colours (Tableau 10): distinct, readable on white, in a fixed order. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The dates the header states. */
export interface PageDates {
  /** The run's report date. */
  reportDate: string;
  /** First and last day in the daily datasets; absent without daily rows. */
  dataRange?: { first: string; last: string };
  /** When the page was written, as shown (e.g. `2026-11-23 09:42 UTC`). */
  generatedAt: string;
}

/** Everything one page is drawn from. */
export interface DashboardPage {
  spec: DashboardSpec;
  /** Every visual's data, by visual id. */
  data: ReadonlyMap<string, VisualData>;
  dates: PageDates;
  /** Chart.js's UMD bundle. */
  chartJs: string;
}

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** Renders the whole page. Every data value is escaped; no value can break out of its element. */
export function renderDashboardHtml(page: DashboardPage): string {
  const { spec, dates } = page;
  const asOf = dates.dataRange?.last;
  const charts = Object.fromEntries(
    spec.sheets.flatMap((sheet) => sheet.visuals).flatMap((visual) => {
      const data = dataOf(page, visual);
      return data.kind === 'line' || data.kind === 'bar' || data.kind === 'pie' ? [[visual.id, data]] : [];
    }),
  );
  const pageData = { locale: LOCALE, formats: NUMBER_FORMAT_OPTIONS, palette: PALETTE, charts };
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
        kpis.length > 0 ? `<div class="kpis">\n${kpis.map((visual) => renderVisual(visual, dataOf(page, visual))).join('\n')}\n</div>` : '',
        `<div class="visuals">\n${others.map((visual) => renderVisual(visual, dataOf(page, visual))).join('\n')}\n</div>`,
        '</section>',
      ].join('\n');
    })
    .join('\n');
  const title = `${spec.title}${asOf ? ` — as of ${asOf}` : ''}`;
  const range = dates.dataRange ? `data from <strong>${escapeHtml(dates.dataRange.first)}</strong> to <strong>${escapeHtml(dates.dataRange.last)}</strong>` : 'no daily data';
  return `<!doctype html>
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
<p>As of <strong>${escapeHtml(asOf ?? '–')}</strong> · ${range} · report date ${escapeHtml(dates.reportDate)} · generated ${escapeHtml(dates.generatedAt)}</p>
</header>
<nav role="tablist" aria-label="Sheets">
${tabs}
</nav>
<main>
${sheets}
</main>
<footer>
Drawn offline from the local run's <code>datasets/</code> (the SPICE stand-in): the same sheets as the QuickSight dashboard
(<code>sql/dashboard-spec.ts</code>). Totals cover the whole data range. A person never resolved in Identity Center shows as their id.
</footer>
<script type="application/json" id="dashboard-data">${jsonForScript(pageData)}</script>
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

/** One visual's card. */
function renderVisual(visual: VisualSpec, data: VisualData): string {
  const id = escapeHtml(visual.id);
  const title = `<h2>${escapeHtml(visual.title)}</h2>`;
  switch (data.kind) {
    case 'kpi':
      return `<section class="card kpi" data-visual="${id}" data-kind="kpi">${title}<p class="value">${escapeHtml(data.text)}</p></section>`;
    case 'line':
    case 'bar':
    case 'pie': {
      const body =
        data.labels.length === 0
          ? '<p class="empty">No data</p>'
          : `<div class="chart"><canvas data-visual="${id}" role="img" aria-label="${escapeHtml(visual.title)}"></canvas></div>`;
      return `<section class="card" data-visual="${id}" data-kind="${data.kind}">${title}${body}</section>`;
    }
    case 'table': {
      const size = data.columns.length > 6 ? 'wide' : 'half';
      const cell = (tag: 'th' | 'td', text: string, numeric: boolean) => `<${tag}${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
      const head = `<tr>${data.columns.map((column) => cell('th', column.label, column.numeric)).join('')}</tr>`;
      const rows = data.rows.map((row) => `<tr>${row.map((text, index) => cell('td', text, data.columns[index]?.numeric ?? false)).join('')}</tr>`);
      const body =
        data.total === 0
          ? '<p class="empty">No rows</p>'
          : `<p class="note">Showing ${data.rows.length} of ${data.total}</p>` +
            `<div class="table-wrap"><table><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
      return `<section class="card ${size}" data-visual="${id}" data-kind="table">${title}${body}</section>`;
    }
  }
}
