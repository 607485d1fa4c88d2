/**
 * `dashboard.html` as a reader sees it: a local run over generated sample reports, then the page
 * opened from disk in headless Debian Chromium (playwright-core). No console errors, nothing
 * fetched, every visual of every sheet drawn with data, hostile names shown as plain text; the
 * date range redraws the dated visuals with the numbers of the dataset files, a name opens the
 * person's detail, and tables download as CSV.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../handlers/shared/logger.js';
import { assertChromium, launchChromium, type Chromium } from '../../local/dashboard/chromium.js';
import { loadDirectoryFile } from '../../local/directory-file.js';
import { runLocal } from '../../local/run/run-local.js';
import { DEFAULT_SAMPLE_OPTIONS, generateSampleFiles } from '../../local/sample/generate.js';
import { writeSampleFiles } from '../../local/sample/write-files.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { parseCsv, type CsvRow } from '../../local/people/csv.js';
import { parseCsvRecords } from '../../local/csv-records.js';
import { formatNumber } from '../../local/dashboard/format.js';
import { readConfigFile, validateConfig } from '../../handlers/shared/config.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
/** A display name that would break a page pasting data into HTML or a script unescaped. */
const HOSTILE_NAME = 'Zed </script><b>Bold</b> "Quote" & <!-- Co';

let workDir: string;
let pageUrl: string;
/** The run's dataset files, by key. */
let datasets: (key: string) => Promise<CsvRow[]>;
let browser: Chromium;
let page: Page;
/** The names the pages may show for a person: directory names, and the ids of deleted people. */
let knownNames: Set<string>;
/** A seat holder with no report row: Identity Center never resolves them, so the page shows their id. */
const NEVER_ACTIVE = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  // Before the local run, so a machine without Chromium hears how to get one at once.
  await assertChromium();

  // Prepare: a small sample (30 days: the deleted person is then inactive), one person renamed, one local run.
  logger.setLogLevel('SILENT');
  workDir = await mkdtemp(join(tmpdir(), 'kiro-dashboard-'));
  const reportsDir = join(workDir, 'sample');
  const endDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await writeSampleFiles(reportsDir, generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, users: 12, days: 30, seed: 11, endDate }));
  const people = new Map(await loadDirectoryFile(join(reportsDir, 'directory.json')));
  const [renamedId, renamed] = [...people][0] ?? [];
  if (!renamedId || !renamed) throw new Error('the sample directory is empty');
  people.set(renamedId, { ...renamed, displayName: HOSTILE_NAME });
  // Teams and seats: half the people in Platform, the rest in Data; everyone and one person with no report row hold a PRO seat.
  const ids = [...people.keys()];
  const groups = new Map([
    ['Platform', { groupId: 'g-platform', members: ids.slice(0, ids.length / 2) }],
    ['Data', { groupId: 'g-data', members: ids.slice(ids.length / 2) }],
    ['kiro-pro', { groupId: 'g-pro', members: [...ids, NEVER_ACTIVE] }],
  ]);
  const directory = Object.assign(people, { groups });
  const manifest = JSON.parse(await readFile(join(reportsDir, 'sample.json'), 'utf8')) as { planted: { deletedUserIds: string[] } };
  knownNames = new Set([...[...people.values()].map((entry) => entry.displayName), ...manifest.planted.deletedUserIds, NEVER_ACTIVE]);
  const outDir = join(workDir, 'out');
  const config = { ...readConfigFile(EXAMPLE_CONFIG), teams: { groups: ['Platform', 'Data'] }, licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] };
  const run = await runLocal({ reportsDir, directory, outDir, config: validateConfig(config, 'dashboard browser test') });
  if (run.status !== 'SUCCEEDED') throw new Error(`local run ${run.status}: ${run.error} ${run.cause}`);
  pageUrl = pathToFileURL(join(outDir, 'dashboard.html')).href;
  datasets = async (key) => parseCsv(await readFile(join(outDir, 'datasets', `${key}.csv`), 'utf8'), key);

  // Act: open the page in Chromium, recording every console error, page error and request.
  browser = await launchChromium({ width: 1366, height: 768 });
  page = await browser.context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pageUrl);
  await page
    .locator('#sheet-overview canvas[data-points]')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch((error: Error) => {
      throw new Error(`the Overview charts were not drawn: ${problems.join('; ') || error.message}`);
    });
});

