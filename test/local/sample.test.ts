import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalTier, identityCenterUserId, USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import { ANALYTIC_HEADER } from '../../local/sample/analytic-csv.js';
import { MODEL_COLUMNS } from '../../local/sample/catalog.js';
import { DEFAULT_SAMPLE_OPTIONS, DIRECTORY_FILE, MANIFEST_FILE, generateSampleFiles, type SampleFile, type SampleOptions } from '../../local/sample/generate.js';
import { prepareOutputFolder, writeSampleFiles } from '../../local/sample/write-files.js';

/** A user_report file with its name parts and rows. */
interface UserReportFile {
  path: string;
  date: string;
  client: string;
  part: number | undefined;
  stamp: string;
  header: string[];
  rows: Record<string, string>[];
}

const USER_REPORT_NAME = /user_report\/us-east-1\/(\d{4})\/(\d{2})\/(\d{2})\/00\/(KIRO_IDE|KIRO_CLI|PLUGIN|KIRO_WEB)_111122223333_user_report_(?:part_(\d+)_)?(\d{12})\.csv$/;

/** A bare Identity Center id (a UUID) or one of the `<10 hex digits>-<uuid>` form. */
const BARE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LONG_ID = /^[0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What sample.json says was planted. */
interface Planted {
  reorderedFiles: string[];
  webUserIds: string[];
  longIdUserIds: string[];
}

/** Generates a sample in memory, with small defaults. */
function generate(overrides: Partial<SampleOptions> = {}): SampleFile[] {
  return [...generateSampleFiles({ users: 30, days: 20, seed: 7, endDate: '2026-11-20', partSize: 25, ...overrides })];
}

/** Reads a CSV whose cells hold no commas; strips the quotes around quoted cells. */
function readCsv(content: string): { header: string[]; rows: Record<string, string>[] } {
  const [headerLine, ...lines] = content.trimEnd().split('\n');
  const header = (headerLine as string).split(',');
  const rows = lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((name, index) => [name, (cells[index] as string).replace(/^"(.*)"$/, '$1')]));
  });
  return { header, rows };
}

/** Every user_report file, parsed. */
function userReports(files: readonly SampleFile[]): UserReportFile[] {
  return files.flatMap((file) => {
    const match = USER_REPORT_NAME.exec(file.path);
    if (!match) return [];
    const [, year, month, day, client, part, stamp] = match as unknown as string[];
    return [{ path: file.path, date: `${year}-${month}-${day}`, client: client as string, part: part ? Number(part) : undefined, stamp: stamp as string, ...readCsv(file.content) }];
  });
}

/** Keeps only the newest export of each (date, client type), as the pipeline must. */
function latestExports(reports: readonly UserReportFile[]): UserReportFile[] {
  const newest = new Map<string, string>();
  for (const report of reports) {
    const key = `${report.date}|${report.client}`;
    if ((newest.get(key) ?? '') < report.stamp) newest.set(key, report.stamp);
  }
  return reports.filter((report) => newest.get(`${report.date}|${report.client}`) === report.stamp);
}

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function writtenTreeHash(options: Partial<SampleOptions>, folder?: string): Promise<string> {
  const outDir = folder ?? (await mkdtemp(join(tmpdir(), 'kiro-sample-')));
  folders.push(outDir);
  await prepareOutputFolder(outDir);
  await writeSampleFiles(outDir, generate(options));
  const hash = createHash('sha256');
  const paths = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)))
    .sort();
  for (const path of paths) hash.update(`${path}\n`).update(await readFile(join(outDir, path)));
  return hash.digest('hex');
}

describe('npm run sample: its days', () => {
  it('refuses, before writing a file, a sample that would start before the first day Kiro reports can hold', () => {
    // Act + Assess: what npm run bench's --sizes reach too, not only npm run sample's flags
    expect(() => generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, endDate: '2024-02-01', days: 90 }).next()).toThrow(
      '--end-date 2024-02-01 with --days 90 starts on 2023-11-04: report days start on 2024-01-01',
    );
    expect(generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, users: 10, endDate: '2024-01-15', days: 15 }).next().done).toBe(false);
  });
});

describe('npm run sample: determinism', () => {
  it('writes byte-identical trees for the same options, also over an earlier, larger sample', async () => {
    // Prepare
    const outDir = await mkdtemp(join(tmpdir(), 'kiro-sample-'));
    await writtenTreeHash({ seed: 3, days: 25 }, outDir);

    // Act
    const fresh = await writtenTreeHash({ seed: 42 });
    const overEarlier = await writtenTreeHash({ seed: 42 }, outDir);

    // Assess
    expect(overEarlier).toBe(fresh);
  });

  it('writes a different tree for a different seed', async () => {
    // Act
    const [one, other] = await Promise.all([writtenTreeHash({ seed: 1 }), writtenTreeHash({ seed: 2 })]);

    // Assess
    expect(other).not.toBe(one);
  });
});

