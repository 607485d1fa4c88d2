/**
 * The dashboard's own browser script (plain JavaScript, inlined after Chart.js): switches sheets
 * and draws each sheet's charts the first time it is shown (a chart drawn in a hidden sheet would
 * have no size). It reads everything from the page's JSON data element, and builds every element
 * it adds with `textContent` (never markup), so no name in the data can inject any.
 *
 * - The date range redraws every dated visual for the days in it: KPIs, bar and pie charts from
 *   their facts (partials per period and category, merged and aggregated as visual-data.ts does),
 *   line and share charts and pivot tables keep the days in range, tables the rows of a day or
 *   month in range (a month is in range when any of its days is). "All days" restores the range
 *   of the whole data.
 * - Every table and pivot downloads as CSV: all its rows in range (not only those shown), cells
 *   as the dataset holds them, spreadsheet-safe as `npm run people -- --csv` writes them
 *   (local/terminal-text.ts), through a Blob URL and an `a[download]` (no fetch).
 * - A person's name opens their detail in a dialog: tier history, credits and messages per day,
 *   model mix (when the reports have model columns) and cost per month, in the date range, each
 *   table downloadable.
 *
 * - A sheet's filter selects (e.g. a team) narrow the visuals the spec's filter narrows
 *   (filteredVisuals): tables, KPIs and bar and pie charts to the rows of the chosen value (the
 *   tables' CSV downloads too), line charts to the chosen line; "All" shows every row again. The
 *   date range applies as well.
 *
 * Each drawn canvas gets `data-points`: how many values it plots, for tests and for a quick look.
 */
