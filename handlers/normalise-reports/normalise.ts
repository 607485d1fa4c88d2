/**
 * Reads one user_report file by its header names, never by position, and turns it into the
 * canonical rows, the long per-model counts and the issue counts (pure: text in, rows out). The
 * reading shared with by_user_analytic (`normalise-analytic.ts`) is here too: the CSV records,
 * the header index, the source facts of a key, number, flag and id cells, and the issue counter.
 * The report facts it reads by (e-mail headers, model columns, tiers, client types, the id
 * prefix, the analytic date) are owned by handlers/shared/report-format.ts; docs/report-format.md
 * says why.
 *
 * Nothing is dropped silently: a row that cannot be placed on a day (`bad_date`: no calendar day, or one
 * before `FIRST_REPORT_DAY`, where no partition is read) or on a person
 * (`missing_user`) is not written but counted; a cell that is not a number (`non_numeric`: `1,234`,
 * `0x10`, `12.7` for a count) or an absurd one (`out_of_range`: `-5`, `NaN`, `Infinity`, `1e308`)
 * becomes NULL, never a value, and is counted; an unknown tier or client type is kept as written
 * and counted (`unknown_tier`, `unknown_client`); a record that cannot be read as a row of its
 * header (an unterminated quote, more or fewer cells than the header, bytes that are not UTF-8)
 * is not written and counted (`unreadable_row`): its cells cannot be told apart, and reading the
 * cells it has would turn a truncated row into zeros. A header that lacks a column every version
 * of the report has (`missing_column`, e.g. a misspelt `Credits_Used`) leaves that column NULL in
 * every row written, never 0, and counts each of them (a row left out is counted for why it is). A
 * row is counted once per issue kind.
 */
import { addDays, isIsoDate } from '../shared/dates.js';
import {
  canonicalTier,
  fileStampPattern,
  FIRST_REPORT_DAY,
  glueColumnName,
  identityCenterUserId,
  KNOWN_CLIENT_TYPES,
  modelOfColumn,
  PATH_ACCOUNT_PATTERN,
  pathRegionPattern,
  REQUIRED_REPORT_COLUMNS,
  reportTableOfKey,
  USER_EMAIL_HEADERS,
  USER_REPORT_TABLE,
  type DataQualityIssue,
  type ReportTable,
} from '../shared/report-format.js';
import { csvRows } from './report-csv.js';

/** Where a file sits: what its key says. */
export interface SourceFile {
  /** The object key (or local path) the report, account, region, day folder and stamp are read from. */
  key: string;
  /** What the rows' `source_file` holds: the object's URI, as Athena's `"$path"` gives it. */
  uri: string;
}

/** What a key says about its file. */
export interface SourceFacts {
  account_id: string | null;
  region: string | null;
  /** The export stamp `yyyymmddHHMM` from the file name; '' when it has none (older than any stamp). */
  file_stamp: string;
  /** The report day of the date folders `<region>/<yyyy>/<mm>/<dd>/`, or `null`. */
  folderDate: string | null;
}

/** The report of a key: its `/<table>/` folder; user_report when it names none. */
export function reportOf(key: string): ReportTable {
  return reportTableOfKey(key) ?? USER_REPORT_TABLE;
}

/** The account, region, stamp and day folder of a report key (user_report or by_user_analytic). */
export function sourceFacts(key: string): SourceFacts {
  const table = reportOf(key);
  const path = key.startsWith('/') ? key : `/${key}`;
  const folder = new RegExp(`/${table}/[^/]+/([0-9]{4})/([0-9]{2})/([0-9]{2})/`).exec(path);
  const folderDate = folder ? `${folder[1]}-${folder[2]}-${folder[3]}` : null;
  return {
    account_id: new RegExp(PATH_ACCOUNT_PATTERN).exec(path)?.[1] ?? null,
    region: new RegExp(pathRegionPattern(table)).exec(path)?.[1] ?? null,
    file_stamp: new RegExp(fileStampPattern(table)).exec(path)?.[1] ?? '',
    folderDate: isIsoDate(folderDate) ? folderDate : null,
  };
}

/**
 * The day a row that names no day of its own is counted on: the date folder's day; for a file
 * outside the date folders, the day before its export stamp (the vendor writes a day's file
 * early the next day); `null` when the key tells neither. A day before `FIRST_REPORT_DAY` is
 * counted on that first day: the count must land on a day the tables read.
 */
export function fallbackDay(facts: SourceFacts): string | null {
  const stampDay = `${facts.file_stamp.slice(0, 4)}-${facts.file_stamp.slice(4, 6)}-${facts.file_stamp.slice(6, 8)}`;
  const day = facts.folderDate ?? (isIsoDate(stampDay) ? addDays(stampDay, -1) : null);
  return day !== null && day < FIRST_REPORT_DAY ? FIRST_REPORT_DAY : day;
}

