/**
 * The dashboard's stylesheet: a header, tabs, the date range, KPI cards and cards that wrap into
 * rows, the person detail dialog, sized so a sheet reads on a 1366×768 laptop screen and still
 * works narrower.
 */
export const PAGE_STYLE = `
:root {
  --bg: #f3f5f8; --card: #ffffff; --ink: #1e293b; --muted: #64748b; --rule: #e2e8f0;
  --accent: #4e79a7; --header: #1f2a44; --stripe: #f8fafc;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header { background: var(--header); color: #fff; padding: 12px 24px; display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 20px; }
header h1 { margin: 0; font-size: 20px; font-weight: 650; }
header p { margin: 0; color: #cbd5e1; }
header strong { color: #fff; font-weight: 600; }
nav { display: flex; gap: 4px; padding: 0 24px; background: var(--card); border-bottom: 1px solid var(--rule); }
nav button {
  border: 0; border-bottom: 3px solid transparent; background: none; cursor: pointer;
  padding: 10px 16px 8px; font: inherit; font-weight: 600; color: var(--muted);
}
nav button:hover { color: var(--ink); }
nav button[aria-selected="true"] { color: var(--ink); border-bottom-color: var(--accent); }
nav button:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
main { padding: 16px 24px 24px; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
.visuals { display: flex; flex-wrap: wrap; gap: 12px; }
.card {
  background: var(--card); border-radius: 8px; padding: 12px 16px; min-width: 0;
  box-shadow: 0 1px 2px rgb(15 23 42 / 0.08); flex: 1 1 380px;
}
.card.kpi { flex: 1 1 200px; padding: 10px 16px; }
.card.half { flex-basis: 540px; }
.card.wide { flex-basis: 100%; }
.card h2 { margin: 0 0 8px; font-size: 15px; font-weight: 600; }
.card.kpi h2 { margin: 0; font-size: 13px; color: var(--muted); }
.kpi .value { margin: 2px 0 0; font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; }
.chart { position: relative; height: 300px; }
.note { margin: -4px 0 8px; color: var(--muted); font-size: 12px; }
.empty { margin: 24px 0; color: var(--muted); text-align: center; }
.table-wrap { max-height: 420px; overflow: auto; border: 1px solid var(--rule); border-radius: 6px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: #eef2f7; font-weight: 600; border-bottom: 1px solid var(--rule); }
.num { text-align: right; }
tbody tr:nth-child(even) td { background: var(--stripe); }
footer { padding: 0 24px 24px; color: var(--muted); font-size: 12px; }
.range { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; padding: 8px 24px; background: var(--card); border-bottom: 1px solid var(--rule); }
.range label { color: var(--muted); font-weight: 600; }
.range input { font: inherit; margin-left: 4px; padding: 2px 4px; border: 1px solid var(--rule); border-radius: 4px; }
.range output { color: var(--muted); }
.tag { display: inline-block; margin: -6px 0 6px; padding: 0 6px; border-radius: 8px; background: var(--stripe); color: var(--muted); font-size: 11px; }
button.csv, .range button, dialog .close {
  float: right; margin: -2px 0 6px 8px; padding: 2px 8px; font: inherit; font-size: 12px; cursor: pointer;
  background: var(--stripe); border: 1px solid var(--rule); border-radius: 4px; color: var(--ink);
}
.range button { float: none; margin: 0; }
button.person { border: 0; padding: 0; background: none; font: inherit; color: var(--accent); cursor: pointer; text-decoration: underline dotted; }
dialog { width: min(960px, 94vw); max-height: 90vh; overflow: auto; border: 0; border-radius: 8px; padding: 16px 20px; box-shadow: 0 8px 32px rgb(15 23 42 / 0.3); }
dialog::backdrop { background: rgb(15 23 42 / 0.45); }
dialog h2 { margin: 0 0 4px; font-size: 18px; }
dialog h3 { margin: 14px 0 6px; font-size: 14px; }
dialog .table-wrap { max-height: 240px; }
`;
