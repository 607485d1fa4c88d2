/**
 * Generates a whole sample, in memory and deterministically: the same options always give the
 * same files, byte for byte. Files come one day at a time so large samples need little memory.
 */
import { analyticKey, ACCESS_MARKERS, fileStamp, userReportKey } from './bucket-layout.js';
import { renderAnalyticReport } from './analytic-csv.js';
import { dayRange } from './calendar.js';
import { ACCOUNT_ID, CLIENT_TYPES, IDENTITY_STORE_ID, type ClientType } from './catalog.js';
import { renderDirectory } from './directory-json.js';
import { createPeople, type Person } from './people.js';
import { createRandom, type Random } from './random.js';
import { renderUserReport } from './user-report-csv.js';
import { simulateUsage, type CreditRow, type DayUsage } from './usage.js';

/** What to generate. */
export interface SampleOptions {
  users: number;
  days: number;
  seed: number;
  /** Last report date, `YYYY-MM-DD`. */
  endDate: string;
  /** Most rows in one user_report file; a client with more that day gets `part_<n>` files. */
  partSize: number;
}

/** Defaults of `npm run sample`: a fixed end date, never the clock, so output is reproducible. */
export const DEFAULT_SAMPLE_OPTIONS: Readonly<SampleOptions> = {
  users: 40,
  days: 45,
  seed: 42,
  endDate: '2026-11-20',
  partSize: 25,
};

/** One file of the sample: a `/`-separated path relative to the output folder, and its text. */
export interface SampleFile {
  path: string;
  content: string;
}

/** The Identity Center stand-in beside the reports. */
export const DIRECTORY_FILE = 'directory.json';

/** Records the options and the planted cases; its presence marks a folder as a sample. */
export const MANIFEST_FILE = 'sample.json';

/** `HHMM` of the files written for a report date (the next day, around 02:00 UTC). */
const WRITE_TIMES: Readonly<Record<ClientType | 'ANALYTIC' | 'RE_EXPORT', string>> = {
  KIRO_IDE: '0201',
  KIRO_CLI: '0202',
  PLUGIN: '0203',
  ANALYTIC: '0205',
  RE_EXPORT: '1437',
};

/** Rows a preliminary export gets wrong before the vendor re-exports the day. */
const RE_EXPORT_CHANGED_ROWS = 3;

/** Yields every file of the sample described by `options`. */
export function* generateSampleFiles(options: SampleOptions): Generator<SampleFile> {
  const random = createRandom(options.seed);
  const days = dayRange(options.endDate, options.days);
  const people = createPeople(options.users, { firstDay: days[0] as string, lastDay: options.endDate, days: options.days }, random);
  const profileId = random.hex(12).toUpperCase();
  // Not the first or last day, so the re-export sits among ordinary days.
  const reExportDate = days[random.int(1, days.length - 2)];
  let reExportClient: ClientType | undefined;

  for (const key of ACCESS_MARKERS.keys) yield { path: key, content: ACCESS_MARKERS.text };
  for (const day of simulateUsage(people, days, random)) {
    const byClient = CLIENT_TYPES.map((client) => ({ client, rows: day.credits.filter((row) => row.client === client) }));
    if (day.date === reExportDate) {
      reExportClient = byClient.reduce((most, entry) => (entry.rows.length > most.rows.length ? entry : most)).client;
    }
    for (const { client, rows } of byClient) {
      if (rows.length === 0) continue; // no activity, no file
      if (day.date === reExportDate && client === reExportClient) {
        yield* clientFiles(day, client, preliminary(rows, random), options.partSize, profileId, WRITE_TIMES[client]);
        yield* clientFiles(day, client, rows, options.partSize, profileId, WRITE_TIMES.RE_EXPORT);
      } else {
        yield* clientFiles(day, client, rows, options.partSize, profileId, WRITE_TIMES[client]);
      }
    }
    if (day.activity.length > 0) {
      yield { path: analyticKey(day.date, fileStamp(day.date, WRITE_TIMES.ANALYTIC)), content: renderAnalyticReport(day.date, day.activity) };
    }
  }
  yield { path: DIRECTORY_FILE, content: renderDirectory(people) };
  yield { path: MANIFEST_FILE, content: manifest(options, days, people, reExportDate, reExportClient) };
}

/** One file, or `part_<n>` files of at most `partSize` rows each. */
function* clientFiles(day: DayUsage, client: ClientType, rows: readonly CreditRow[], partSize: number, profileId: string, hhmm: string): Generator<SampleFile> {
  const stamp = fileStamp(day.date, hhmm);
  if (rows.length <= partSize) {
    yield { path: userReportKey(day.date, client, stamp), content: renderUserReport(day.date, rows, profileId) };
    return;
  }
  for (let start = 0, part = 1; start < rows.length; start += partSize, part += 1) {
    const partRows = rows.slice(start, start + partSize);
    yield { path: userReportKey(day.date, client, stamp, part), content: renderUserReport(day.date, partRows, profileId) };
  }
}

/** The first export of a re-exported day: a few rows still show about 60% of the final usage. */
function preliminary(rows: readonly CreditRow[], random: Random): CreditRow[] {
  const changed = new Set<number>();
  while (changed.size < Math.min(RE_EXPORT_CHANGED_ROWS, rows.length)) changed.add(random.int(0, rows.length - 1));
  return rows.map((row, index) => {
    if (!changed.has(index)) return row;
    const scale = (value: number): number => Math.floor(value * 0.6);
    return {
      ...row,
      credits: row.credits * 0.6,
      overageCredits: row.overageCredits * 0.6,
      conversations: Math.max(1, scale(row.conversations)),
      totalMessages: Math.max(1, scale(row.totalMessages)),
      modelMessages: row.modelMessages.map(scale),
    };
  });
}

function manifest(options: SampleOptions, days: readonly string[], people: readonly Person[], reExportDate: string | undefined, reExportClient: ClientType | undefined): string {
  const ids = (test: (person: Person) => boolean): string[] => people.filter(test).map((person) => person.userId);
  return `${JSON.stringify(
    {
      generatedBy: 'npm run sample',
      options,
      firstDate: days[0],
      lastDate: days[days.length - 1],
      accountId: ACCOUNT_ID,
      identityStoreId: IDENTITY_STORE_ID,
      planted: {
        deletedUserIds: ids((person) => person.deleted),
        lastDaySpikeUserIds: ids((person) => person.spike),
        reExport: { date: reExportDate, clientType: reExportClient },
      },
    },
    null,
    2,
  )}\n`;
}
