/**
 * Generates a whole sample, in memory and deterministically: the same options always give the
 * same files, byte for byte. Files come one day at a time so large samples need little memory.
 */
import { addDays } from '../../handlers/shared/dates.js';
import { FIRST_REPORT_DAY } from '../../handlers/shared/report-format.js';
import { analyticKey, ACCESS_MARKERS, fileStamp, userReportKey } from './bucket-layout.js';
import { renderAnalyticReport } from './analytic-csv.js';
import { dayRange } from './calendar.js';
import { ACCOUNT_ID, CLIENT_TYPES, IDENTITY_STORE_ID, type ClientType } from './catalog.js';
import { renderDirectory } from './directory-json.js';
import { createVariantRandom, drawUserReportFormat, plantPersonVariants, type UserReportFormat } from './file-variants.js';
import { createPeople, type Person } from './people.js';
import { createRandom, type Random } from './random.js';
import { HEADER_VERSION_FROM, renderUserReport } from './user-report-csv.js';
import { simulateUsage, type CreditRow, type DayUsage } from './usage.js';

/** What to generate. */
export interface SampleOptions {
  users: number;
  days: number;
  seed: number;
  /** Last report date, `YYYY-MM-DD`. */
  endDate: string;
  /** Most rows in one user_report file; a client with more that day gets `part_<n>` files (the vendor's parts hold about 1,000). */
  partSize: number;
}

/** Defaults of `npm run sample`: a fixed end date, never the clock, so output is reproducible. */
export const DEFAULT_SAMPLE_OPTIONS: Readonly<SampleOptions> = {
  users: 40,
  days: 45,
  seed: 42,
  endDate: '2026-11-20',
  partSize: 1000,
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
  KIRO_WEB: '0204',
  ANALYTIC: '0205',
  RE_EXPORT: '1437',
};

/** Rows a preliminary export gets wrong before the vendor re-exports the day. */
const RE_EXPORT_CHANGED_ROWS = 3;

/** What every user_report file of one sample shares: its profile and the variant stream. */
interface FileContext {
  partSize: number;
  profileId: string;
  /** Draws each export's {@link UserReportFormat} and its loose tier spellings. */
  variants: Random;
}

/** The first report day of a sample of `days` days ending `endDate`. */
export function sampleFirstDay(endDate: string, days: number): string {
  return addDays(endDate, 1 - days);
}

/**
 * Why a sample of `days` days ending `endDate` cannot be written, or `undefined`: its first day
 * is before `FIRST_REPORT_DAY`, where the pipeline counts every row as `bad_date`.
 */
export function sampleStartProblem(endDate: string, days: number): string | undefined {
  const firstDay = sampleFirstDay(endDate, days);
  if (firstDay >= FIRST_REPORT_DAY) return undefined;
  return `--end-date ${endDate} with --days ${days} starts on ${firstDay}: report days start on ${FIRST_REPORT_DAY}; choose a later --end-date or fewer --days`;
}

/** Yields every file of the sample described by `options`; throws when {@link sampleStartProblem} finds one. */
export function* generateSampleFiles(options: SampleOptions): Generator<SampleFile> {
  const problem = sampleStartProblem(options.endDate, options.days);
  if (problem !== undefined) throw new Error(problem);
  const random = createRandom(options.seed);
  const variants = createVariantRandom(options.seed);
  const days = dayRange(options.endDate, options.days);
  const people = createPeople(options.users, { firstDay: days[0] as string, lastDay: options.endDate, days: options.days }, random);
  const planted = plantPersonVariants(people, variants);
  const context: FileContext = { partSize: options.partSize, profileId: random.hex(12).toUpperCase(), variants };
  // Not the first or last day, so the re-export sits among ordinary days.
  const reExportDate = days[random.int(1, days.length - 2)];
  let reExportClient: ClientType | undefined;
  // The export whose columns come in another order: the first of a day that has the e-mail columns.
  const daysWithEmail = days.filter((date) => date >= HEADER_VERSION_FROM.withEmail);
  const reorderedDate = daysWithEmail.length > 0 ? daysWithEmail[variants.int(0, daysWithEmail.length - 1)] : undefined;
  const reorderedFiles: string[] = [];

  for (const key of ACCESS_MARKERS.keys) yield { path: key, content: ACCESS_MARKERS.text };
  for (const day of simulateUsage(people, days, random)) {
    const byClient = CLIENT_TYPES.map((client) => ({ client, rows: day.credits.filter((row) => row.client === client) }));
    if (day.date === reExportDate) {
      reExportClient = byClient.reduce((most, entry) => (entry.rows.length > most.rows.length ? entry : most)).client;
    }
    for (const { client, rows } of byClient) {
      if (rows.length === 0) continue; // no activity, no file
      const format = drawUserReportFormat(variants, day.date === reorderedDate && reorderedFiles.length === 0);
      const files = [...(day.date === reExportDate && client === reExportClient
        ? [
            ...clientFiles(day, client, preliminary(rows, random), context, format, WRITE_TIMES[client]),
            ...clientFiles(day, client, rows, context, format, WRITE_TIMES.RE_EXPORT),
          ]
        : clientFiles(day, client, rows, context, format, WRITE_TIMES[client]))];
      if (format.reordered) reorderedFiles.push(...files.map((file) => file.path));
      yield* files;
    }
    if (day.activity.length > 0) {
      yield { path: analyticKey(day.date, fileStamp(day.date, WRITE_TIMES.ANALYTIC)), content: renderAnalyticReport(day.date, day.activity) };
    }
  }
  yield { path: DIRECTORY_FILE, content: renderDirectory(people) };
  yield {
    path: MANIFEST_FILE,
    content: manifest(options, days, people, { reExport: { date: reExportDate, clientType: reExportClient }, reorderedFiles, ...planted }),
  };
}

/** One file, or `part_<n>` files of at most `partSize` rows each, all in `format`. */
function* clientFiles(day: DayUsage, client: ClientType, rows: readonly CreditRow[], context: FileContext, format: UserReportFormat, hhmm: string): Generator<SampleFile> {
  const stamp = fileStamp(day.date, hhmm);
  const render = (fileRows: readonly CreditRow[]): string => renderUserReport(day.date, fileRows, context.profileId, format, context.variants);
  if (rows.length <= context.partSize) {
    yield { path: userReportKey(day.date, client, stamp), content: render(rows) };
    return;
  }
  for (let start = 0, part = 1; start < rows.length; start += context.partSize, part += 1) {
    yield { path: userReportKey(day.date, client, stamp, part), content: render(rows.slice(start, start + context.partSize)) };
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

/** The planted cases of the file formats, besides the people's roles. */
interface PlantedFiles {
  reExport: { date: string | undefined; clientType: ClientType | undefined };
  /** Paths of the export whose columns come in another order (empty before the e-mail columns). */
  reorderedFiles: string[];
  /** People whose IDE usage is on KIRO_WEB. */
  webUserIds: string[];
  /** People whose Identity Center id is `<10 hex digits>-<uuid>`. */
  longIdUserIds: string[];
}

function manifest(options: SampleOptions, days: readonly string[], people: readonly Person[], files: PlantedFiles): string {
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
        ...files,
      },
    },
    null,
    2,
  )}\n`;
}