/** The columns every canonical record starts with: where it came from. */
export interface SourceColumns {
  report_date: string;
  source_file: string;
  file_stamp: string;
  account_id: string | null;
  region: string | null;
}

/** One canonical user_report row (columns of `CANONICAL_COLUMNS.user_report_rows`, plus its day). */
export interface CanonicalReportRow extends SourceColumns {
  /** The row's line in the file (the header is line 1; a record over several lines: its last). */
  line: number;
  userid: string;
  raw_userid: string;
  client_type: string | null;
  chat_conversations: number | null;
  credits_used: number | null;
  overage_cap: number | null;
  overage_credits_used: number | null;
  overage_enabled: boolean | null;
  profile_id: string | null;
  subscription_tier: string | null;
  raw_subscription_tier: string | null;
  total_messages: number | null;
  new_user: boolean | null;
  user_email: string | null;
  usage_limit: number | null;
}

/** One non-zero per-model count of a row. */
export interface ModelMessagesRow extends SourceColumns {
  line: number;
  userid: string;
  client_type: string | null;
  profile_id: string | null;
  model: string;
  messages: number;
}

/** Rows of one file with one issue on one day. */
export interface IssueCount extends SourceColumns {
  report: ReportTable;
  issue: DataQualityIssue;
  rows: number;
}

/** Everything read from one user_report file. */
export interface NormalisedFile {
  rows: CanonicalReportRow[];
  models: ModelMessagesRow[];
  issues: IssueCount[];
}

/** Counts and credits above this are not usage but a broken cell (`1e308`): `out_of_range`. */
export const MAX_PLAUSIBLE_VALUE = 1e9;

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** What {@link readNumber} gives for an empty cell, so each column picks its default. */
const EMPTY = 'empty';

/** Up to nine digits and nothing else: a count below {@link MAX_PLAUSIBLE_VALUE}, as nearly every cell is. */
function isPlainCount(text: string): boolean {
  if (text.length === 0 || text.length > 9) return false;
  for (let position = 0; position < text.length; position += 1) {
    const char = text.charCodeAt(position);
    if (char < 0x30 || char > 0x39) return false;
  }
  return true;
}

/**
 * Reads a cell as a number the way the views may use it: plain decimal notation only (no
 * thousands separators, hex or words); negative, non-finite or absurd values are `out_of_range`.
 * `integer`: a count, so `12.7` is `non_numeric` (as Trino's CAST to BIGINT refuses it). No
 * object per cell (a backfill reads tens of millions), and plain digits skip the regular expressions.
 */
function readNumber(text: string | undefined, integer: boolean): number | typeof EMPTY | 'non_numeric' | 'out_of_range' {
  if (text !== undefined && isPlainCount(text)) return Number(text);
  const cell = (text ?? '').trim();
  if (cell === '') return EMPTY;
  if (NON_FINITE.test(cell)) return 'out_of_range';
  if (!(integer ? INTEGER : DECIMAL).test(cell)) {
    // A count written as a decimal (`12.7`) is no count; an absurd or negative one is out of range first.
    const value = DECIMAL.test(cell) ? Number(cell) : Number.NaN;
    if (DECIMAL.test(cell) && (!Number.isFinite(value) || value < 0 || value > MAX_PLAUSIBLE_VALUE)) return 'out_of_range';
    return 'non_numeric';
  }
  const value = Number(cell);
  if (!Number.isFinite(value) || value < 0 || value > MAX_PLAUSIBLE_VALUE) return 'out_of_range';
  return value === 0 ? 0 : value;
}

/**
 * A cell's number for a column (see {@link readNumber}): its value, `emptyAs` when empty, or
 * NULL with its issue (`non_numeric`, `out_of_range`) added to `issues`. No cell (`undefined`:
 * the header lacks the column) is NULL, never `emptyAs`: nothing says the count was 0; the
 * file's `missing_column` is counted by its reading ({@link ReportReading.rowIssues}).
 */
export function cellNumber(text: string | undefined, integer: boolean, emptyAs: number | null, issues: Set<DataQualityIssue>): number | null {
  if (text === undefined) return null;
  const read = readNumber(text, integer);
  if (typeof read === 'number') return read;
  if (read === EMPTY) return emptyAs;
  issues.add(read);
  return null;
}

/** `true`/`false` in any case; anything else (or empty) is unknown. */
export function flagCell(text: string | undefined): boolean | null {
  const cell = (text ?? '').trim().toLowerCase();
  return cell === 'true' ? true : cell === 'false' ? false : null;
}

