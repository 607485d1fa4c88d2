/** PlanNormalise and the NormaliseReports Map through the real ASL interpreter (issue 11). */
import { describe, expect, it } from 'vitest';
import { namedError } from '../../local/aws/step-functions/handlers.js';
import { EXECUTION_NAME, REPORT_DATE, Scenario } from './support/scenario.js';

describe('daily pipeline, normalise steps', () => {
  it('plans once, reads each batch with the report date, and sums the day issue counts into reportIssues', async () => {
    // Prepare
    const scenario = new Scenario({
      lambdas: {
        PlanNormalise: (event) => ({
          files: 5,
          changed: 3,
          batches: [
            { key: `work/${String(event.executionName)}/normalise-0001.json`, count: 2 },
            { key: `work/${String(event.executionName)}/normalise-0002.json`, count: 1 },
          ],
          dataQuality: { unknown_client: 2, unreadable_row: 0 },
        }),
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.lambdaCalls.PlanNormalise).toEqual([{ reportDate: REPORT_DATE, executionName: EXECUTION_NAME }]);
    expect(scenario.lambdaCalls.NormaliseReportBatch).toEqual([
      { key: `work/${EXECUTION_NAME}/normalise-0001.json`, reportDate: REPORT_DATE },
      { key: `work/${EXECUTION_NAME}/normalise-0002.json`, reportDate: REPORT_DATE },
    ]);
    // The default batch fake counts one bad_date per batch.
    expect((outcome.output as { reportIssues: unknown }).reportIssues).toEqual({
      bad_date: 2, non_numeric: 0, missing_user: 0, out_of_range: 0, unknown_tier: 0, unknown_client: 2, unreadable_row: 0,
    });
  });

  it('skips the Map when nothing is new and still reports the day from the manifests', async () => {
    // Prepare
    const scenario = new Scenario({
      lambdas: { PlanNormalise: () => ({ files: 5, changed: 0, batches: [], dataQuality: { non_numeric: 4 } }) },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.lambdaCalls.NormaliseReportBatch).toEqual([]);
    expect((outcome.output as { reportIssues: Record<string, number> }).reportIssues.non_numeric).toBe(4);
  });

  it('fails at NormaliseReports with the batch error and alerts', async () => {
    // Prepare
    const scenario = new Scenario({
      lambdas: { NormaliseReportBatch: () => { throw namedError('Error', 'normalise-reports: batch file work/x/normalise-0001.json is not valid JSON'); } },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.cause).toContain('normalise-0001.json is not valid JSON');
    expect(scenario.sns.published.map((message) => message.Subject)).toEqual(['Kiro activity pipeline failed at NormaliseReports']);
  });
});
