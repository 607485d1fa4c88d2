/**
 * Decides which day a run reports on, from the execution input and start time.
 */
import { addDays, isIsoDate, utcDay } from '../shared/dates.js';
import { FIRST_REPORT_DAY, REPORT_TABLES } from '../shared/report-format.js';
import type { PipelineSettings } from '../shared/settings.js';
import { InvalidInputError } from './invalid-input.js';

/** What the Prepare state passes. */
export interface PrepareEvent {
  /** The execution input: `{}` or `{"reportDate": "YYYY-MM-DD"}`. */
  input: unknown;
  /** `$$.Execution.StartTime`, ISO-8601. */
  executionStartTime: unknown;
}

/** `$.run`: the day to report on and what the later states iterate over. */
export interface RunPlan {
  reportDate: string;
  /** UTC day the execution started. */
  executionDate: string;
  /** Each report crawler and the table it fills (the Crawl step checks the table is there after the crawl). */
  crawlers: ReportCrawler[];
  datasetIds: string[];
}

/** A report crawler and the Glue table it makes. */
export interface ReportCrawler {
  name: string;
  table: string;
}

const EXPECTED_INPUT = 'expected {} or {"reportDate": "YYYY-MM-DD"}';
const ALLOWED_KEYS = new Set(['reportDate']);

/** Validates the input; defaults `reportDate` to the day before the execution's UTC day. */
export function prepareRun(event: PrepareEvent, settings: Pick<PipelineSettings, 'crawlerNames' | 'quicksightDatasetIds'>): RunPlan {
  const executionDate = executionDay(event.executionStartTime);
  const reportDate = chooseReportDate(event.input, executionDate);
  return {
    reportDate,
    executionDate,
    crawlers: reportCrawlers(settings.crawlerNames),
    datasetIds: [...settings.quicksightDatasetIds],
  };
}

/** Pairs `[user_report crawler, by_user_analytic crawler]` with the report tables, in that order. */
function reportCrawlers(names: readonly string[]): ReportCrawler[] {
  if (names.length !== REPORT_TABLES.length) {
    // Not the operator's input: the stack writes one crawler per report table.
    throw new Error(`prepare: settings.crawlerNames: expected ${REPORT_TABLES.length} crawlers (${REPORT_TABLES.join(', ')}), got ${JSON.stringify(names)}`);
  }
  return names.map((name, index) => ({ name, table: REPORT_TABLES[index] as string }));
}

function executionDay(startTime: unknown): string {
  const instant = typeof startTime === 'string' ? new Date(startTime) : undefined;
  if (instant === undefined || Number.isNaN(instant.getTime())) {
    // Not the operator's input: the state machine passes $$.Execution.StartTime.
    throw new Error(`prepare: executionStartTime: expected an ISO-8601 timestamp, got ${JSON.stringify(startTime)}`);
  }
  return utcDay(instant);
}

function chooseReportDate(input: unknown, executionDate: string): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidInputError(`execution input must be a JSON object: ${EXPECTED_INPUT}, got ${JSON.stringify(input)}`);
  }
  const unknownKeys = Object.keys(input).filter((key) => !ALLOWED_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new InvalidInputError(`execution input has unknown key(s) ${unknownKeys.join(', ')}: ${EXPECTED_INPUT}`);
  }
  const { reportDate } = input as { reportDate?: unknown };
  if (reportDate === undefined) return addDays(executionDate, -1);
  if (!isIsoDate(reportDate)) {
    throw new InvalidInputError(
      `reportDate ${JSON.stringify(reportDate)} is not a valid date: expected a string YYYY-MM-DD naming a real calendar day, e.g. "2026-11-20"`,
    );
  }
  if (reportDate < FIRST_REPORT_DAY) {
    throw new InvalidInputError(`reportDate ${reportDate} is before ${FIRST_REPORT_DAY}, the first day Kiro reports can hold: expected a day from ${FIRST_REPORT_DAY} on (YYYY-MM-DD)`);
  }
  if (reportDate > executionDate) {
    throw new InvalidInputError(
      `reportDate ${reportDate} is in the future: expected a day on or before the execution's UTC day ${executionDate} (YYYY-MM-DD)`,
    );
  }
  return reportDate;
}
