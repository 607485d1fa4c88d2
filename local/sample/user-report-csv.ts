/**
 * Renders user_report CSV files. The header depends on the report date (three versions), and from
 * September 2026 a file carries a column per model only if someone in it used that model. How a
 * file spells the e-mail header and the tiers and orders its columns is its {@link UserReportFormat}.
 */
import { USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import { ACCOUNT_ID, IDENTITY_STORE_ID, MODEL_COLUMNS, REGION } from './catalog.js';
import { spellTier, type UserReportFormat } from './file-variants.js';
import type { Random } from './random.js';
import type { CreditRow } from './usage.js';

/** First report date of each header version in the sample. */
export const HEADER_VERSION_FROM = { withEmail: '2026-04-01', withModels: '2026-09-01' } as const;

/** From this date some UserIds carry the identity store prefix. */
const PREFIXED_IDS_FROM = '2026-03-01';

/** The columns every header version starts with, up to Total_Messages: they never move. */
const LEADING_COLUMNS = USER_REPORT_HEADERS.original;

/** One column of a file after Total_Messages, and how a row fills it. */
type TrailingColumn = { kind: 'newUser' } | { kind: 'email' } | { kind: 'usageLimit' } | { kind: 'model'; index: number };

/** The models `rows` use (indexes into MODEL_COLUMNS), in the order `format` lists them. */
function modelsOf(rows: readonly CreditRow[], format: UserReportFormat): number[] {
  const used = (index: number): boolean => rows.some((row) => (row.modelMessages[index] as number) > 0);
  const alphabetical = MODEL_COLUMNS.map((_, index) => index).filter(used);
  if (format.reordered) return alphabetical.reverse();
  if (format.modelOrder === 'alphabetical') return alphabetical;
  const firstUse: number[] = [];
  for (const row of rows) {
    row.modelMessages.forEach((count, index) => {
      if (count > 0 && !firstUse.includes(index)) firstUse.push(index);
    });
  }
  return firstUse;
}

/** The columns after Total_Messages of a file for `reportDate` of `format` whose rows use `models`. */
function trailingColumns(reportDate: string, format: UserReportFormat, models: readonly number[]): TrailingColumn[] {
  if (reportDate < HEADER_VERSION_FROM.withEmail) return [];
  const columns: TrailingColumn[] = format.reordered ? [{ kind: 'email' }, { kind: 'newUser' }] : [{ kind: 'newUser' }, { kind: 'email' }];
  if (reportDate < HEADER_VERSION_FROM.withModels) return columns;
  return [...columns, { kind: 'usageLimit' }, ...models.map((index): TrailingColumn => ({ kind: 'model', index }))];
}

function headerName(column: TrailingColumn, format: UserReportFormat): string {
  switch (column.kind) {
    case 'newUser':
      return 'New_User';
    case 'email':
      return format.emailHeader;
    case 'usageLimit':
      return 'Usage_Limit';
    case 'model':
      return MODEL_COLUMNS[column.index] as string;
  }
}

function cell(column: TrailingColumn, row: CreditRow): string {
  switch (column.kind) {
    case 'newUser':
      return String(row.newUser);
    case 'email':
      return row.person.showsEmail ? `"${row.person.email}"` : '';
    case 'usageLimit':
      return String(row.person.usageLimit);
    case 'model':
      return String(row.modelMessages[column.index]);
  }
}

/**
 * Renders one user_report file for `reportDate` in `format`. `profileId` is the profile part of
 * the ARN; `random` draws the loose tier spellings.
 */
export function renderUserReport(reportDate: string, rows: readonly CreditRow[], profileId: string, format: UserReportFormat, random: Random): string {
  const trailing = trailingColumns(reportDate, format, modelsOf(rows, format));
  const profileArn = `"arn:aws:codewhisperer:${REGION}:${ACCOUNT_ID}:profile/${profileId}"`;
  const lines = [[...LEADING_COLUMNS, ...trailing.map((column) => headerName(column, format))].join(',')];
  for (const row of rows) {
    const { person } = row;
    const prefix = reportDate >= PREFIXED_IDS_FROM && person.prefixedClients.has(row.client) ? `${IDENTITY_STORE_ID}.` : '';
    // Overage_Cap is 0.0 when overage is off: what the vendor writes then is unverified.
    const leading =
      `${reportDate},"${prefix}${person.userId}",${row.client},${row.conversations},${pythonFloat(row.credits)},` +
      `${pythonFloat(person.overageEnabled ? person.overageCap : 0)},${pythonFloat(row.overageCredits)},` +
      `${overageFlag(row)},${profileArn},${spellTier(row.tier, format, random)},${row.totalMessages}`;
    lines.push([leading, ...trailing.map((column) => cell(column, row))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Lowercase normally; some rows say `TRUE`, as seen in real files. */
function overageFlag(row: CreditRow): string {
  if (!row.person.overageEnabled) return 'false';
  return row.person.upperCaseFlag ? 'TRUE' : 'true';
}

/** Floats as the vendor's (Python) writer prints them: full precision, `.0` on whole numbers. */
function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
