/**
 * Renders user_report CSV files. The header depends on the report date (three versions), and from
 * September 2026 a file carries a column per model only if someone in it used that model.
 */
import { USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import { ACCOUNT_ID, IDENTITY_STORE_ID, MODEL_COLUMNS, REGION } from './catalog.js';
import type { CreditRow } from './usage.js';

/** First report date of each header version in the sample. */
export const HEADER_VERSION_FROM = { withEmail: '2026-04-01', withModels: '2026-09-01' } as const;

/** From this date some UserIds carry the identity store prefix. */
const PREFIXED_IDS_FROM = '2026-03-01';

/** The column names of a file for `reportDate` whose rows use the models at `modelIndexes`. */
export function userReportColumns(reportDate: string, modelIndexes: readonly number[]): string[] {
  if (reportDate >= HEADER_VERSION_FROM.withModels) {
    return [...USER_REPORT_HEADERS.withUsageLimit, ...modelIndexes.map((index) => MODEL_COLUMNS[index] as string)];
  }
  return [...(reportDate >= HEADER_VERSION_FROM.withEmail ? USER_REPORT_HEADERS.withEmail : USER_REPORT_HEADERS.original)];
}

/** Renders one user_report file for `reportDate`. `profileId` is the profile part of the ARN. */
export function renderUserReport(reportDate: string, rows: readonly CreditRow[], profileId: string): string {
  const models = MODEL_COLUMNS.map((_, index) => index).filter((index) => rows.some((row) => (row.modelMessages[index] as number) > 0));
  const withEmail = reportDate >= HEADER_VERSION_FROM.withEmail;
  const withModels = reportDate >= HEADER_VERSION_FROM.withModels;
  const profileArn = `"arn:aws:codewhisperer:${REGION}:${ACCOUNT_ID}:profile/${profileId}"`;
  const lines = [userReportColumns(reportDate, models).join(',')];
  for (const row of rows) {
    const { person } = row;
    const prefix = reportDate >= PREFIXED_IDS_FROM && person.prefixedClients.has(row.client) ? `${IDENTITY_STORE_ID}.` : '';
    // Overage_Cap is 0.0 when overage is off: what the vendor writes then is unverified.
    let line =
      `${reportDate},"${prefix}${person.userId}",${row.client},${row.conversations},${pythonFloat(row.credits)},` +
      `${pythonFloat(person.overageEnabled ? person.overageCap : 0)},${pythonFloat(row.overageCredits)},` +
      `${overageFlag(row)},${profileArn},${row.tier},${row.totalMessages}`;
    if (withEmail) line += `,${row.newUser},${person.showsEmail ? `"${person.email}"` : ''}`;
    if (withModels) line += `,${person.usageLimit}${models.map((index) => `,${row.modelMessages[index]}`).join('')}`;
    lines.push(line);
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