export const PAGE_SCRIPT = `
(() => {
  'use strict';
  const page = JSON.parse(document.getElementById('dashboard-data').textContent);
  const formatters = Object.fromEntries(
    Object.entries(page.formats).map(([name, options]) => [name, new Intl.NumberFormat(page.locale, options)]));
  const format = (value, name) => (value === null || value === undefined ? '–' : formatters[name].format(value));
  const shorten = (label) => (label.length > 24 ? label.slice(0, 23) + '…' : label);
  const palette = page.palette;

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#334155';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function lineConfig(chart) {
    const single = chart.series.length === 1;
    return {
      type: 'line',
      data: {
        labels: chart.labels,
        datasets: chart.series.map((series, index) => ({
          label: series.label, data: series.values, borderColor: palette[index % palette.length], backgroundColor: palette[index % palette.length] + '26',
          fill: single, cubicInterpolationMode: 'monotone', borderWidth: 2, pointRadius: 0, pointHoverRadius: 4, spanGaps: true,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
          y: { beginAtZero: true, ticks: { callback: (value) => format(value, chart.series.length > 0 ? chart.series[0].format : 'number') } },
        },
        plugins: {
          legend: { display: !single, position: 'bottom' },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ': ' + format(item.parsed.y, chart.series[item.datasetIndex].format) } },
        },
      },
    };
  }

  function barConfig(chart) {
    const [series] = chart.series;
    return {
      type: 'bar',
      data: { labels: chart.labels, datasets: [{ label: series.label, data: series.values, backgroundColor: palette[0], borderRadius: 3 }] },
      options: {
        indexAxis: 'y',
        scales: {
          x: { beginAtZero: true, ticks: { maxRotation: 0, autoSkipPadding: 12, callback: (value) => format(value, series.format) } },
          y: { grid: { display: false }, ticks: { autoSkip: false, callback(value) { return shorten(this.getLabelForValue(value)); } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => series.label + ': ' + format(item.parsed.x, series.format) } },
        },
      },
    };
  }

  // A share chart: one upright bar per label, stacking each series' share of it (fractions of 1).
  function shareConfig(chart) {
    return {
      type: 'bar',
      data: {
        labels: chart.labels,
        datasets: chart.series.map((series, index) => ({
          label: series.label, data: series.values, backgroundColor: palette[index % palette.length],
          categoryPercentage: 0.9, barPercentage: 1,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
          y: { stacked: true, min: 0, max: 1, ticks: { callback: (value) => format(value, 'percent') } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { generateLabels: (drawn) => Chart.defaults.plugins.legend.labels.generateLabels(drawn).map((item) => ({ ...item, text: shorten(item.text) })) } },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ': ' + format(item.parsed.y, chart.series[item.datasetIndex].format) } },
        },
      },
    };
  }

  function pieConfig(chart) {
    const [series] = chart.series;
    const legendLabels = Chart.overrides.pie.plugins.legend.labels.generateLabels;
    return {
      type: 'pie',
      data: {
        labels: chart.labels,
        datasets: [{
          label: series.label, data: series.values, borderColor: '#ffffff', borderWidth: 2,
          backgroundColor: chart.labels.map((_, index) => palette[index % palette.length]),
        }],
      },
      options: {
        plugins: {
          legend: {
            position: 'right',
            labels: { generateLabels: (drawn) => legendLabels(drawn).map((item) => ({ ...item, text: shorten(item.text) + '  ' + format(series.values[item.index], series.format) })) },
          },
          tooltip: { callbacks: { label: (item) => item.label + ': ' + format(item.parsed, series.format) } },
        },
      },
    };
  }

  const configs = { line: lineConfig, bar: (chart) => (chart.stacked ? shareConfig(chart) : barConfig(chart)), pie: pieConfig };

  // ---- The date range.
  const full = page.range;
  let range = full ? { from: full.first, to: full.last } : null;
  const monthStart = (day) => day.slice(0, 7) + '-01';
  function inRange(period, grain) {
    if (!range) return true;
    if (grain === 'month') return period >= monthStart(range.from) && period <= range.to;
    return period >= range.from && period <= range.to;
  }

  function valueOf(measure, merged) {
    switch (measure) {
      case 'sum': return merged ? merged[0] : null;
      case 'average': return merged && merged[0] !== null ? merged[0] / merged[1] : null;
      case 'count': return merged ? merged[0] : 0;
      case 'distinct': return merged ? merged.size : 0;
      default: return merged && merged[1] !== null && merged[1] !== 0 ? (merged[0] ?? 0) / merged[1] : null;
    }
  }

  // The partials of a KPI, bar or pie chart (visual id) over the periods in range and the rows
  // of its sheet's filter choices, by category index.
  function mergeGroups(facts, id) {
    const merged = new Map();
    const picks = filterPicks(facts, id);
    for (const [index, cell] of facts.cells.entries()) {
      if (facts.grain && !inRange(facts.periods[cell[0]], facts.grain)) continue;
      if (!picks.every(([field, picked]) => picked.includes(shownValue(facts.filters[field][index])))) continue;
      let partial = merged.get(cell[1]);
      if (!partial) {
        partial = facts.measure === 'distinct' ? new Set() : [null, null];
        merged.set(cell[1], partial);
      }
      for (let index = 2; index < cell.length; index += 1) {
        if (facts.measure === 'distinct') partial.add(cell[index]);
        else if (cell[index] !== null) partial[index - 2] = (partial[index - 2] ?? 0) + cell[index];
      }
    }
    return merged;
  }

  function groupChart(facts) {
    const groups = [...mergeGroups(facts, facts.id)].map(([category, partial]) => {
      const label = facts.categories[category];
      return { label: label === '' ? page.emptyCategory : label, value: valueOf(facts.measure, partial) };
    });
    groups.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.label.localeCompare(b.label, page.locale));
    const shown = facts.top === undefined ? groups : groups.slice(0, facts.top);
    const [series] = page.charts[facts.id].series;
    return { kind: facts.visual, labels: shown.map((group) => group.label), series: [{ ...series, values: shown.map((group) => group.value) }] };
  }

  // ---- The sheet filters: by sheet id, the values chosen for each column (none, or absent: all).
  const chosen = {};
  const shownValue = (cell) => (cell === '' || cell === null || cell === undefined ? page.emptyCategory : String(cell));
  // The [column, values] chosen in the sheet filters that narrow a visual's facts by their rows.
  function filterPicks(facts, id) {
    const narrowed = page.narrowed[id];
    const values = narrowed ? chosen[narrowed.sheet] || {} : {};
    return Object.entries(values).filter(([field, picked]) => picked.length > 0 && facts.filters && facts.filters[field]);
  }
  // The values chosen for the column a line chart's lines are, or null.
  function chartChoice(id) {
    const narrowed = page.narrowed[id];
    if (!narrowed) return null;
    const values = chosen[narrowed.sheet] || {};
    const picked = narrowed.fields.map((field) => values[field]).find((value) => value && value.length > 0);
    return picked || null;
  }
  function narrowChart(id, chart) {
    const picked = chartChoice(id);
    // Charts with filter values in their facts are narrowed by their rows (rangedChart).
    if (picked === null || (page.facts[id] && page.facts[id].filters)) return chart;
    if (chart.kind === 'line') return { ...chart, series: chart.series.filter((series) => picked.includes(series.label)) };
    const keep = chart.labels.map((label) => picked.includes(label));
    return {
      ...chart,
      labels: chart.labels.filter((_label, index) => keep[index]),
      series: chart.series.map((series) => ({ ...series, values: series.values.filter((_value, index) => keep[index]) })),
    };
  }

  // What a chart shows for the range and the sheet's filters.
  function chartData(id) {
    return narrowChart(id, rangedChart(id));
  }

  // What a chart shows for the range: its full-range data, its days (or months) in range, or its facts aggregated.
  function rangedChart(id) {
    const chart = page.charts[id];
    const facts = page.facts[id];
    if (facts && facts.kind === 'groups' && (range || facts.filters)) return groupChart({ ...facts, id });
    if (!facts || !range) return chart;
    const keep = chart.labels.map((label) => inRange(label, facts.grain));
    return {
      ...chart,
      labels: chart.labels.filter((_label, index) => keep[index]),
      series: chart.series.map((series) => ({ ...series, values: series.values.filter((_value, index) => keep[index]) })),
    };
  }

  function drawChart(canvas) {
    const chart = chartData(canvas.dataset.visual);
    new Chart(canvas, configs[chart.kind](chart));
    canvas.dataset.points = String(chart.series.reduce((count, series) => count + series.values.filter((value) => value !== null).length, 0));
  }

  function drawCharts(panel) {
    for (const canvas of panel.querySelectorAll('canvas[data-visual]')) {
      if (!Chart.getChart(canvas)) drawChart(canvas);
    }
  }

  // ---- Cells and tables.
  function formatCell(value, name) {
    if (value === '' || value === null || value === undefined) return '–';
    const number = Number(value);
    return name !== undefined && Number.isFinite(number) ? format(number, name) : String(value);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function personButton(id, name) {
    const button = element('button', name, 'person');
    button.type = 'button';
    button.dataset.person = id;
    return button;
  }

  // A table's head and body: columns [{ label, format }], rows of raw cells; people[i] names row i's person in personColumn.
  function fillTable(table, columns, rows, people, personColumn) {
    const head = element('tr');
    for (const column of columns) head.append(element('th', column.label, column.format !== undefined ? 'num' : ''));
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...rows.map((row, rowIndex) => {
      const tr = element('tr');
      row.forEach((cell, index) => {
        const td = element('td', undefined, columns[index].format !== undefined ? 'num' : '');
        const person = people && people[rowIndex];
        if (person && index === personColumn) td.append(personButton(person, cell));
        else td.textContent = formatCell(cell, columns[index].format);
        tr.append(td);
      });
      return tr;
    }));
  }

  function showCounts(card, shown, total) {
    card.querySelector('.note').textContent = 'Showing ' + shown + ' of ' + total;
    card.querySelector('.note').hidden = total === 0;
    card.querySelector('.empty').hidden = total !== 0;
    card.querySelector('.table-wrap').hidden = total === 0;
  }

  // The row indexes of a table in range and in its sheet's filters, in its order.
  function tableRows(facts, id) {
    const rows = facts.rows.map((_row, index) => index);
    const dated = facts.grain ? rows.filter((index) => inRange(facts.periods[index], facts.grain)) : rows;
    const picks = filterPicks(facts, id);
    return dated.filter((index) => picks.every(([field, picked]) => picked.includes(shownValue(facts.filters[field][index]))));
  }

  function renderTable(card, facts) {
    const rows = tableRows(facts, card.dataset.visual);
    const shown = facts.limit === undefined ? rows : rows.slice(0, facts.limit);
    fillTable(card.querySelector('table'), facts.columns, shown.map((index) => facts.rows[index]), shown.map((index) => facts.people[index]), facts.personColumn);
    showCounts(card, shown.length, rows.length);
  }

  // A pivot in range: the days in range, the rows with a value in one of them.
  function pivotInRange(pivot) {
    const days = pivot.header.days.map((day, index) => ({ day, index })).filter(({ day }) => inRange(day, 'day'));
    const rows = pivot.rows
      .map((row) => ({ keys: row.keys, values: days.map(({ index }) => row.values[index]) }))
      .filter((row) => row.values.some((value) => value !== null));
    return { days: days.map(({ day }) => day), rows };
  }

  function renderPivot(card, pivot) {
    const { days, rows } = pivotInRange(pivot);
    const shown = rows.slice(0, page.pivotRowsShown);
    const columns = [...pivot.header.rows.map((label) => ({ label })), ...days.map((day) => ({ label: day, format: pivot.format }))];
    const [idColumn, nameColumn] = pivot.person;
    fillTable(card.querySelector('table'), columns, shown.map((row) => [...row.keys, ...row.values.map((value) => (value === null ? '' : value))]),
      idColumn < 0 ? null : shown.map((row) => row.keys[idColumn]), nameColumn);
    showCounts(card, shown.length, rows.length);
  }

  // ---- CSV downloads.
  const FORMULA_START = /^[=+\\-@\\t\\r]/;
  const PLAIN_NUMBER = /^[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?$/;
  function csvCell(value) {
    let cell = value === null || value === undefined ? '' : String(value);
    if (FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell)) cell = "'" + cell;
    return /[",\\r\\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  function download(name, header, rows) {
    const text = [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\\r\\n') + '\\r\\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = element('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  const rangeSuffix = () => (range ? '_' + range.from + '_' + range.to : '');

  function downloadVisual(id) {
    const facts = page.facts[id];
    if (facts && facts.kind === 'rows') {
      const rows = tableRows(facts, id).map((index) => facts.rows[index]);
      download(id + (facts.grain ? rangeSuffix() : '') + '.csv', facts.columns.map((column) => column.label), rows);
      return;
    }
    const pivot = page.pivots[id];
    const { days, rows } = pivotInRange(pivot);
    download(id + rangeSuffix() + '.csv', [...pivot.header.rows, ...days], rows.map((row) => [...row.keys, ...row.values.map((value) => (value === null ? '' : value))]));
  }

  // ---- The person detail.
  const dialog = document.getElementById('person-detail');
  let shownPerson = null;
  let personChart = null;

  // A titled table with its own CSV download.
  function detailTable(title, name, columns, rows) {
    const section = element('section', undefined, 'detail');
    const button = element('button', 'Download CSV', 'csv');
    button.type = 'button';
    button.addEventListener('click', () => download(name, columns.map((column) => column.label), rows));
    section.append(element('h3', title), button);
    if (rows.length === 0) {
      section.append(element('p', 'No rows in these days', 'empty'));
      return section;
    }
    const wrap = element('div', undefined, 'table-wrap');
    const table = element('table');
    table.append(element('thead'), element('tbody'));
    wrap.append(table);
    section.append(wrap);
    fillTable(table, columns, rows, null, -1);
    return section;
  }

  function tierHistory(person, days) {
    const byDay = new Map();
    for (const [day, tier] of person.tiers) {
      const date = days[day];
      if (!inRange(date, 'day')) continue;
      byDay.set(date, [...(byDay.get(date) || []), page.people.tiers[tier]]);
    }
    const periods = [];
    for (const date of [...byDay.keys()].sort()) {
      const tiers = byDay.get(date).sort().join(' + ');
      const last = periods[periods.length - 1];
      if (last && last[0] === tiers) last[2] = date;
      else periods.push([tiers, date, date]);
    }
    return periods;
  }

  function renderPerson(id, fallbackName) {
    if (personChart) personChart.destroy();
    personChart = null;
    const facts = page.people;
    const person = facts.people[id] || { name: fallbackName, daily: [], tiers: [], models: [], months: [] };
    const days = facts.days;
    const slug = id.replace(/[^A-Za-z0-9_-]+/g, '_');
    const close = element('button', 'Close', 'close');
    close.type = 'button';
    close.addEventListener('click', () => dialog.close());
    const heading = element('h2', person.name);
    heading.id = 'person-name';
    const daily = person.daily
      .filter(([day]) => inRange(days[day], 'day'))
      .map(([day, credits, messages]) => [days[day], credits, messages])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const chartBox = element('div', undefined, 'chart');
    const canvas = element('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Credits and messages per day');
    chartBox.append(canvas);
    const models = new Map();
    for (const [day, model, messages] of person.models) {
      if (inRange(days[day], 'day')) models.set(facts.models[model], (models.get(facts.models[model]) || 0) + messages);
    }
    const modelTotal = [...models.values()].reduce((sum, value) => sum + value, 0);
    const modelRows = [...models].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], page.locale)).map(([model, messages]) => [model, messages, modelTotal > 0 ? messages / modelTotal : '']);
    const months = person.months.filter((row) => inRange(row[0], 'month'));
    dialog.replaceChildren(
      close,
      heading,
      element('p', 'User id ' + id + (range ? ' · ' + range.from + ' to ' + range.to : ''), 'note'),
      detailTable('Tier history', slug + '_tiers' + rangeSuffix() + '.csv', [{ label: 'Tier' }, { label: 'From' }, { label: 'To' }], tierHistory(person, days)),
      element('h3', 'Credits and messages per day'),
      daily.length > 0 ? chartBox : element('p', 'No rows in these days', 'empty'),
      detailTable('Per day', slug + '_daily' + rangeSuffix() + '.csv', [{ label: 'Day' }, { label: 'Credits', format: 'number' }, { label: 'Messages', format: 'number' }], daily),
      models.size > 0 || person.models.length > 0
        ? detailTable('Model mix', slug + '_models' + rangeSuffix() + '.csv', [{ label: 'Model' }, { label: 'Messages', format: 'number' }, { label: 'Share', format: 'percent' }], modelRows)
        : element('p', 'Model mix: the reports name no model for this person.', 'note'),
      detailTable('Cost per month', slug + '_months' + rangeSuffix() + '.csv', facts.monthColumns, months),
    );
    dialog.dataset.person = id;
    if (!dialog.open) dialog.showModal();
    if (daily.length > 0) {
      personChart = new Chart(canvas, {
        type: 'line',
        data: {
          labels: daily.map((row) => row[0]),
          datasets: [
            { label: 'Credits', data: daily.map((row) => row[1]), borderColor: palette[0], backgroundColor: palette[0], yAxisID: 'y', pointRadius: 2, borderWidth: 2 },
            { label: 'Messages', data: daily.map((row) => row[2]), borderColor: palette[1], backgroundColor: palette[1], yAxisID: 'messages', pointRadius: 2, borderWidth: 2 },
          ],
        },
        options: {
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
            y: { beginAtZero: true, position: 'left', title: { display: true, text: 'Credits' } },
            messages: { beginAtZero: true, position: 'right', grid: { display: false }, title: { display: true, text: 'Messages' } },
          },
          plugins: { legend: { position: 'bottom' } },
        },
      });
      canvas.dataset.points = String(daily.length * 2);
    }
    shownPerson = { id, name: person.name };
  }
  dialog.addEventListener('close', () => {
    if (personChart) personChart.destroy();
    personChart = null;
    shownPerson = null;
  });

  document.addEventListener('click', (event) => {
    const person = event.target.closest('button.person');
    if (person) renderPerson(person.dataset.person, person.textContent);
    const csv = event.target.closest('button.csv[data-csv]');
    if (csv) downloadVisual(csv.dataset.csv);
  });

  // ---- Redrawing for a new range or filter.
  function redraw(selector) {
    for (const card of document.querySelectorAll(selector)) {
      const id = card.dataset.visual;
      const facts = page.facts[id];
      if (card.dataset.kind === 'kpi' && facts) {
        const value = valueOf(facts.measure, mergeGroups(facts, id).get(0));
        card.querySelector('.value').textContent = value === null ? '–' : format(value, facts.format);
      } else if (card.dataset.kind === 'table' && facts) {
        renderTable(card, facts);
      } else if (card.dataset.kind === 'pivot') {
        renderPivot(card, page.pivots[id]);
      } else {
        const canvas = card.querySelector('canvas');
        const drawn = canvas && Chart.getChart(canvas);
        if (!drawn) continue;
        drawn.destroy();
        // A hidden sheet's charts are drawn when it is shown (they would have no size now).
        if (!canvas.closest('[role="tabpanel"]').hidden) drawChart(canvas);
        else delete canvas.dataset.points;
      }
    }
  }

  for (const select of document.querySelectorAll('select[data-filter-sheet]')) {
    select.addEventListener('change', () => {
      const sheet = select.dataset.filterSheet;
      // Several values: each one's rows; All among them, or none chosen: every row.
      const values = Array.from(select.selectedOptions, (option) => option.value);
      chosen[sheet] = { ...(chosen[sheet] || {}), [select.dataset.filterField]: values.includes('') ? [] : values };
      redraw('#sheet-' + CSS.escape(sheet) + ' [data-visual][data-filtered="true"]');
    });
  }

  function applyRange() {
    redraw('[data-visual][data-dated="true"]');
    document.getElementById('range-shown').textContent = range.from + ' to ' + range.to;
    if (shownPerson) renderPerson(shownPerson.id, shownPerson.name);
  }

  const from = document.getElementById('range-from');
  const to = document.getElementById('range-to');
  if (full && from && to) {
    const update = () => {
      // An empty or reversed input keeps the other end; the range stays within the data.
      const first = from.value && from.value >= full.first ? from.value : full.first;
      const last = to.value && to.value <= full.last ? to.value : full.last;
      range = first <= last ? { from: first, to: last } : { from: last, to: first };
      from.value = range.from;
      to.value = range.to;
      applyRange();
    };
    from.addEventListener('change', update);
    to.addEventListener('change', update);
    document.getElementById('range-all').addEventListener('click', () => {
      from.value = full.first;
      to.value = full.last;
      update();
    });
  }

  const tabs = [...document.querySelectorAll('nav [role="tab"]')];
  function showSheet(sheet) {
    for (const tab of tabs) {
      const selected = tab.dataset.sheet === sheet;
      tab.setAttribute('aria-selected', String(selected));
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
    }
    drawCharts(document.getElementById('sheet-' + sheet));
  }
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      showSheet(tab.dataset.sheet);
      history.replaceState(null, '', '#' + tab.dataset.sheet);
    });
  }
  const linked = tabs.find((tab) => '#' + tab.dataset.sheet === location.hash);
  showSheet((linked ?? tabs[0]).dataset.sheet);
})();
`;
