/**
 * The dashboard's own browser script (plain JavaScript, inlined after Chart.js): switches sheets
 * and draws each sheet's charts the first time it is shown (a chart drawn in a hidden sheet would
 * have no size). It reads everything from the page's JSON data element.
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
          label: series.label, data: series.values, borderColor: palette[index], backgroundColor: palette[index] + '26',
          fill: single, cubicInterpolationMode: 'monotone', borderWidth: 2, pointRadius: 0, pointHoverRadius: 4,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
          y: { beginAtZero: true, ticks: { callback: (value) => format(value, chart.series[0].format) } },
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

  function drawCharts(panel) {
    for (const canvas of panel.querySelectorAll('canvas[data-visual]')) {
      if (Chart.getChart(canvas)) continue;
      const chart = page.charts[canvas.dataset.visual];
      new Chart(canvas, configs[chart.kind](chart));
      canvas.dataset.points = String(chart.series.reduce((count, series) => count + series.values.filter((value) => value !== null).length, 0));
    }
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
