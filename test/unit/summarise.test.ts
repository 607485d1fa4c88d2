import { describe, expect, it } from 'vitest';
import type { DataCheck } from '../../handlers/check-data/evaluate-freshness.js';
import type { RunPlan } from '../../handlers/prepare/prepare-run.js';
import { summarise } from '../../handlers/summarise/summarise.js';
import { NO_BILLING_EVIDENCE } from './support/billing.js';

const run: RunPlan = { reportDate: '2026-11-20', executionDate: '2026-11-21', crawlers: [], datasetIds: ['ds-1'] };

function dataCheck(rowsForDay: number, stale = false): DataCheck {
  return {
    reportDate: '2026-11-20',
    hasData: rowsForDay > 0,
    rowsForDay,
    creditsRows: rowsForDay,
    activityRows: 0,
    newestDate: rowsForDay > 0 ? '2026-11-20' : '2026-11-10',
    daysBehind: rowsForDay > 0 ? 1 : 11,
    stale,
    subject: '',
    message: '',
    quality: { alert: false, futureRows: 0, issueFiles: 0, files: [], dayIssues: {}, billingSemantics: NO_BILLING_EVIDENCE, subject: '', message: '' },
  };
}

describe('summarise', () => {
  it('summarises a full run', () => {
    // Prepare
    const state = {
      run,
      viewPlan: { statements: [] },
      views: [{ view: 'credits_daily' }, { view: 'activity_daily' }, { view: 'user_directory' }],
      data: dataCheck(812),
      lookup: { newUsers: 3, refreshUsers: 2, batches: [{ key: 'work/x/batch-0001.json', count: 5 }] },
      resolved: [
        { key: 'a', resolved: 3, deleted: 1 },
        { key: 'b', resolved: 1, deleted: 0 },
      ],
      spikeAlert: { messageId: 'm-2' },
      ingestions: [{ datasetId: 'ds-1', status: 'COMPLETED', extra: 'dropped' }],
      normalise: { files: 9, changed: 2, batches: [{ key: 'work/x/normalise-0001.json', count: 2 }], dataQuality: { unknown_client: 4, unreadable_row: 0 } },
      normalised: [{ key: 'work/x/normalise-0001.json', files: 2, rows: 20, modelRows: 30, dataQuality: { bad_date: 1, unknown_client: 1, unreadable_row: 0 } }],
    };

    // Act
    const summary = summarise(state);

    // Assess
    expect(summary).toEqual({
      status: 'SUCCEEDED',
      reportDate: '2026-11-20',
      rowsSeen: 812,
      viewsCreated: 3,
      usersResolved: { new: 3, refreshed: 2, resolved: 4, deleted: 1 },
      alertsSent: ['spike'],
      alertsSuppressed: [],
      dataQuality: { futureRows: 0, issueFiles: 0, files: [], billingSemantics: NO_BILLING_EVIDENCE },
      ingestions: [{ datasetId: 'ds-1', status: 'COMPLETED' }],
      // The normaliser's counts for the day: manifests of files not read again, plus the files read.
      reportIssues: { bad_date: 1, non_numeric: 0, missing_user: 0, out_of_range: 0, unknown_tier: 0, unknown_client: 5, unreadable_row: 0 },
    });
  });

  it('reports NO_DATA with the stale alert when the day has no rows', () => {
    // Prepare
    const state = { run, views: [{ view: 'credits_daily' }], data: dataCheck(0, true), staleAlert: { messageId: 'm-1' } };

    // Act
    const summary = summarise(state);

    // Assess
    expect(summary).toEqual({
      status: 'NO_DATA',
      reportDate: '2026-11-20',
      rowsSeen: 0,
      viewsCreated: 1,
      usersResolved: { new: 0, refreshed: 0, resolved: 0, deleted: 0 },
      alertsSent: ['stale_data'],
      alertsSuppressed: [],
      dataQuality: { futureRows: 0, issueFiles: 0, files: [], billingSemantics: NO_BILLING_EVIDENCE },
      ingestions: [],
      reportIssues: { bad_date: 0, non_numeric: 0, missing_user: 0, out_of_range: 0, unknown_tier: 0, unknown_client: 0, unreadable_row: 0 },
    });
  });

  it('lists what each alert left out as told before, in the order the steps run, and nothing for an alert that went out', () => {
    // Prepare: stale data told for the day (subject emptied), a row issue and two spikes told, 3 allowance notices told this month.
    const data = dataCheck(812, true);
    const state = {
      run,
      data: { ...data, quality: { ...data.quality, dayIssues: { bad_date: 2 } } },
      spikes: {
        alert: false, subject: '', message: '', teamOverageCredits: 0, teamOverageUsd: 0, teamAlert: false,
        spikingUsers: ['amy', 'bo'].map((userid) => ({ userid, overageCredits: 500, overageUsd: 20, trailingAverageCredits: 1, tier: null, monthCostUsd: null, recommendation: null })),
      },
      foresight: {
        month: '2026-11',
        allowance: { alert: false, subject: '', message: '', notices: [] },
        forecast: { alert: false, subject: '', message: '', notices: [] },
        suppressed: { allowance: 3, forecast: 0 },
      },
    };
    const published = { ...state, data: { ...state.data, subject: 'Kiro usage data stale' }, staleAlert: { messageId: 'm-1' } };

    // Act
    const suppressed = summarise(state).alertsSuppressed;
    const afterPublish = summarise(published).alertsSuppressed;

    // Assess
    expect(suppressed).toEqual([
      { alertKind: 'data_quality', notices: 1 },
      { alertKind: 'stale_data', notices: 1 },
      { alertKind: 'spike', notices: 2 },
      { alertKind: 'allowance', notices: 3 },
    ]);
    expect(afterPublish.map((entry) => entry.alertKind)).toEqual(['data_quality', 'spike', 'allowance']);
  });

  it('lists the alerts in the order their steps run, whatever the order of the state', () => {
    // Act
    const summary = summarise({ run, data: dataCheck(1), spikeAlert: { messageId: 'm-2' }, staleAlert: { messageId: 'm-1' } });

    // Assess
    expect(summary.alertsSent).toEqual(['stale_data', 'spike']);
  });

  it('lists what CheckData found unusable, with the data_quality alert first', () => {
    // Prepare
    const file = { table: 'user_report', file: 's3://bucket/kiro/AWSLogs/1/KiroLogs/user_report/x.csv', count: 2, lines: [], reason: 'no UserId: the rows are left out' };
    const data = { ...dataCheck(1), quality: { ...dataCheck(1).quality, alert: true, futureRows: 3, issueFiles: 1, files: [file], subject: 's', message: 'm' } };

    // Act
    const summary = summarise({ run, data, staleAlert: { messageId: 'm-1' }, dataQualityAlert: { messageId: 'm-0' } });

    // Assess
    expect(summary.alertsSent).toEqual(['data_quality', 'stale_data']);
    expect(summary.dataQuality).toEqual({ futureRows: 3, issueFiles: 1, files: [file], billingSemantics: NO_BILLING_EVIDENCE });
  });

  it('names missing_column in reportIssues only when a file lacked a column', () => {
    // Prepare
    const normalise = { files: 1, changed: 1, batches: [], dataQuality: {} };
    const batch = (dataQuality: Record<string, number>) => [{ key: 'work/x/normalise-0001.json', files: 1, rows: 3, modelRows: 0, dataQuality }];

    // Act
    const lacking = summarise({ run, normalise, normalised: batch({ missing_column: 3 }) });
    const whole = summarise({ run, normalise, normalised: batch({ bad_date: 1 }) });

    // Assess
    expect(lacking.reportIssues).toMatchObject({ missing_column: 3, bad_date: 0 });
    expect(Object.keys(whole.reportIssues)).toEqual(['bad_date', 'non_numeric', 'missing_user', 'out_of_range', 'unknown_tier', 'unknown_client', 'unreadable_row']);
  });

  it('says which billing setting the data contradicts', () => {
    // Prepare
    const contradicted = { ...NO_BILLING_EVIDENCE, overageLooksMonthToDate: true, contradictions: ['pricing.overageCreditsUsed is "daily", but …'] };
    const data = { ...dataCheck(1), quality: { ...dataCheck(1).quality, alert: true, billingSemantics: contradicted } };

    // Act
    const summary = summarise({ run, data, dataQualityAlert: { messageId: 'm-0' } });

    // Assess
    expect(summary.dataQuality.billingSemantics).toEqual(contradicted);
    expect(summary.alertsSent).toEqual(['data_quality']);
  });

  it('has no billing verdict when CheckData did not run', () => {
    // Act
    const summary = summarise({ run });

    // Assess
    expect(summary.dataQuality.billingSemantics).toBeNull();
  });

  it('fails clearly without a report date', () => {
    // Act + Assess
    expect(() => summarise({ views: [] })).toThrow('summarise: the state has neither run.reportDate nor data.reportDate');
  });
});
