/**
 * BuildStatement logic: the monthly statement and the mid-month reminder, each told once, from
 * the views through the QueryRunner port and the alert record through the ObjectStore port.
 *
 * The statement states the month before the month of report_as_of (the newest report day, so a
 * late, failed or backfilled run decides as the on-time one would): it is due when that month
 * has report rows and its record does not hold `monthly_statement/<month>`. Its CSV and HTML are
 * written to `reports/monthly/<month>/` before the message goes out (a re-run writes the same
 * files again). The reminder is due from `budget.reminderDay` on when the month of report_as_of's
 * record does not hold `forecast/reminder`. RecordAlertsSent records both after SNS accepted them.
 */
import type { ObjectStore } from '../shared/object-store.js';
import type { QueryRunner, Row } from '../shared/query-runner.js';
import { numberCell, optionalTextCell, textCell } from '../shared/row-values.js';
import type { BudgetSettings } from '../shared/settings.js';
import type { AlertDraft } from '../evaluate-foresight/evaluate-foresight.js';
import { readRecord, sentKeys } from '../record-alerts-sent/alert-record.js';
import {
  previousMonth,
  statementCsv,
  statementFileKeys,
  statementHtml,
  statementKey,
  statementMessage,
  statementSubject,
  type NeverActiveSeat,
  type PersonCost,
  type SeatUse,
  type StatementFacts,
  type TeamCost,
} from './monthly-statement.js';
import {
  AS_OF_QUERY,
  NEVER_ACTIVE_QUERY,
  RECOMMENDATION_SAVING_QUERY,
  TEAM_FORECAST_QUERY,
  seatSummaryQuery,
  teamCostQuery,
  topPeopleQuery,
} from './queries.js';
import { REMINDER_KEY, reminderText, type AsOf, type TeamForecast } from './reminder.js';

/** `$.statement`. */
export interface StatementReport {
  /** The month the statement states, `YYYY-MM`, when one goes out this run; else null. */
  month: string | null;
  /** Its message; `notices` is `[monthly_statement/<month>]` when it goes out. */
  statement: AlertDraft;
  /** The keys of the statement files written this run (none when no statement goes out). */
  files: string[];
  /** The month of report_as_of when the reminder goes out this run; else null. */
  reminderMonth: string | null;
  /** The reminder, an alert of kind `forecast`; `notices` is `[forecast/reminder]` when it goes out. */
  reminder: AlertDraft;
  /** Due again this run but told already this month (1 each, or 0). */
  suppressed: { statement: number; reminder: number };
}

const NO_ALERT: AlertDraft = { alert: false, subject: '', message: '', notices: [] };

/** What BuildStatement needs of the settings. */
export interface StatementSettings {
  analyticsBucket: string;
  budget: BudgetSettings;
}

/** Builds `$.statement`, writing the statement files when one is due. */
export async function buildStatement(queries: QueryRunner, store: ObjectStore, settings: StatementSettings): Promise<StatementReport> {
  const [asOfRow] = await queries.run(AS_OF_QUERY);
  const report: StatementReport = { month: null, statement: NO_ALERT, files: [], reminderMonth: null, reminder: NO_ALERT, suppressed: { statement: 0, reminder: 0 } };
  if (asOfRow === undefined) return report;
  const asOf: AsOf = { asOf: textCell(asOfRow, 'as_of').slice(0, 10), daysElapsed: numberCell(asOfRow, 'days_elapsed'), daysInMonth: numberCell(asOfRow, 'days_in_month') };
  const thisMonth = asOf.asOf.slice(0, 7);

  const month = previousMonth(thisMonth);
  if (sentKeys(await readRecord(store, month)).has(statementKey(month))) {
    report.suppressed.statement = 1;
  } else {
    const facts = await statementFacts(queries, month, asOf.asOf);
    if (facts !== undefined) {
      const keys = statementFileKeys(month);
      await store.putText(keys.csv, statementCsv(facts));
      await store.putText(keys.html, statementHtml(facts));
      report.month = month;
      report.files = [keys.csv, keys.html];
      const where = report.files.map((key) => `s3://${settings.analyticsBucket}/${key}`);
      report.statement = { alert: true, subject: statementSubject(facts), message: statementMessage(facts, where), notices: [statementKey(month)] };
    }
  }

  if (asOf.daysElapsed >= settings.budget.reminderDay) {
    if (sentKeys(await readRecord(store, thisMonth)).has(REMINDER_KEY)) {
      report.suppressed.reminder = 1;
    } else {
      const teams = (await queries.run(TEAM_FORECAST_QUERY)).map(teamForecast);
      report.reminderMonth = thisMonth;
      report.reminder = { alert: true, ...reminderText(asOf, teams, settings.budget), notices: [REMINDER_KEY] };
    }
  }
  return report;
}

