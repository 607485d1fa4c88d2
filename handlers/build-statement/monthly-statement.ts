/**
 * The monthly statement: what the month before report_as_of's month cost, per team, the dearest
 * people, the seats nobody used with what reclaiming them saves, and the tier recommendations'
 * saving. One set of facts, worded three ways: the SNS message, a CSV file and a self-contained
 * HTML page. Sent once per month: the month's alert record holds `monthly_statement/<YYYY-MM>`
 * once SNS accepted it (RecordAlertsSent keeps it; see alert-record.ts).
 */
import { toSnsSubject } from '../shared/sns-subject.js';

/** One team's month (team_monthly_cost). */
export interface TeamCost {
  team: string;
  people: number;
  activePeople: number;
  subscriptionUsd: number;
  overageUsd: number;
  totalUsd: number;
}

/** One person's month (user_monthly_cost). */
export interface PersonCost {
  userid: string;
  displayName: string | null;
  team: string | null;
  tier: string | null;
  totalUsd: number;
}

/** seat_summary of the month. */
export interface SeatUse {
  licensedSeats: number;
  usedSeats: number;
  idleSeats: number;
  neverActiveSeats: number;
  idleSeatUsd: number;
  neverActiveSeatUsd: number;
}

/** One never-active seat holder (never_active_users). */
export interface NeverActiveSeat {
  userid: string;
  displayName: string | null;
  userName: string | null;
  licensedGroup: string;
  licensedTier: string;
  monthlySeatUsd: number | null;
}

/** Everything one statement says. */
export interface StatementFacts {
  /** The month stated, `YYYY-MM`. */
  month: string;
  /** report_as_of when it was built, `YYYY-MM-DD`. */
  asOf: string;
  /** Dearest first; adds up to the month's total. */
  teams: TeamCost[];
  /** The dearest people, at most 10. */
  topPeople: PersonCost[];
  seats: SeatUse;
  neverActive: NeverActiveSeat[];
  /** tier_recommendation's money-saving changes, as of report_as_of. */
  recommendations: { people: number; monthlySavingUsd: number };
}

/** The month's totals, added in cents from the teams (they add up to it exactly). */
export interface MonthTotals {
  people: number;
  activePeople: number;
  subscriptionUsd: number;
  overageUsd: number;
  totalUsd: number;
  /** What reclaiming the idle and never-active seats saves a month. */
  reclaimableSeatUsd: number;
}

/** `monthly_statement/2026-06`: the record key of a month's statement. */
export function statementKey(month: string): string {
  return `monthly_statement/${month}`;
}

/** The month before `month` (`YYYY-MM`). */
export function previousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/** Key prefix of the statement files in the analytics bucket, ending in `/`. */
export const STATEMENT_PREFIX = 'reports/monthly/';

/** `reports/monthly/2026-06/statement.csv` and `.html`. */
export function statementFileKeys(month: string): { csv: string; html: string } {
  return { csv: `${STATEMENT_PREFIX}${month}/statement.csv`, html: `${STATEMENT_PREFIX}${month}/statement.html` };
}

/** Sums in cents, so the total is what the parts add up to. */
function sumUsd(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;
}

/** The month's totals. */
export function monthTotals(facts: StatementFacts): MonthTotals {
  const { teams, seats } = facts;
  return {
    people: teams.reduce((sum, team) => sum + team.people, 0),
    activePeople: teams.reduce((sum, team) => sum + team.activePeople, 0),
    subscriptionUsd: sumUsd(teams.map((team) => team.subscriptionUsd)),
    overageUsd: sumUsd(teams.map((team) => team.overageUsd)),
    totalUsd: sumUsd(teams.map((team) => team.totalUsd)),
    reclaimableSeatUsd: sumUsd([seats.idleSeatUsd, seats.neverActiveSeatUsd]),
  };
}

/** `$1234.50`. */
export function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function people(count: number): string {
  return count === 1 ? '1 person' : `${count} people`;
}

function seats(count: number): string {
  return count === 1 ? '1 seat' : `${count} seats`;
}

/** A person as the statement names them: the display name, else the user id. */
function nameOf(person: { displayName: string | null; userid: string }): string {
  return person.displayName ?? person.userid;
}

/** The SNS subject. */
export function statementSubject(facts: StatementFacts): string {
  const totals = monthTotals(facts);
  return toSnsSubject(`Kiro statement ${facts.month}: ${usd(totals.totalUsd)}, ${facts.teams.length === 1 ? '1 team' : `${facts.teams.length} teams`}`);
}