/** A report UserId without surrounding quotes and blanks and without the identity store prefix. */
export function reportUserId(text: string | undefined): { userid: string; raw: string } {
  const raw = (text ?? '').trim().replace(/^"+|"+$/g, '').trim();
  return { userid: identityCenterUserId(raw), raw };
}

/** One row of a file opened by {@link openReport}. */
export interface ReportRow {
  line: number;
  /** The cell of a header name (as {@link glueColumnName} gives it); `undefined` when the header lacks it. */
  cell(name: string): string | undefined;
  /** Every cell, by position (for columns found by header, e.g. the per-model ones). */
  cells: readonly string[];
}

/** A row of a file read by its header: a class, so a row is one object and not one closure more. */
class HeaderRow implements ReportRow {
  constructor(
    readonly line: number,
    readonly cells: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  cell(name: string): string | undefined {
    const position = this.index.get(name);
    return position === undefined ? undefined : this.cells[position];
  }
}

/** A file being read: its header, where each row came from, and its issue counter. */
export interface ReportReading {
  facts: SourceFacts;
  /** Header names as the crawler names them, by position. */
  names: readonly string[];
  /** Position of each header name (the first, should a header repeat one). */
  index: ReadonlyMap<string, number>;
  /** The source columns of a record on `day`. */
  source(day: string): SourceColumns;
  /** The source columns but the day: the same for every record of the file. */
  origin: Omit<SourceColumns, 'report_date'>;
  /** Counts one row of `issue` on `day`. */
  count(day: string, issue: DataQualityIssue): void;
  /** A written row's issues so far: `missing_column` when the file lacks a column, else none. */
  rowIssues(): Set<DataQualityIssue>;
  /** The counts so far. */
  issues(): IssueCount[];
}

/** A report file opened by its header: the rows that are rows of it, and the counter of its issues. */
export interface OpenedReport {
  reading: ReportReading;
  rows: ReportRow[];
}

/**
 * Opens a report file by its header: the rows that are rows of that header (as many cells as
 * header names, all of them UTF-8 text); blank records carry nothing and are passed over. What
 * cannot be read is counted as `unreadable_row` on the {@link fallbackDay} of the file. A file
 * without a header has no rows and no issues.
 */
export function openReport(text: string, source: SourceFile): OpenedReport {
  const facts = sourceFacts(source.key);
  const report = reportOf(source.key);
  const { records, unreadable } = csvRows(text);
  const [header, ...body] = records;
  const names = (header?.cells ?? []).map((cell) => glueColumnName(cell.replace(/^\uFEFF/, '')));
  const index = new Map<string, number>();
  names.forEach((name, position) => {
    if (!index.has(name)) index.set(name, position);
  });
  // The required columns ({@link REQUIRED_REPORT_COLUMNS}) this file's header lacks.
  const missing = REQUIRED_REPORT_COLUMNS[report].filter((name) => !index.has(name));
  const counts = new Map<string, IssueCount>();
  const origin = { source_file: source.uri, file_stamp: facts.file_stamp, account_id: facts.account_id, region: facts.region };
  const sourceColumns = (day: string): SourceColumns => ({ report_date: day, ...origin });
  const reading: ReportReading = {
    facts,
    names,
    index,
    source: sourceColumns,
    origin,
    count(day, issue) {
      const key = `${day}\u0000${issue}`;
      const entry = counts.get(key) ?? { ...sourceColumns(day), report, issue, rows: 0 };
      entry.rows += 1;
      counts.set(key, entry);
    },
    rowIssues: () => new Set<DataQualityIssue>(missing.length > 0 ? ['missing_column'] : []),
    issues: () => [...counts.values()],
  };
  const undated = fallbackDay(facts);
  const unreadableRow = (): void => {
    if (undated !== null) reading.count(undated, 'unreadable_row');
  };
  for (let skipped = 0; skipped < unreadable; skipped += 1) unreadableRow();
  const rows: ReportRow[] = [];
  // A file without U+FFFD has no row to look for one in; a lone surrogate becomes one when read.
  const notUtf8 = /[\uFFFD\uD800-\uDFFF]/.test(text);
  for (const { cells, line } of body) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    // Cells too many or too few cannot be placed under their names; U+FFFD is where the bytes were not UTF-8.
    if (cells.length !== names.length || (notUtf8 && cells.some((cell) => cell.includes('\uFFFD')))) {
      unreadableRow();
      continue;
    }
    rows.push(new HeaderRow(line, cells, index));
  }
  return { reading, rows };
}

