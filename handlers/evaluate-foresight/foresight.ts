/** EvaluateForesight logic: the month's rows through the QueryRunner port, the record through the ObjectStore port. */
import type { ObjectStore } from '../shared/object-store.js';
import type { QueryRunner, Row } from '../shared/query-runner.js';
import { numberCell, optionalTextCell, textCell } from '../shared/row-values.js';
import type { AllowanceSettings, BudgetSettings } from '../shared/settings.js';
import { readRecord } from '../record-alerts-sent/alert-record.js';
import { evaluateForesight, nothingToTell, type ForesightReport, type MonthForecast, type PersonUtilization } from './evaluate-foresight.js';
import { MONTH_FORECAST_QUERY, PERSON_UTILIZATION_QUERY } from './queries.js';

/** Reads the month of report_as_of and its record, and returns `$.foresight`. */
export async function foresight(
  queries: QueryRunner,
  store: ObjectStore,
  settings: { allowance: AllowanceSettings; budget: BudgetSettings },
): Promise<ForesightReport> {
  const [forecastRow] = await queries.run(MONTH_FORECAST_QUERY);
  if (forecastRow === undefined) {
    return nothingToTell();
  }
  const forecast = monthForecast(forecastRow);
  const people = (await queries.run(PERSON_UTILIZATION_QUERY)).map(personUtilization);
  return evaluateForesight(forecast, people, await readRecord(store, forecast.month), settings);
}

function monthForecast(row: Row): MonthForecast {
  return {
    asOf: textCell(row, 'as_of'),
    month: textCell(row, 'month').slice(0, 7),
    daysElapsed: numberCell(row, 'days_elapsed'),
    daysInMonth: numberCell(row, 'days_in_month'),
    subscriptionUsd: numberCell(row, 'subscription_usd'),
    overageUsd: numberCell(row, 'overage_usd'),
    projectedOverageUsd: numberCell(row, 'projected_overage_usd'),
    projectedTotalUsd: numberCell(row, 'projected_total_usd'),
    budgetUsd: optionalNumber(row, 'budget_usd'),
  };
}

function personUtilization(row: Row): PersonUtilization {
  return {
    userid: textCell(row, 'userid'),
    displayName: textCell(row, 'display_name'),
    tier: optionalTextCell(row, 'tier'),
    includedCredits: optionalNumber(row, 'included_credits'),
    planCreditsUsed: numberCell(row, 'plan_credits_used'),
    utilization: optionalNumber(row, 'utilization'),
    projectedCredits: numberCell(row, 'projected_credits'),
    projectedUtilization: optionalNumber(row, 'projected_utilization'),
    overageCreditsUsed: numberCell(row, 'overage_credits_used'),
    overageUsd: optionalNumber(row, 'overage_usd'),
  };
}

function optionalNumber(row: Row, column: string): number | null {
  return optionalTextCell(row, column) === null ? null : numberCell(row, column);
}