/** The seats line: counts, and what reclaiming the unused ones saves. */
function seatLine(facts: StatementFacts, totals: MonthTotals): string {
  const { seats: use } = facts;
  if (use.licensedSeats === 0) return 'Seats: no licensed seat holders known (licensedGroups lists the groups whose members hold a seat).';
  return (
    `Seats: ${seats(use.licensedSeats)} licensed, ${use.usedSeats} used; ${use.idleSeats} idle (${usd(use.idleSeatUsd)} a month) and ` +
    `${use.neverActiveSeats} never active (${usd(use.neverActiveSeatUsd)} a month): reclaiming them saves ${usd(totals.reclaimableSeatUsd)} a month.`
  );
}

/** Never-active seat holders the message names (SNS takes 256 KB; the files name them all). */
export const NAMED_IN_MESSAGE = 25;

/** The SNS message: plain text, every section of the statement; `files` names where the CSV and HTML are. */
export function statementMessage(facts: StatementFacts, files: readonly string[]): string {
  const totals = monthTotals(facts);
  const lines = [
    `Kiro monthly statement, ${facts.month} (report data as of ${facts.asOf})`,
    '',
    `Total: ${usd(totals.totalUsd)} (subscriptions ${usd(totals.subscriptionUsd)}, overage ${usd(totals.overageUsd)}), ${people(totals.people)} with report rows, ${totals.activePeople} active.`,
    '',
    'By team, dearest first:',
    ...facts.teams.map((team) => `- ${team.team}: ${usd(team.totalUsd)} (${people(team.people)}, ${team.activePeople} active)`),
    '',
    `Top ${facts.topPeople.length} by cost:`,
    ...facts.topPeople.map((person, index) => `${index + 1}. ${nameOf(person)} (${person.team ?? 'unassigned'}, ${person.tier ?? 'tier unknown'}): ${usd(person.totalUsd)}`),
    '',
    seatLine(facts, totals),
    ...(facts.neverActive.length === 0
      ? []
      : [
          'Never active (seat holders with no report row at all):',
          ...facts.neverActive
            .slice(0, NAMED_IN_MESSAGE)
            .map((seat) => `- ${nameOf(seat)} (${seat.licensedGroup}, ${seat.licensedTier}): ${seat.monthlySeatUsd === null ? 'unpriced' : `${usd(seat.monthlySeatUsd)} a month`}`),
          ...(facts.neverActive.length > NAMED_IN_MESSAGE ? [`- and ${facts.neverActive.length - NAMED_IN_MESSAGE} more (all of them in the files)`] : []),
        ]),
    '',
    facts.recommendations.people === 0
      ? `Tier recommendations (as of ${facts.asOf}): no change would save money.`
      : `Tier recommendations (as of ${facts.asOf}): ${people(facts.recommendations.people)} could change tier, saving ${usd(facts.recommendations.monthlySavingUsd)} a month (tier_recommendation).`,
    '',
    `The statement as CSV and HTML: ${files.join(', ')}`,
  ];
  return lines.join('\n');
}

/** The CSV columns, one row per line of the statement. */
export const STATEMENT_CSV_COLUMNS = [
  'section', 'rank', 'name', 'team', 'tier', 'people', 'active_people', 'seats', 'subscription_usd', 'overage_usd', 'total_usd', 'monthly_saving_usd',
] as const;

type CsvRow = Partial<Record<(typeof STATEMENT_CSV_COLUMNS)[number], string | number | null>>;

/**
 * The statement as one CSV table: `section` says what a row is (`month`, `team`, `top_person`,
 * `seats_licensed`, `seats_used`, `seats_idle`, `seats_never_active`, `never_active_seat`,
 * `tier_recommendations`). Text cells are quoted as needed and made spreadsheet-safe.
 */