describe('npm run sample: user_report', () => {
  it('changes the header by report date: 11 columns, then New_User and the e-mail, then Usage_Limit and models', () => {
    // Prepare
    const reports = [...userReports(generate({ endDate: '2026-04-10' })), ...userReports(generate({ endDate: '2026-09-10' }))];

    // Act
    const spring = reports.filter((report) => report.date < '2026-04-01');
    const summer = reports.filter((report) => report.date >= '2026-04-01' && report.date < '2026-09-01');
    const autumn = reports.filter((report) => report.date >= '2026-09-01');

    // Assess: the 11 leading columns never move; the e-mail header is either name.
    expect(new Set(spring.map((report) => report.header.join(',')))).toEqual(new Set([USER_REPORT_HEADERS.original.join(',')]));
    for (const report of [...summer, ...autumn]) {
      expect(report.header.slice(0, 11)).toEqual([...USER_REPORT_HEADERS.original]);
      expect(report.header.slice(11, 13)).toContain('New_User');
      expect(report.header.slice(11, 13).filter((name) => name !== 'New_User')).toEqual([expect.stringMatching(/^(User_Email|email)$/)]);
    }
    expect(summer.every((report) => report.header.length === 13)).toBe(true);
    for (const report of autumn) {
      const models = report.header.slice(14);
      expect(report.header[13]).toBe('Usage_Limit');
      expect(models.length).toBeGreaterThan(0);
      expect(models.every((model) => (MODEL_COLUMNS as readonly string[]).includes(model))).toBe(true);
    }
  });

  it('orders the model columns differently between files, mostly alphabetically', () => {
    // Prepare
    const reports = userReports(generate({ users: 40, days: 45 }));

    // Act
    const modelsOf = (report: UserReportFile): string[] => report.header.filter((name) => (MODEL_COLUMNS as readonly string[]).includes(name));
    const sorted = reports.filter((report) => modelsOf(report).join() === [...modelsOf(report)].sort().join());
    const before = (report: UserReportFile, first: string, second: string): boolean | undefined => {
      const [a, b] = [report.header.indexOf(first), report.header.indexOf(second)];
      return a < 0 || b < 0 ? undefined : a < b;
    };
    const pairs = MODEL_COLUMNS.flatMap((first) => MODEL_COLUMNS.filter((second) => second > first).map((second) => [first, second] as const));
    const movedPair = pairs.find(([first, second]) => {
      const orders = new Set(reports.map((report) => before(report, first, second)));
      return orders.has(true) && orders.has(false);
    });

    // Assess: two files list the same two models the other way round.
    expect(sorted.length).toBeGreaterThan(reports.length / 2);
    expect(sorted.length).toBeLessThan(reports.length);
    expect(movedPair).toBeDefined();
  });

  it('writes one export whose columns come in another order, named in sample.json', () => {
    // Prepare
    const files = generate({ users: 40, days: 45 });
    const reports = userReports(files);
    const planted = (JSON.parse(fileAt(files, MANIFEST_FILE)) as { planted: Planted }).planted;

    // Act
    const reordered = reports.filter((report) => planted.reorderedFiles.includes(report.path));
    const others = reports.filter((report) => !planted.reorderedFiles.includes(report.path));

    // Assess: the e-mail before New_User and the models reversed; every other file has New_User first.
    expect(reordered.length).toBeGreaterThan(0);
    for (const report of reordered) {
      expect(report.header[12]).toBe('New_User');
      const models = report.header.slice(14);
      expect(models).toEqual([...models].sort().reverse());
    }
    expect(others.every((report) => report.header[11] === 'New_User')).toBe(true);
    expect(new Set(reordered.map((report) => `${report.date}|${report.client}`)).size).toBe(1);
  });

  it('spells the e-mail header both ways and the tiers as files and the vendor docs do, all of them known tiers', () => {
    // Prepare
    const reports = userReports(generate({ users: 40, days: 45 }));

    // Act
    const emailHeaders = new Set(reports.map((report) => report.header.find((name) => /^(User_Email|email)$/.test(name))));
    const tiers = new Set(reports.flatMap((report) => report.rows.map((row) => row.Subscription_Tier as string)));

    // Assess
    expect(emailHeaders).toEqual(new Set(['User_Email', 'email']));
    expect([...tiers]).toEqual(expect.arrayContaining(['PRO_PLUS', 'ProPlus', 'PRO']));
    expect([...tiers].some((tier) => /[+ -]|^[a-z]/.test(tier))).toBe(true);
    expect([...tiers].every((tier) => canonicalTier(tier) !== undefined)).toBe(true);
  });

  it('has a KIRO_WEB file for the web users, who never appear in a KIRO_IDE file', () => {
    // Prepare
    const files = generate({ users: 40, days: 45 });
    const reports = userReports(files);
    const planted = (JSON.parse(fileAt(files, MANIFEST_FILE)) as { planted: Planted }).planted;

    // Act
    const idsIn = (client: string): Set<string> =>
      new Set(reports.filter((report) => report.client === client).flatMap((report) => report.rows.map((row) => identityCenterUserId(row.UserId as string))));

    // Assess
    expect(planted.webUserIds.length).toBeGreaterThan(0);
    expect(reports.filter((report) => report.client === 'KIRO_WEB').every((report) => report.rows.every((row) => row.Client_Type === 'KIRO_WEB'))).toBe(true);
    expect([...idsIn('KIRO_WEB')].sort()).toEqual([...planted.webUserIds].sort());
    expect(planted.webUserIds.some((id) => idsIn('KIRO_IDE').has(id))).toBe(false);
  });

  it('writes each id form: bare, d-prefixed, and whole <10 hex>-<uuid> ids, prefixed too, all in the directory', () => {
    // Prepare
    const files = generate({ users: 40, days: 45 });
    const ids = userReports(files).flatMap((report) => report.rows.map((row) => row.UserId as string));
    const planted = (JSON.parse(fileAt(files, MANIFEST_FILE)) as { planted: Planted }).planted;
    const directory = JSON.parse(fileAt(files, DIRECTORY_FILE)) as { Users: Array<{ UserId: string }> };

    // Act
    const prefixed = ids.filter((id) => id.startsWith('d-9a0b1c2d3e.'));
    const bare = ids.filter((id) => !id.startsWith('d-'));

    // Assess: cutting the prefix leaves a whole id of either form.
    expect(bare.some((id) => BARE_ID.test(id)) && bare.some((id) => LONG_ID.test(id))).toBe(true);
    expect(prefixed.some((id) => BARE_ID.test(identityCenterUserId(id))) && prefixed.some((id) => LONG_ID.test(identityCenterUserId(id)))).toBe(true);
    expect(ids.every((id) => BARE_ID.test(identityCenterUserId(id)) || LONG_ID.test(identityCenterUserId(id)))).toBe(true);
    expect(planted.longIdUserIds.length).toBeGreaterThan(0);
    expect(planted.longIdUserIds.every((id) => LONG_ID.test(id))).toBe(true);
    expect(directory.Users.some((user) => LONG_ID.test(user.UserId))).toBe(true);
  });

  it('lists a model column only in files where someone used it, with per-row model messages within Total_Messages', () => {
    // Prepare
    const reports = userReports(generate());

    // Act
    const modelSets = new Set(reports.map((report) => report.header.filter((name) => name.endsWith('_messages')).join(',')));

    // Assess
    expect(modelSets.size).toBeGreaterThan(1);
    for (const report of reports) {
      const models = report.header.filter((name) => name.endsWith('_messages'));
      for (const model of models) expect(report.rows.some((row) => Number(row[model]) > 0)).toBe(true);
      for (const row of report.rows) {
        const modelMessages = models.reduce((sum, model) => sum + Number(row[model]), 0);
        expect(modelMessages).toBeLessThanOrEqual(Number(row.Total_Messages));
      }
    }
  });

  it('writes one file per client type and day, quoted ids with d- prefixes only from March, and full-precision credits', () => {
    // Prepare
    const files = generate({ endDate: '2026-03-10' });

    // Act
    const reports = userReports(files);
    const rawRows = files.filter((file) => file.path.includes('/user_report/') && file.path.endsWith('.csv')).flatMap((file) => file.content.trimEnd().split('\n').slice(1));
    const rows = reports.flatMap((report) => report.rows);
    const prefixed = rows.filter((row) => row.UserId?.startsWith('d-9a0b1c2d3e.'));

    // Assess
    expect(new Set(reports.map((report) => report.client))).toEqual(new Set(['KIRO_IDE', 'KIRO_CLI', 'PLUGIN', 'KIRO_WEB']));
    expect(rawRows.every((line) => /^\d{4}-\d{2}-\d{2},"[^"]+",/.test(line) && line.includes(',"arn:aws:codewhisperer:us-east-1:111122223333:profile/'))).toBe(true);
    expect(prefixed.length).toBeGreaterThan(0);
    expect(prefixed.every((row) => (row.Date as string) >= '2026-03-01')).toBe(true);
    expect(rows.some((row) => /\.\d{10,}$/.test(row.Credits_Used as string))).toBe(true);
  });

  it('has users in two clients on one day, tiers incl. a rare FREE, a tier change, overage flags in both spellings, new users', () => {
    // Prepare
    const rows = latestExports(userReports(generate({ users: 40, days: 45 }))).flatMap((report) => report.rows);

    // Act
    const clientsPerUserDay = countBy(rows, (row) => `${row.Date}|${identityCenterUserId(row.UserId as string)}`);
    const tiersPerUser = new Map<string, Set<string>>();
    for (const row of rows) {
      const id = identityCenterUserId(row.UserId as string);
      tiersPerUser.set(id, (tiersPerUser.get(id) ?? new Set()).add(canonicalTier(row.Subscription_Tier as string) as string));
    }

    // Assess
    expect(Math.max(...clientsPerUserDay.values())).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((row) => canonicalTier(row.Subscription_Tier as string)))).toEqual(new Set(['FREE', 'PRO', 'PRO_PLUS', 'PRO_MAX', 'POWER']));
    expect([...tiersPerUser.values()].some((tiers) => tiers.size > 1)).toBe(true);
    const flags = countBy(rows, (row) => row.Overage_Enabled as string);
    expect(flags.get('false')).toBeGreaterThan(rows.length / 2);
    expect(flags.get('TRUE')).toBeGreaterThan(0);
    expect(rows.filter((row) => Number(row.Overage_Credits_Used) > 0).every((row) => row.Overage_Enabled?.toLowerCase() === 'true')).toBe(true);
    const email = (row: Record<string, string>): string | undefined => row.User_Email ?? row.email;
    expect(rows.some((row) => email(row) === '') && rows.some((row) => email(row)?.endsWith('@example.com'))).toBe(true);
    expect(rows.some((row) => row.New_User === 'true')).toBe(true);
  });

  it('has people who go quiet days before the end', () => {
    // Prepare
    const files = generate({ users: 40, days: 45 });
    const rows = userReports(files).flatMap((report) => report.rows);
    const { lastDate } = JSON.parse(fileAt(files, MANIFEST_FILE)) as { lastDate: string };

    // Act
    const lastSeen = new Map<string, string>();
    for (const row of rows) {
      const id = identityCenterUserId(row.UserId as string);
      if ((lastSeen.get(id) ?? '') < (row.Date as string)) lastSeen.set(id, row.Date as string);
    }

    // Assess
    expect([...lastSeen.values()].filter((date) => date <= addDaysIso(lastDate, -3)).length).toBeGreaterThanOrEqual(2);
  });

  it('splits busy client days into part files, re-exports one day with a later stamp, and leaves non-CSV markers', () => {
    // Prepare
    const files = generate({ users: 40 });
    const reports = userReports(files);

    // Act
    const parts = reports.filter((report) => report.part !== undefined);
    const stampsPerDay = new Map<string, Set<string>>();
    for (const report of reports) {
      const key = `${report.date}|${report.client}`;
      stampsPerDay.set(key, (stampsPerDay.get(key) ?? new Set()).add(report.stamp));
    }
    const reExported = [...stampsPerDay].filter(([, stamps]) => stamps.size > 1);
    const markers = files.filter((file) => !file.path.endsWith('.csv') && file.path.includes('/KiroLogs/'));

    // Assess
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((report) => report.rows.length <= 25)).toBe(true);
    expect(reports.filter((report) => report.part === undefined).every((report) => report.rows.length <= 25)).toBe(true);
    expect(reExported).toHaveLength(1);
    const [day, stamps] = reExported[0] as [string, Set<string>];
    const [early, late] = [...stamps].sort();
    const rowsOf = (stamp: string | undefined): string =>
      JSON.stringify(reports.filter((report) => `${report.date}|${report.client}` === day && report.stamp === stamp).flatMap((report) => report.rows));
    expect(rowsOf(early)).not.toBe(rowsOf(late));
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((file) => file.content === 'Access validation successful.')).toBe(true);
  });

  it('puts an overage spike on the last day: several times the trailing 14-day average and above 100 credits', () => {
    // Prepare
    const files = generate();
    const rows = latestExports(userReports(files)).flatMap((report) => report.rows);
    const manifest = JSON.parse(fileAt(files, MANIFEST_FILE)) as { lastDate: string; planted: { lastDaySpikeUserIds: string[] } };
    const lastDate = manifest.lastDate;
    const trailingFrom = addDaysIso(lastDate, -14);

    // Act
    const overage = (id: string, test: (date: string) => boolean): number =>
      rows
        .filter((row) => identityCenterUserId(row.UserId as string) === id && test(row.Date as string))
        .reduce((sum, row) => sum + Number(row.Overage_Credits_Used), 0);
    const spikers = [...new Set(rows.map((row) => identityCenterUserId(row.UserId as string)))].filter((id) => {
      const lastDay = overage(id, (date) => date === lastDate);
      const trailingAverage = overage(id, (date) => date >= trailingFrom && date < lastDate) / 14;
      return lastDay > 100 && lastDay >= 3 * trailingAverage;
    });

    // Assess
    expect(manifest.planted.lastDaySpikeUserIds.length).toBeGreaterThan(0);
    expect(spikers).toEqual(expect.arrayContaining(manifest.planted.lastDaySpikeUserIds));
  });
});

