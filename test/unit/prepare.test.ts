import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler as createPrepareHandler } from '../../handlers/prepare/handler.js';
import { prepareRun } from '../../handlers/prepare/prepare-run.js';
import { logger } from '../../handlers/shared/logger.js';
import { testSettings } from './support/settings.js';

const settings = testSettings();
const START = '2026-11-21T03:00:12.345Z';

/** Runs prepareRun and returns the error it throws (fails the test when it does not throw). */
function rejectionOf(input: unknown, executionStartTime: unknown = START): Error {
  try {
    prepareRun({ input, executionStartTime }, settings);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected prepareRun to throw');
}

describe('prepareRun', () => {
  it('defaults to the day before the execution UTC day and passes crawlers and datasets on', () => {
    // Act
    const run = prepareRun({ input: {}, executionStartTime: START }, settings);

    // Assess
    expect(run).toEqual({
      reportDate: '2026-11-20',
      executionDate: '2026-11-21',
      crawlers: [
        { name: 'kiro-user-report', table: 'user_report' },
        { name: 'kiro-by-user-analytic', table: 'by_user_analytic' },
      ],
      datasetIds: ['dataset-credits'],
    });
  });

  it('uses the UTC day of the start time across a year end', () => {
    // Act
    const run = prepareRun({ input: {}, executionStartTime: '2027-01-01T00:00:00Z' }, settings);

    // Assess
    expect(run.reportDate).toBe('2026-12-31');
    expect(run.executionDate).toBe('2027-01-01');
  });

  it.each(['2026-11-20', '2026-02-10', '2026-11-21'])('accepts the backfill day %s (up to the execution day)', (day) => {
    // Act
    const run = prepareRun({ input: { reportDate: day }, executionStartTime: START }, settings);

    // Assess
    expect(run.reportDate).toBe(day);
  });

  it.each([
    ['month 13', '2026-13-01'],
    ['an impossible day', '2026-02-30'],
    ['no dashes', '20261120'],
    ['a number', 20261120],
    ['null', null],
    ['an empty string', ''],
  ])('rejects %s as InvalidInput naming the expected form', (_label, reportDate) => {
    // Act
    const error = rejectionOf({ reportDate });

    // Assess
    expect(error.name).toBe('InvalidInput');
    expect(error.message).toContain(`reportDate ${JSON.stringify(reportDate)} is not a valid date`);
    expect(error.message).toContain('YYYY-MM-DD');
  });

  it('rejects a day after the execution UTC day as future', () => {
    // Act
    const error = rejectionOf({ reportDate: '2026-11-22' });

    // Assess
    expect(error.name).toBe('InvalidInput');
    expect(error.message).toBe(
      "reportDate 2026-11-22 is in the future: expected a day on or before the execution's UTC day 2026-11-21 (YYYY-MM-DD)",
    );
  });

  it('rejects a day before the first one Kiro reports can hold, and takes that first day', () => {
    // Act
    const error = rejectionOf({ reportDate: '2023-12-31' });

    // Assess
    expect(error.name).toBe('InvalidInput');
    expect(error.message).toBe('reportDate 2023-12-31 is before 2024-01-01, the first day Kiro reports can hold: expected a day from 2024-01-01 on (YYYY-MM-DD)');
    expect(prepareRun({ input: { reportDate: '2024-01-01' }, executionStartTime: START }, settings).reportDate).toBe('2024-01-01');
  });

  it('rejects unknown input keys by name', () => {
    // Act
    const error = rejectionOf({ reportDate: '2026-11-20', date: '2026-11-20', force: true });

    // Assess
    expect(error.name).toBe('InvalidInput');
    expect(error.message).toBe('execution input has unknown key(s) date, force: expected {} or {"reportDate": "YYYY-MM-DD"}');
  });

  it.each([
    ['an array', []],
    ['a string', '2026-11-20'],
    ['null', null],
  ])('rejects %s as the input', (_label, input) => {
    // Act
    const error = rejectionOf(input);

    // Assess
    expect(error.name).toBe('InvalidInput');
    expect(error.message).toMatch(/^execution input must be a JSON object: expected \{\}/);
  });

  it('fails (not as InvalidInput) when the state machine passes no start time', () => {
    // Act
    const error = rejectionOf({}, 'yesterday');

    // Assess
    expect(error.name).toBe('Error');
    expect(error.message).toBe('prepare: executionStartTime: expected an ISO-8601 timestamp, got "yesterday"');
  });
});

describe('prepare handler', () => {
  const handler = createPrepareHandler({ settings });

  beforeEach(() => {
    logger.setLogLevel('SILENT');
  });

  it('reads the Prepare payload and returns $.run', async () => {
    // Act
    const run = await handler({ input: { reportDate: '2026-11-19' }, executionStartTime: START });

    // Assess
    expect(run).toEqual({
      reportDate: '2026-11-19',
      executionDate: '2026-11-21',
      crawlers: settings.crawlerNames.map((name, index) => ({ name, table: ['user_report', 'by_user_analytic'][index] })),
      datasetIds: settings.quicksightDatasetIds,
    });
  });

  it('fails naming the setting when the crawlers do not pair with the report tables', () => {
    // Prepare
    const oneCrawler = { ...settings, crawlerNames: ['kiro-user-report'] };

    // Act
    const prepare = (): unknown => prepareRun({ input: {}, executionStartTime: START }, oneCrawler);

    // Assess
    expect(prepare).toThrow('prepare: settings.crawlerNames: expected 2 crawlers (user_report, by_user_analytic), got ["kiro-user-report"]');
  });

  it('surfaces InvalidInput as the error name', async () => {
    // Act + Assess
    await expect(handler({ input: { reportDate: '2026-13-01' }, executionStartTime: START })).rejects.toMatchObject({
      name: 'InvalidInput',
    });
  });
});