/**
 * Normalises one user_report file. `issues` are summed per (day, issue); a row whose date is
 * not a calendar day, or one before `FIRST_REPORT_DAY`, is counted on the {@link fallbackDay} of
 * its file (the date folder's day).
 */
export function normaliseUserReport(text: string, source: SourceFile): NormalisedFile {
  const { reading: file, rows } = openReport(text, source);
  const result: NormalisedFile = { rows: [], models: [], issues: [] };
  const modelColumns = file.names.flatMap((name, position) => {
    const model = modelOfColumn(name);
    return model === undefined || file.index.get(name) !== position ? [] : [{ model, position }];
  });
  const emailColumns = USER_EMAIL_HEADERS.filter((name) => file.index.has(name));
  // A day before FIRST_REPORT_DAY is in no partition Athena reads: counted as bad_date, not written.
  const isDay = lastAnswer((text: string) => isIsoDate(text) && text >= FIRST_REPORT_DAY);
  // The source columns written out, not spread: a spread followed by more properties makes
  // every row take the slow path of adding properties one by one (it dominated the step).
  const { source_file, file_stamp, account_id, region } = file.origin;
  for (const row of rows) {
    const dateText = (row.cell('date') ?? '').trim();
    if (!isDay(dateText)) {
      const day = fallbackDay(file.facts);
      if (day !== null) file.count(day, 'bad_date');
      continue;
    }
    const day = dateText;
    const { userid, raw } = reportUserId(row.cell('userid'));
    if (userid === '') {
      file.count(day, 'missing_user');
      continue;
    }
    const rowIssues = file.rowIssues();
    const clientType = (row.cell('client_type') ?? '').trim().toUpperCase() || null;
    if (clientType === null || !(KNOWN_CLIENT_TYPES as readonly string[]).includes(clientType)) rowIssues.add('unknown_client');
    const rawTier = (row.cell('subscription_tier') ?? '').trim() || null;
    const known = rawTier === null ? undefined : canonicalTier(rawTier);
    if (rawTier !== null && known === undefined) rowIssues.add('unknown_tier');
    const profile = (row.cell('profileid') ?? '').trim() || null;
    const email = emailColumns.map((name) => (row.cell(name) ?? '').trim()).find((value) => value !== '') ?? null;
    result.rows.push({
      report_date: day,
      source_file,
      file_stamp,
      account_id,
      region,
      line: row.line,
      userid,
      raw_userid: raw,
      client_type: clientType,
      chat_conversations: cellNumber(row.cell('chat_conversations'), true, 0, rowIssues),
      credits_used: cellNumber(row.cell('credits_used'), false, 0, rowIssues),
      overage_cap: cellNumber(row.cell('overage_cap'), false, null, rowIssues),
      overage_credits_used: cellNumber(row.cell('overage_credits_used'), false, 0, rowIssues),
      overage_enabled: flagCell(row.cell('overage_enabled')),
      profile_id: profile,
      subscription_tier: rawTier === null ? null : (known ?? rawTier.toUpperCase()),
      raw_subscription_tier: rawTier,
      total_messages: cellNumber(row.cell('total_messages'), true, 0, rowIssues),
      new_user: flagCell(row.cell('new_user')),
      user_email: email,
      usage_limit: cellNumber(row.cell('usage_limit'), true, null, rowIssues),
    });
    for (const { model, position } of modelColumns) {
      // An empty cell is no count; one that is no number is NULL, its issue counted: neither is a row.
      const messages = cellNumber(row.cells[position], true, 0, rowIssues);
      if (messages === null || messages === 0) continue;
      result.models.push({
        report_date: day,
        source_file,
        file_stamp,
        account_id,
        region,
        line: row.line,
        userid,
        client_type: clientType,
        profile_id: profile,
        model,
        messages,
      });
    }
    for (const issue of rowIssues) file.count(day, issue);
  }
  result.issues = file.issues();
  return result;
}

/**
 * `answer`, remembering the last text it was asked about: the rows of a file nearly all name one
 * day, so its date is checked once, not once a row.
 */
export function lastAnswer<T>(answer: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let last: T;
  return (text) => {
    if (text !== lastText) {
      last = answer(text);
      lastText = text;
    }
    return last;
  };
}

/** The issue counts of a file summed per issue, for one day (the run summary's shape). */
export function issueTotals(issues: readonly IssueCount[], day: string): Partial<Record<DataQualityIssue, number>> {
  const totals: Partial<Record<DataQualityIssue, number>> = {};
  for (const entry of issues) {
    if (entry.report_date === day) totals[entry.issue] = (totals[entry.issue] ?? 0) + entry.rows;
  }
  return totals;
}
