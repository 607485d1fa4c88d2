/**
 * Reads one user_report file by its header names, never by position, and turns it into the
 * canonical rows, the long per-model counts and the issue counts (pure: text in, rows out).
 * The report facts it reads by (e-mail headers, model columns, tiers, client types, the id
 * prefix) are owned by handlers/shared/report-format.ts; docs/report-format.md says why.
 *
 * Nothing is dropped silently: a row that cannot be placed on a day (`bad_date`) or on a person
 * (`missing_user`) is not written but counted; a cell that is not a number (`non_numeric`: `1,234`,
 * `0x10`, `12.7` for a count) or an absurd one (`out_of_range`: `-5`, `NaN`, `Infinity`, `1e308`)
 * becomes NULL, never a value, and is counted; an unknown tier or client type is kept as written
 * and counted (`unknown_tier`, `unknown_client`); a record the CSV parser cannot read (an
 * unterminated quote) is skipped and counted (`unreadable_row`). A row is counted once per issue kind.
 */
import { parse } from 'csv-parse/sync';
import { isIsoDate } from '../shared/dates.js';
import {
  canonicalTier,
  fileStampPattern,
  glueColumnName,
  identityCenterUserId,
  KNOWN_CLIENT_TYPES,
  modelOfColumn,
  PATH_ACCOUNT_PATTERN,
  pathRegionPattern,
  USER_EMAIL_HEADERS,
  USER_REPORT_TABLE,
  type DataQualityIssue,
} from '../shared/report-format.js';