/** The facts of `month`'s statement; undefined when the month has no report rows. */
async function statementFacts(queries: QueryRunner, month: string, asOf: string): Promise<StatementFacts | undefined> {
  const teams = (await queries.run(teamCostQuery(month))).map(teamCost);
  if (teams.length === 0) return undefined;
  const topPeople = (await queries.run(topPeopleQuery(month))).map(personCost);
  const [seatRow] = await queries.run(seatSummaryQuery(month));
  const neverActive = (await queries.run(NEVER_ACTIVE_QUERY)).map(neverActiveSeat);
  const [saving] = await queries.run(RECOMMENDATION_SAVING_QUERY);
  return {
    month,
    asOf,
    teams,
    topPeople,
    seats: seatRow === undefined ? NO_SEATS : seatUse(seatRow),
    neverActive,
    recommendations: saving === undefined ? { people: 0, monthlySavingUsd: 0 } : { people: numberCell(saving, 'people'), monthlySavingUsd: numberCell(saving, 'monthly_saving_usd') },
  };
}

const NO_SEATS: SeatUse = { licensedSeats: 0, usedSeats: 0, idleSeats: 0, neverActiveSeats: 0, idleSeatUsd: 0, neverActiveSeatUsd: 0 };

function teamCost(row: Row): TeamCost {
  return {
    team: textCell(row, 'team'),
    people: numberCell(row, 'people'),
    activePeople: numberCell(row, 'active_people'),
    subscriptionUsd: optionalNumber(row, 'subscription_usd') ?? 0,
    overageUsd: optionalNumber(row, 'overage_usd') ?? 0,
    totalUsd: numberCell(row, 'total_usd'),
  };
}

function personCost(row: Row): PersonCost {
  return {
    userid: textCell(row, 'userid'),
    displayName: optionalTextCell(row, 'display_name'),
    team: optionalTextCell(row, 'team'),
    tier: optionalTextCell(row, 'tier'),
    totalUsd: numberCell(row, 'total_usd'),
  };
}

function seatUse(row: Row): SeatUse {
  return {
    licensedSeats: numberCell(row, 'licensed_seats'),
    usedSeats: numberCell(row, 'used_seats'),
    idleSeats: numberCell(row, 'idle_seats'),
    neverActiveSeats: numberCell(row, 'never_active_seats'),
    idleSeatUsd: numberCell(row, 'idle_seat_usd'),
    neverActiveSeatUsd: numberCell(row, 'never_active_seat_usd'),
  };
}

function neverActiveSeat(row: Row): NeverActiveSeat {
  return {
    userid: textCell(row, 'userid'),
    displayName: optionalTextCell(row, 'display_name'),
    userName: optionalTextCell(row, 'user_name'),
    licensedGroup: textCell(row, 'licensed_group'),
    licensedTier: textCell(row, 'licensed_tier'),
    monthlySeatUsd: optionalNumber(row, 'monthly_seat_usd'),
  };
}

function teamForecast(row: Row): TeamForecast {
  return {
    team: textCell(row, 'team'),
    people: numberCell(row, 'people'),
    costSoFarUsd: optionalNumber(row, 'cost_so_far_usd') ?? 0,
    projectedUsd: optionalNumber(row, 'projected_usd') ?? 0,
  };
}

function optionalNumber(row: Row, column: string): number | null {
  return optionalTextCell(row, column) === null ? null : numberCell(row, column);
}