describe('npm run sample: by_user_analytic and directory', () => {
  it('writes one analytic file a day with MM-DD-YYYY dates, quoted ids and the 46 columns, overlapping user_report only partly', () => {
    // Prepare
    const files = generate();
    const analytic = files.filter((file) => file.path.includes('/by_user_analytic/'));
    const creditPairs = new Set(latestExports(userReports(files)).flatMap((report) => report.rows.map((row) => `${row.Date}|${identityCenterUserId(row.UserId as string)}`)));

    // Act
    const activityPairs = new Set<string>();
    for (const file of analytic) {
      const [, year, month, day] = /\/(\d{4})\/(\d{2})\/(\d{2})\/00\/111122223333_by_user_analytic_\d{12}_report\.csv$/.exec(file.path) as unknown as string[];
      const lines = file.content.trimEnd().split('\n');
      expect(lines[0]).toBe(ANALYTIC_HEADER);
      for (const line of lines.slice(1)) {
        const cells = line.split(',');
        expect(cells).toHaveLength(46);
        expect((cells[0] as string).slice(1, -1)).toMatch(new RegExp(`${BARE_ID.source}|${LONG_ID.source}`));
        expect(cells[1]).toBe(`${month}-${day}-${year}`);
        activityPairs.add(`${year}-${month}-${day}|${(cells[0] as string).slice(1, -1)}`);
      }
    }

    // Assess
    expect(analytic).toHaveLength(20);
    expect([...activityPairs].some((pair) => !creditPairs.has(pair))).toBe(true);
    expect([...creditPairs].some((pair) => !activityPairs.has(pair))).toBe(true);
    expect([...activityPairs].some((pair) => creditPairs.has(pair))).toBe(true);
  });

  it('leaves zero metrics empty in older analytic files only', () => {
    // Prepare
    const older = generate({ endDate: '2026-04-10' }).filter((file) => file.path.includes('/by_user_analytic/'));
    const newer = generate().filter((file) => file.path.includes('/by_user_analytic/'));

    // Assess
    expect(older.every((file) => file.content.split('\n')[1]?.includes(',,'))).toBe(true);
    expect(newer.every((file) => !file.content.includes(',,'))).toBe(true);
  });

  it('writes the list-users directory without the deleted user, who is still in the reports', () => {
    // Prepare
    const files = generate();
    const reportIds = new Set(userReports(files).flatMap((report) => report.rows.map((row) => identityCenterUserId(row.UserId as string))));

    // Act
    const directory = JSON.parse(fileAt(files, DIRECTORY_FILE)) as { Users: Record<string, unknown>[] };
    const directoryIds = new Set(directory.Users.map((user) => user.UserId as string));
    const missing = [...reportIds].filter((id) => !directoryIds.has(id));

    // Assess
    expect(missing).toHaveLength(1);
    expect(Object.keys(directory.Users[0] as object)).toEqual(['UserName', 'UserId', 'Name', 'DisplayName', 'Emails', 'IdentityStoreId']);
    expect(directory.Users.every((user) => user.IdentityStoreId === 'd-9a0b1c2d3e')).toBe(true);
    expect(directory.Users.some((user) => /[,é]/.test(user.DisplayName as string))).toBe(true);
    expect(new Set(directory.Users.map((user) => user.UserName)).size).toBe(directory.Users.length);
  });
});

function fileAt(files: readonly SampleFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`no ${path} in the sample`);
  return file.content;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function addDaysIso(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