/** Where a file sits: what its key says. */
export interface SourceFile {
  /** The object key (or local path) the account, region, day folder and stamp are read from. */
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

/** The account, region, stamp and day folder of a user_report key. */
export function sourceFacts(key: string): SourceFacts {
  const path = key.startsWith('/') ? key : `/${key}`;
  const folder = new RegExp(`/${USER_REPORT_TABLE}/[^/]+/([0-9]{4})/([0-9]{2})/([0-9]{2})/`).exec(path);
  const folderDate = folder ? `${folder[1]}-${folder[2]}-${folder[3]}` : null;
  return {
    account_id: new RegExp(PATH_ACCOUNT_PATTERN).exec(path)?.[1] ?? null,
    region: new RegExp(pathRegionPattern(USER_REPORT_TABLE)).exec(path)?.[1] ?? null,
    file_stamp: new RegExp(fileStampPattern(USER_REPORT_TABLE)).exec(path)?.[1] ?? '',
    folderDate: isIsoDate(folderDate) ? folderDate : null,
  };
}

/** One canonical user_report row (columns of `CANONICAL_COLUMNS.user_report_rows`, plus its day). */
export interface CanonicalReportRow {
  report_date: string;
  source_file: string;
  file_stamp: string;
  account_id: string | null;
  region: string | null;
  /** The row's line in the file (the header is line 1). */
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
export interface ModelMessagesRow {
  report_date: string;
  source_file: string;
  file_stamp: string;
  account_id: string | null;
  region: string | null;
  line: number;
  userid: string;
  client_type: string | null;
  profile_id: string | null;
  model: string;
  messages: number;
}

/** Rows of one file with one issue on one day. */
export interface IssueCount {
  report_date: string;
  source_file: string;
  file_stamp: string;
  account_id: string | null;
  region: string | null;
  report: typeof USER_REPORT_TABLE;
  issue: DataQualityIssue;
  rows: number;
}

/** Everything read from one file. */
export interface NormalisedFile {
  rows: CanonicalReportRow[];
  models: ModelMessagesRow[];
  issues: IssueCount[];
}

/** Counts and credits above this are not usage but a broken cell (`1e308`): `out_of_range`. */
export const MAX_PLAUSIBLE_VALUE = 1e9;

/** A cell's number, or why it is none. Empty cells are `empty`, so each column picks its default. */
export type NumberCell = { value: number } | { empty: true } | { issue: 'non_numeric' | 'out_of_range' };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Reads a cell as a number the way the views may use it: plain decimal notation only (no
 * thousands separators, hex or words); negative, non-finite or absurd values are `out_of_range`.
 * `integer`: a count, so `12.7` is `non_numeric` (as Trino's CAST to BIGINT refuses it).
 */
export function numberCell(text: string | undefined, integer: boolean): NumberCell {
  const cell = (text ?? '').trim();
  if (cell === '') return { empty: true };
  if (NON_FINITE.test(cell)) return { issue: 'out_of_range' };
  if (!(integer ? INTEGER : DECIMAL).test(cell)) {
    // A count written as a decimal (`12.7`) is no count; an absurd or negative one is out of range first.
    const value = DECIMAL.test(cell) ? Number(cell) : Number.NaN;
    if (DECIMAL.test(cell) && (!Number.isFinite(value) || value < 0 || value > MAX_PLAUSIBLE_VALUE)) return { issue: 'out_of_range' };
    return { issue: 'non_numeric' };
  }
  const value = Number(cell);
  if (!Number.isFinite(value) || value < 0 || value > MAX_PLAUSIBLE_VALUE) return { issue: 'out_of_range' };
  return { value: value === 0 ? 0 : value };
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

/** The cells of a header row, as the crawler names columns (trimmed, lowercased; a BOM is gone already). */
function headerNames(cells: readonly string[]): string[] {
  return cells.map((cell) => glueColumnName(cell.replace(/^\uFEFF/, '')));
}

/**
 * Reads the CSV text into rows of cells (the first row is the header) and the number of records
 * the parser could not read (an unterminated quote, …): those are skipped, never guessed.
 */
export function csvRows(text: string): { rows: string[][]; unreadable: number } {
  let unreadable = 0;
  const rows = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: () => {
      unreadable += 1;
    },
    trim: false,
  }) as string[][];
  return { rows, unreadable };
}

/**
 * Normalises one user_report file. `issues` are summed per (day, issue); a row whose date is
 * not a calendar day is counted on the day of its date folder (the only day the file tells).
 */
export function normaliseUserReport(text: string, source: SourceFile): NormalisedFile {
  const facts = sourceFacts(source.key);
  const { rows: table, unreadable } = csvRows(text);
  const [header, ...body] = table;
  const result: NormalisedFile = { rows: [], models: [], issues: [] };
  if (header === undefined) return result;
  const names = headerNames(header);
  const index = new Map<string, number>();
  names.forEach((name, position) => {
    // The first column of a name wins, should a header repeat one.
    if (!index.has(name)) index.set(name, position);
  });
  const cellOf = (cells: readonly string[], name: string): string | undefined => {
    const position = index.get(name);
    return position === undefined ? undefined : cells[position];
  };
  const modelColumns = names.flatMap((name, position) => {
    const model = modelOfColumn(name);
    return model === undefined || index.get(name) !== position ? [] : [{ model, position }];
  });
  const emailColumns = USER_EMAIL_HEADERS.filter((name) => index.has(name));
  const counts = new Map<string, IssueCount>();
  const count = (day: string, issue: DataQualityIssue): void => {
    const key = `${day}\u0000${issue}`;
    const entry = counts.get(key) ?? {
      report_date: day,
      source_file: source.uri,
      file_stamp: facts.file_stamp,
      account_id: facts.account_id,
      region: facts.region,
      report: USER_REPORT_TABLE,
      issue,
      rows: 0,
    };
    entry.rows += 1;
    counts.set(key, entry);
  };

  // A record the parser cannot read belongs to no known day but its folder's.
  if (facts.folderDate !== null) for (let index = 0; index < unreadable; index += 1) count(facts.folderDate, 'unreadable_row');

  body.forEach((cells, bodyIndex) => {
    const line = bodyIndex + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    const dateText = (cellOf(cells, 'date') ?? '').trim();
    if (!isIsoDate(dateText)) {
      if (facts.folderDate !== null) count(facts.folderDate, 'bad_date');
      return;
    }
    const day = dateText;
    const { userid, raw } = reportUserId(cellOf(cells, 'userid'));
    if (userid === '') {
      count(day, 'missing_user');
      return;
    }
    const rowIssues = new Set<DataQualityIssue>();
    const number = (name: string, integer: boolean, emptyAs: number | null): number | null => {
      const cell = numberCell(cellOf(cells, name), integer);
      if ('value' in cell) return cell.value;
      if ('empty' in cell) return emptyAs;
      rowIssues.add(cell.issue);
      return null;
    };
    const clientType = (cellOf(cells, 'client_type') ?? '').trim().toUpperCase() || null;
    if (clientType === null || !(KNOWN_CLIENT_TYPES as readonly string[]).includes(clientType)) rowIssues.add('unknown_client');
    const rawTier = (cellOf(cells, 'subscription_tier') ?? '').trim() || null;
    const tier = rawTier === null ? null : (canonicalTier(rawTier) ?? rawTier.toUpperCase());
    if (rawTier !== null && canonicalTier(rawTier) === undefined) rowIssues.add('unknown_tier');
    const profile = (cellOf(cells, 'profileid') ?? '').trim() || null;
    const email = emailColumns.map((name) => (cellOf(cells, name) ?? '').trim()).find((value) => value !== '') ?? null;
    const row: CanonicalReportRow = {
      report_date: day,
      source_file: source.uri,
      file_stamp: facts.file_stamp,
      account_id: facts.account_id,
      region: facts.region,
      line,
      userid,
      raw_userid: raw,
      client_type: clientType,
      chat_conversations: number('chat_conversations', true, 0),
      credits_used: number('credits_used', false, 0),
      overage_cap: number('overage_cap', false, null),
      overage_credits_used: number('overage_credits_used', false, 0),
      overage_enabled: flagCell(cellOf(cells, 'overage_enabled')),
      profile_id: profile,
      subscription_tier: tier,
      raw_subscription_tier: rawTier,
      total_messages: number('total_messages', true, 0),
      new_user: flagCell(cellOf(cells, 'new_user')),
      user_email: email,
      usage_limit: number('usage_limit', false, null),
    };
    result.rows.push(row);
    for (const { model, position } of modelColumns) {
      const cell = numberCell(cells[position], true);
      if ('issue' in cell) {
        rowIssues.add(cell.issue);
        continue;
      }
      if ('empty' in cell || cell.value === 0) continue;
      result.models.push({
        report_date: day,
        source_file: source.uri,
        file_stamp: facts.file_stamp,
        account_id: facts.account_id,
        region: facts.region,
        line,
        userid,
        client_type: clientType,
        profile_id: profile,
        model,
        messages: cell.value,
      });
    }
    for (const issue of rowIssues) count(day, issue);
  });
  result.issues = [...counts.values()];
  return result;
}

/** The issue counts of a file summed per issue, for one day (the run summary's shape). */
export function issueTotals(issues: readonly IssueCount[], day: string): Partial<Record<DataQualityIssue, number>> {
  const totals: Partial<Record<DataQualityIssue, number>> = {};
  for (const entry of issues) {
    if (entry.report_date === day) totals[entry.issue] = (totals[entry.issue] ?? 0) + entry.rows;
  }
  return totals;
}
