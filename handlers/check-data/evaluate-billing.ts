/**
 * Reads the billing_semantics view (what the data says Overage_Credits_Used and Credits_Used
 * mean, beside what the config says) and words, per setting the data contradicts, which setting
 * to change. The evidence rule itself lives in the view (sql/17_billing_semantics.sql).
 */
import type { Row } from '../shared/query-runner.js';
import { numberCell, optionalTextCell, textCell } from '../shared/row-values.js';
import { OVERAGE_CREDITS_USED, type OverageCreditsUsed } from '../shared/settings.js';

/** The counts behind each verdict of billing_semantics. */
export interface BillingEvidence {
  overageSteps: number;
  overageFalls: number;
  overageMonthChanges: number;
  overageMonthRestarts: number;
  creditsEvidenceMonths: number;
  creditsAboveAllowanceMonths: number;
}

/** billing_semantics as the run summary and the data_quality alert carry it. */
export interface BillingSemantics {
  /** Whether Overage_Credits_Used looks like a month-to-date total; null: too little evidence. */
  overageLooksMonthToDate: boolean | null;
  /** Whether Credits_Used looks like it counts the overage too; null: too little evidence. */
  creditsUsedLooksInclusive: boolean | null;
  evidence: BillingEvidence;
  /** The settings the views were built with. */
  configured: { overageCreditsUsed: OverageCreditsUsed; creditsUsedIncludesOverage: boolean };
  /** One sentence per setting the data contradicts, naming the setting and the value to set; empty when none. */
  contradictions: string[];
}

/** A BOOLEAN cell (`true`/`false` as Athena writes it); `null` for SQL NULL. */
function optionalFlagCell(row: Row, column: string): boolean | null {
  const text = optionalTextCell(row, column);
  if (text === null) return null;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`query result column "${column}": expected true or false, got ${JSON.stringify(text)}`);
}

function flagCell(row: Row, column: string): boolean {
  const value = optionalFlagCell(row, column);
  if (value === null) throw new Error(`query result column "${column}" is NULL where true or false was expected`);
  return value;
}

function overageMeaningCell(row: Row, column: string): OverageCreditsUsed {
  const text = textCell(row, column);
  const meaning = OVERAGE_CREDITS_USED.find((known) => known === text);
  if (meaning === undefined) {
    throw new Error(`query result column "${column}": expected ${OVERAGE_CREDITS_USED.join(' or ')}, got ${JSON.stringify(text)}`);
  }
  return meaning;
}

/** The one row of billing_semantics, with the contradictions between data and config worded. */
export function evaluateBilling(rows: readonly Row[]): BillingSemantics {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) {
    throw new Error(`check-data: billing_semantics returned ${rows.length} rows, expected exactly 1`);
  }
  const evidence: BillingEvidence = {
    overageSteps: numberCell(row, 'overage_steps'),
    overageFalls: numberCell(row, 'overage_falls'),
    overageMonthChanges: numberCell(row, 'overage_month_changes'),
    overageMonthRestarts: numberCell(row, 'overage_month_restarts'),
    creditsEvidenceMonths: numberCell(row, 'credits_evidence_months'),
    creditsAboveAllowanceMonths: numberCell(row, 'credits_above_allowance_months'),
  };
  const semantics = {
    overageLooksMonthToDate: optionalFlagCell(row, 'overage_looks_month_to_date'),
    creditsUsedLooksInclusive: optionalFlagCell(row, 'credits_used_looks_inclusive'),
    evidence,
    configured: {
      overageCreditsUsed: overageMeaningCell(row, 'configured_overage_credits_used'),
      creditsUsedIncludesOverage: flagCell(row, 'configured_credits_used_includes_overage'),
    },
  };
  return { ...semantics, contradictions: contradictions(semantics) };
}

function contradictions({ overageLooksMonthToDate, creditsUsedLooksInclusive, evidence, configured }: Omit<BillingSemantics, 'contradictions'>): string[] {
  const found: string[] = [];
  const steps = `${evidence.overageFalls} of ${evidence.overageSteps} day-to-day steps within a month fell`;
  const restarts = `${evidence.overageMonthRestarts} of ${evidence.overageMonthChanges} month changes restarted lower`;
  if (overageLooksMonthToDate === true && configured.overageCreditsUsed === 'daily') {
    found.push(
      `pricing.overageCreditsUsed is "daily", but Overage_Credits_Used looks like a month-to-date total (${steps}, ${restarts}). ` +
        'Set pricing.overageCreditsUsed to "monthToDate": until then every overage number, cost and spike counts the month so far again each day.',
    );
  }
  if (overageLooksMonthToDate === false && configured.overageCreditsUsed === 'monthToDate') {
    found.push(
      `pricing.overageCreditsUsed is "monthToDate", but Overage_Credits_Used looks like each day's own overage (${steps}; a month-to-date total never falls). ` +
        'Set pricing.overageCreditsUsed to "daily": until then the overage of a day below an earlier one of its month is not counted.',
    );
  }
  const months = `${evidence.creditsAboveAllowanceMonths} of ${evidence.creditsEvidenceMonths} months with overage drew more Credits_Used than the plan includes`;
  if (creditsUsedLooksInclusive === true && !configured.creditsUsedIncludesOverage) {
    found.push(
      `pricing.creditsUsedIncludesOverage is false, but Credits_Used looks like it counts the overage too (${months}). ` +
        'Set pricing.creditsUsedIncludesOverage to true: until then plan credits and utilisation count the overage as plan credits.',
    );
  }
  if (creditsUsedLooksInclusive === false && configured.creditsUsedIncludesOverage) {
    found.push(
      `pricing.creditsUsedIncludesOverage is true, but Credits_Used looks like it leaves the overage out (${months}). ` +
        'Set pricing.creditsUsedIncludesOverage to false: until then plan credits and utilisation subtract an overage Credits_Used does not hold, and tier recommendations project too few credits.',
    );
  }
  return found;
}