afterAll(async () => {
  await browser?.close();
  // Unset when Chromium is missing: beforeAll stopped before making it.
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('dashboard.html in headless Chromium', () => {
  it('loads without console or page errors and fetches nothing but itself', () => {
    // Assess
    expect(problems).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  it('says what it shows and when, in the title and the header', async () => {
    // Act
    const header = await page.locator('header').innerText();

    // Assess
    expect(await page.title()).toMatch(/^Kiro activity — as of \d{4}-\d{2}-\d{2}$/);
    expect(header).toMatch(/As of \d{4}-\d{2}-\d{2} · data from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} · report date \d{4}-\d{2}-\d{2}/);
  });

  it.each(DASHBOARD.sheets.map((sheet) => [sheet.title, sheet] as const))('%s: its tab shows every visual with data', async (_title, sheet) => {
    // Act
    await page.getByRole('tab', { name: sheet.title }).click();

    // Assess
    await expect.poll(() => page.getByRole('tab', { name: sheet.title }).getAttribute('aria-selected')).toBe('true');
    for (const visual of sheet.visuals) {
      const card = page.locator(`#sheet-${sheet.id} [data-visual="${visual.id}"][data-kind]`);
      expect(await card.isVisible(), `${visual.id} visible`).toBe(true);
      expect(await card.locator('h2').innerText()).toBe(visual.title);
      if (visual.kind === 'kpi') {
        expect(await card.locator('.value').innerText(), visual.id).toMatch(/^[\d,.]+$/);
      } else if (visual.kind === 'table' || visual.kind === 'pivot') {
        expect(await card.locator('tbody tr').count(), visual.id).toBeGreaterThan(0);
        expect(await card.locator('.note').innerText()).toMatch(/^Showing \d+ of \d+$/);
      } else {
        const canvas = card.locator('canvas');
        await canvas.waitFor();
        expect(Number(await canvas.getAttribute('data-points')), visual.id).toBeGreaterThan(0);
        const drawn = await canvas.evaluate((element) => {
          // Runs in the page, where Chart.js is a global (the project's types have no DOM).
          const { Chart } = globalThis as unknown as { Chart: { getChart(canvas: unknown): { data: { datasets: { data: unknown[] }[] } } | undefined } };
          const chart = Chart.getChart(element);
          return chart?.data.datasets.map((dataset) => dataset.data.length) ?? [];
        });
        expect(drawn.length, visual.id).toBeGreaterThan(0);
        expect(Math.min(...drawn), visual.id).toBeGreaterThan(0);
        expect((await canvas.boundingBox())?.height ?? 0, `${visual.id} height`).toBeGreaterThan(150);
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows names, not ids (but for deleted people), and a hostile name as plain text', async () => {
    // Act
    await page.getByRole('tab', { name: 'Cost' }).click();
    const people = await page.locator('[data-visual="cost-per-person"] tbody tr td:nth-child(2)').allInnerTexts();
    const injected = await page.locator('main b').count();

    // Assess
    expect(people).toContain(HOSTILE_NAME);
    expect(people.filter((name) => !knownNames.has(name))).toEqual([]);
    expect(injected).toBe(0);
    expect(problems).toEqual([]);
  });

  it("Behaviour: the model mix stacks each day's shares to 100% and lists at most 10 named people per model", async () => {
    // Act
    await page.getByRole('tab', { name: 'Behaviour' }).click();
    const canvas = page.locator('[data-visual="behaviour-model-mix"] canvas');
    await canvas.waitFor();
    const chart = await canvas.evaluate((element) => {
      // Runs in the page, where Chart.js is a global.
      type Drawn = { options: { scales: { x: { stacked?: boolean }; y: { stacked?: boolean } } }; data: { labels: unknown[]; datasets: { label: string; data: (number | null)[] }[] } };
      const drawn = (globalThis as unknown as { Chart: { getChart(canvas: unknown): Drawn } }).Chart.getChart(element);
      const { labels, datasets } = drawn.data;
      return {
        stacked: [drawn.options.scales.x.stacked, drawn.options.scales.y.stacked],
        models: datasets.map((dataset) => dataset.label),
        sums: labels.map((_label, index) => datasets.reduce((sum, dataset) => sum + (dataset.data[index] ?? 0), 0)),
      };
    });
    const rows = await page.locator('[data-visual="behaviour-top-people-per-model"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from((tr as unknown as { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> }).querySelectorAll('td'), (td) => td.textContent ?? '')),
    );

    // Assess
    expect(chart.stacked).toEqual([true, true]);
    expect(chart.models).toContain('auto');
    expect(chart.sums.length).toBeGreaterThan(0);
    for (const sum of chart.sums) expect(sum).toBeCloseTo(1, 9);
    expect(rows.length).toBeGreaterThan(0);
    const perModel = new Map<string, number>();
    for (const [model = '', , rank = '', person = ''] of rows) {
      expect(chart.models).toContain(model);
      expect(Number(rank)).toBeLessThanOrEqual(10);
      expect(knownNames.has(person), person).toBe(true);
      perModel.set(model, (perModel.get(model) ?? 0) + 1);
    }
    expect(Math.max(...perModel.values())).toBeLessThanOrEqual(10);
    expect(problems).toEqual([]);
  });

  it('redraws the dated visuals for a date range with the numbers of the dataset files, and restores the whole range', async () => {
    // Prepare: the last 7 days of the data.
    await page.getByRole('tab', { name: 'Overview' }).click();
    const last = await page.locator('#range-to').inputValue();
    const from = new Date(Date.parse(`${last}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const credits = (await datasets('credits_by_person')).filter((row) => row.report_date! >= from && row.report_date! <= last);
    const expectedCredits = credits.reduce((sum, row) => sum + Number(row.credits_used || 0), 0);
    const expectedPeople = new Set(credits.map((row) => row.userid)).size;
    const before = await page.locator('[data-visual="overview-credits"] .value').innerText();
    const beforeTop = await chartLabels('overview-top-credits');

    // Act
    await setRange(from, last);
    const kpi = await page.locator('[data-visual="overview-credits"] .value').innerText();
    const people = await page.locator('[data-visual="overview-active-users"] .value').innerText();
    const days = await chartLabels('overview-daily-credits');
    await page.getByRole('tab', { name: 'Cost' }).click();
    const months = await page.locator('[data-visual="cost-per-person"] tbody tr td:nth-child(1)').allInnerTexts();
    await page.getByRole('tab', { name: 'Engagement' }).click();
    const activeDays = await chartLabels('engagement-active-users');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.locator('#range-all').click();
    const restored = await page.locator('[data-visual="overview-credits"] .value').innerText();
    // The whole range set by hand is drawn from the facts: it must give what the run drew.
    await setRange(await page.locator('#range-from').getAttribute('min') ?? '', last);
    const recomputed = await page.locator('[data-visual="overview-credits"] .value').innerText();
    const recomputedTop = await chartLabels('overview-top-credits');

    // Assess
    expect(kpi).toBe(formatNumber(expectedCredits, 'number'));
    expect(kpi).not.toBe(before);
    expect(people).toBe(String(expectedPeople));
    expect(days).toHaveLength(7);
    expect(days.every((day) => day >= from && day <= last)).toBe(true);
    expect(activeDays.every((day) => day >= from && day <= last)).toBe(true);
    expect(months.length).toBeGreaterThan(0);
    expect(months.every((month) => month >= `${from.slice(0, 7)}-01`)).toBe(true);
    expect(restored).toBe(before);
    expect(recomputed).toBe(before);
    expect(recomputedTop).toEqual(beforeTop);
    expect(problems).toEqual([]);
  });

  it("opens a person's detail from their name: tier history, credits and messages per day, model mix, cost per month", async () => {
    // Prepare: the person with the most credits in the Cost table.
    await page.getByRole('tab', { name: 'Cost' }).click();
    const button = page.locator('[data-visual="cost-per-person"] button.person').first();
    const name = await button.innerText();
    const id = (await button.getAttribute('data-person')) ?? '';
    const rows = (await datasets('credits_by_person')).filter((row) => row.userid === id);
    const perDay = new Map<string, number>();
    for (const row of rows) perDay.set(row.report_date!, (perDay.get(row.report_date!) ?? 0) + Number(row.total_messages || 0));
    const months = (await datasets('user_monthly_cost')).filter((row) => row.userid === id);

    // Act
    await button.click();
    const dialog = page.locator('#person-detail');
    await dialog.waitFor();
    const sections = await dialog.locator('section.detail h3').allInnerTexts();
    const daily = await dialog.locator('section.detail', { hasText: 'Per day' }).locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from((tr as unknown as { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> }).querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
    const monthRows = await dialog.locator('section.detail', { hasText: 'Cost per month' }).locator('tbody tr').count();
    const points = Number(await dialog.locator('canvas').getAttribute('data-points'));
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Assess
    expect(await page.locator('#person-name').innerText()).toBe(name);
    expect(sections).toEqual(['Tier history', 'Per day', 'Model mix', 'Cost per month']);
    expect(daily.map(([day, , messages]) => [day, Number((messages ?? '').replaceAll(',', ''))])).toEqual([...perDay].sort(([a], [b]) => a.localeCompare(b)));
    expect(points).toBe(daily.length * 2);
    expect(monthRows).toBe(months.length);
    expect(await dialog.isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('narrows the Teams sheet to the chosen teams: its table rows and its lines; All restores them', async () => {
    // Prepare
    await page.getByRole('tab', { name: 'Teams' }).click();
    const select = page.locator('#sheet-teams select[data-filter-field="team"]');
    const teamCells = () => page.locator('#sheet-teams [data-visual="teams-monthly"] tbody tr td:nth-child(2)').allInnerTexts();
    const lines = () =>
      page.locator('#sheet-teams canvas[data-visual="teams-cost-per-month"]').evaluate((element) => {
        const { Chart } = globalThis as unknown as { Chart: { getChart(canvas: unknown): { data: { datasets: { label: string }[] } } | undefined } };
        return Chart.getChart(element)?.data.datasets.map((dataset) => dataset.label) ?? [];
      });
    const rows = await datasets('team_monthly_cost');
    const before = await teamCells();

    // Act
    await select.selectOption('Data');
    const narrowed = await teamCells();
    const narrowedLines = await lines();
    await select.selectOption(['Data', 'Platform']);
    const twoTeams = await teamCells();
    const twoTeamsLines = await lines();
    await select.selectOption('');
    const restored = await teamCells();

    // Assess
    const seats = await datasets('team_seats');
    const teams = [...new Set([...rows, ...seats].map((row) => row.team ?? ''))].sort((a, b) => a.localeCompare(b, 'en'));
    expect(await select.locator('option').allInnerTexts()).toEqual(['All', ...teams]);
    expect(teams).toEqual(expect.arrayContaining(['Data', 'Platform']));
    expect(narrowed).toEqual(rows.filter((row) => row.team === 'Data').map(() => 'Data'));
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowedLines).toEqual(['Data']);
    expect([...twoTeams].sort()).toEqual(rows.filter((row) => row.team === 'Data' || row.team === 'Platform').map((row) => row.team).sort());
    expect(new Set(twoTeamsLines)).toEqual(new Set(['Data', 'Platform']));
    expect(restored).toEqual(before);
    expect(new Set(restored)).toEqual(new Set(rows.map((row) => row.team)));
    expect(problems).toEqual([]);
  });

  it("narrows the People sheet's tables and usage pie to the chosen teams by each person's team; All restores them", async () => {
    // Prepare
    await page.getByRole('tab', { name: 'People' }).click();
    const select = page.locator('#sheet-people select[data-filter-field="team"]');
    const names = () => page.locator('#sheet-people [data-visual="people-top-cost"] tbody tr td:nth-child(2)').allInnerTexts();
    const pie = () =>
      page.locator('#sheet-people canvas[data-visual="people-usage-categories"]').evaluate((element) => {
        const { Chart } = globalThis as unknown as { Chart: { getChart(canvas: unknown): { data: { labels: string[]; datasets: { data: number[] }[] } } | undefined } };
        const drawn = Chart.getChart(element);
        return Object.fromEntries((drawn?.data.labels ?? []).map((label, index) => [label, drawn?.data.datasets[0]?.data[index]]));
      });
    const rows = await datasets('top_users_by_cost');
    const summary = await datasets('user_summary');
    const before = await names();
    const pieBefore = await pie();

    // Act
    await select.selectOption('Data');
    const narrowed = await names();
    const pieNarrowed = await pie();
    await select.selectOption(['Data', 'Platform']);
    const pieTwoTeams = await pie();
    await select.selectOption('');
    const restored = await names();
    const pieRestored = await pie();

    // Assess: the team's ten first by rank (ties in any order)
    const ranked = rows.filter((row) => row.team === 'Data').sort((a, b) => Number(a.rank) - Number(b.rank));
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBe(Math.min(10, ranked.length));
    expect(new Set(narrowed)).toEqual(new Set(ranked.slice(0, narrowed.length).map((row) => row.display_name)));
    expect(new Set(before)).not.toEqual(new Set(narrowed));
    expect(restored).toEqual(before);
    // The pie counts the people of each usage category in the team, from user_summary's rows.
    const perCategory = (...teams: string[]) => {
      const counts: Record<string, number> = {};
      for (const row of summary.filter((candidate) => teams.length === 0 || teams.includes(candidate.team!))) counts[row.usage_category!] = (counts[row.usage_category!] ?? 0) + 1;
      return counts;
    };
    expect(pieNarrowed).toEqual(perCategory('Data'));
    expect(pieTwoTeams).toEqual(perCategory('Data', 'Platform'));
    expect(pieTwoTeams).not.toEqual(pieNarrowed);
    expect(pieNarrowed).not.toEqual(pieBefore);
    expect(pieBefore).toEqual(perCategory());
    expect(pieRestored).toEqual(pieBefore);
    expect(problems).toEqual([]);
  });

  it('downloads a table and the per-person × per-day credits pivot as CSV, every row in range, a hostile name quoted', async () => {
    // Prepare
    const credits = await datasets('credits_by_person');
    const perPerson = new Map<string, number>();
    for (const row of credits) perPerson.set(row.userid!, (perPerson.get(row.userid!) ?? 0) + Number(row.credits_used || 0));
    await page.getByRole('tab', { name: 'People' }).click();

    // Act
    const pivot = await downloaded('people-credits-per-day');
    await page.getByRole('tab', { name: 'Cost' }).click();
    const table = await downloaded('cost-per-person');
    const total = Number((await page.locator('[data-visual="cost-per-person"] .note').innerText()).split(' of ')[1]);

    // Assess
    const [header = [], ...rows] = pivot.records;
    expect(pivot.name).toMatch(/^people-credits-per-day_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(header.slice(0, 2)).toEqual(['Person', 'User id']);
    expect(header.slice(2).every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day))).toBe(true);
    expect(rows).toHaveLength(perPerson.size);
    for (const [, id = '', ...days] of rows) {
      expect(days.reduce((sum, cell) => sum + Number(cell || 0), 0)).toBeCloseTo(perPerson.get(id) ?? NaN, 6);
    }
    expect(rows.map(([name]) => name)).toContain(HOSTILE_NAME);
    expect(pivot.text).toContain(`"${HOSTILE_NAME.replaceAll('"', '""')}"`);
    expect(table.records[0]).toEqual(['Month', 'Person', 'Tier', 'Credits', 'Overage credits', 'Plan used', 'Subscription', 'Overage', 'Total']);
    expect(table.records).toHaveLength(total + 1);
    expect(problems).toEqual([]);
  });

  it('writes a screenshot of the Overview sheet at laptop size', async () => {
    // Act
    await page.getByRole('tab', { name: 'Overview' }).click();
    const path = join(workDir, 'overview.png');
    await page.screenshot({ path });
    const png = await readFile(path);

    // Assess: a PNG whose header says 1366×768.
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1366, 768]);
  });
});

/** Sets the date range as a reader does: both inputs, each followed by its change event. */
async function setRange(from: string, to: string): Promise<void> {
  for (const [selector, value] of [['#range-from', from], ['#range-to', to]] as const) {
    await page.fill(selector, value);
    await page.locator(selector).dispatchEvent('change');
  }
}

/** The labels a drawn chart of the visible sheet plots. */
async function chartLabels(visualId: string): Promise<string[]> {
  const canvas = page.locator(`[data-visual="${visualId}"] canvas`);
  await canvas.waitFor();
  return canvas.evaluate((element) => {
    const { Chart } = globalThis as unknown as { Chart: { getChart(canvas: unknown): { data: { labels: string[] } } | undefined } };
    return Chart.getChart(element)?.data.labels ?? [];
  });
}

/** Clicks a visual's Download CSV button; the file's name, text and records. */
async function downloaded(visualId: string): Promise<{ name: string; text: string; records: string[][] }> {
  const download = page.waitForEvent('download');
  await page.locator(`[data-csv="${visualId}"]`).click();
  const file = await download;
  const text = await readFile((await file.path()) ?? '', 'utf8');
  return { name: file.suggestedFilename(), text, records: parseCsvRecords(text.replace(/\r\n$/, '')).records };
}