export function statementCsv(facts: StatementFacts): string {
  const totals = monthTotals(facts);
  const money = (value: number | null): string | null => (value === null ? null : value.toFixed(2));
  const rows: CsvRow[] = [
    { section: 'month', name: facts.month, people: totals.people, active_people: totals.activePeople, subscription_usd: money(totals.subscriptionUsd), overage_usd: money(totals.overageUsd), total_usd: money(totals.totalUsd) },
    ...facts.teams.map((team) => ({
      section: 'team', name: team.team, team: team.team, people: team.people, active_people: team.activePeople,
      subscription_usd: money(team.subscriptionUsd), overage_usd: money(team.overageUsd), total_usd: money(team.totalUsd),
    })),
    ...facts.topPeople.map((person, index) => ({ section: 'top_person', rank: index + 1, name: nameOf(person), team: person.team ?? 'unassigned', tier: person.tier, total_usd: money(person.totalUsd) })),
    { section: 'seats_licensed', seats: facts.seats.licensedSeats },
    { section: 'seats_used', seats: facts.seats.usedSeats },
    { section: 'seats_idle', seats: facts.seats.idleSeats, monthly_saving_usd: money(facts.seats.idleSeatUsd) },
    { section: 'seats_never_active', seats: facts.seats.neverActiveSeats, monthly_saving_usd: money(facts.seats.neverActiveSeatUsd) },
    ...facts.neverActive.map((seat) => ({ section: 'never_active_seat', name: nameOf(seat), tier: seat.licensedTier, seats: 1, monthly_saving_usd: money(seat.monthlySeatUsd) })),
    { section: 'tier_recommendations', people: facts.recommendations.people, monthly_saving_usd: money(facts.recommendations.monthlySavingUsd) },
  ];
  const lines = [STATEMENT_CSV_COLUMNS.join(','), ...rows.map((row) => STATEMENT_CSV_COLUMNS.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV cell: numbers as they are; text quoted when it holds a comma, quote or line break, and led by `'` when a spreadsheet would read it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Text made safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function table(headings: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]): string {
  const head = headings.map((heading, index) => `<th${numeric[index] ? ' class="n"' : ''}>${escapeHtml(heading)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, index) => `<td${numeric[index] ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The statement as one HTML page: no script, no stylesheet or image from elsewhere, every name escaped. */
export function statementHtml(facts: StatementFacts): string {
  const totals = monthTotals(facts);
  const title = `Kiro monthly statement, ${facts.month}`;
  const sections = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Report data as of ${escapeHtml(facts.asOf)}.</p>`,
    `<p class="total">Total ${escapeHtml(usd(totals.totalUsd))}: subscriptions ${escapeHtml(usd(totals.subscriptionUsd))}, overage ${escapeHtml(usd(totals.overageUsd))}; ${escapeHtml(people(totals.people))} with report rows, ${totals.activePeople} active.</p>`,
    '<h2>By team</h2>',
    table(
      ['Team', 'People', 'Active', 'Subscriptions', 'Overage', 'Total'],
      facts.teams.map((team) => [team.team, String(team.people), String(team.activePeople), usd(team.subscriptionUsd), usd(team.overageUsd), usd(team.totalUsd)]),
      [false, true, true, true, true, true],
    ),
    `<h2>Top ${facts.topPeople.length} by cost</h2>`,
    table(
      ['#', 'Person', 'Team', 'Tier', 'Total'],
      facts.topPeople.map((person, index) => [String(index + 1), nameOf(person), person.team ?? 'unassigned', person.tier ?? 'tier unknown', usd(person.totalUsd)]),
      [true, false, false, false, true],
    ),
    '<h2>Seats</h2>',
    `<p>${escapeHtml(seatLine(facts, totals).replace(/^Seats: /, ''))}</p>`,
    ...(facts.neverActive.length === 0
      ? []
      : [
          '<h3>Never active</h3>',
          table(
            ['Person', 'User name', 'Licensed group', 'Tier', 'Seat a month'],
            facts.neverActive.map((seat) => [nameOf(seat), seat.userName ?? '', seat.licensedGroup, seat.licensedTier, seat.monthlySeatUsd === null ? 'unpriced' : usd(seat.monthlySeatUsd)]),
            [false, false, false, false, true],
          ),
        ]),
    '<h2>Tier recommendations</h2>',
    `<p>${
      facts.recommendations.people === 0
        ? `As of ${escapeHtml(facts.asOf)}, no change would save money.`
        : `As of ${escapeHtml(facts.asOf)}, ${escapeHtml(people(facts.recommendations.people))} could change tier, saving ${escapeHtml(usd(facts.recommendations.monthlySavingUsd))} a month.`
    }</p>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1f24; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.3rem 0.8rem; text-align: left; }
th { background: #f3f5f7; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.total { font-size: 1.15rem; font-weight: 600; }
</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}
