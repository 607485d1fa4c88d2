import { describe, expect, it } from 'vitest';
import { alertRecordKey, parseAlertRecord, readRecord } from '../../handlers/record-alerts-sent/alert-record.js';
import { recordAlerts, type PublishedAlerts } from '../../handlers/record-alerts-sent/record-alerts.js';
import { dataQualityFindings, noticeKey, spikeFindings, tellOnce } from '../../handlers/record-alerts-sent/report-date-notices.js';
import type { DataQuality } from '../../handlers/check-data/evaluate-quality.js';
import type { DataCheck } from '../../handlers/check-data/evaluate-freshness.js';
import type { SpikeReport } from '../../handlers/detect-spikes/evaluate-spikes.js';
import { NO_BILLING_EVIDENCE } from './support/billing.js';
import { MemoryStore } from './support/memory-store.js';

const NOW = new Date('2026-07-11T03:10:00.000Z');

const QUALITY: DataQuality = {
  alert: true,
  futureRows: 2,
  issueFiles: 1,
  files: [
    { table: 'user_report', file: 's3://reports/a.csv', count: 3, lines: [], reason: 'no UserId, left out' },
    { table: 'user_report', file: 's3://reports/a.csv', count: 1, lines: [], reason: 'no date the views can read (e.g. "x"), left out' },
  ],
  dayIssues: { bad_date: 4, unknown_tier: 0 },
  billingSemantics: {
    ...NO_BILLING_EVIDENCE,
    contradictions: ['pricing.overageCreditsUsed is "daily", but Overage_Credits_Used looks like a month-to-date total (0 of 10 steps). Set it.'],
  },
  subject: 'Kiro data quality: …',
  message: '…',
};

const SPIKES: SpikeReport = {
  alert: true, subject: 's', message: 'm', teamOverageCredits: 1500, teamOverageUsd: 60, teamAlert: true,
  spikingUsers: [{ userid: 'amy', overageCredits: 640, overageUsd: 25.6, trailingAverageCredits: 10, tier: 'PRO', monthCostUsd: 19, recommendation: null }],
};

describe('the findings of a report-date alert', () => {
  it('names each file once with its lines summed, the counts, the row issues with rows and each billing setting by name and value', () => {
    // Act
    const findings = dataQualityFindings(QUALITY);

    // Assess
    expect(findings).toEqual([
      { item: 'files', count: 1 },
      { item: 'file/user_report s3://reports/a.csv', count: 4 },
      { item: 'future_rows', count: 2 },
      { item: 'row_issue/bad_date', count: 4 },
      { item: 'billing/pricing.overageCreditsUsed is "daily"' },
    ]);
    expect(spikeFindings(SPIKES)).toEqual([{ item: 'person/amy' }, { item: 'team' }]);
  });

  it('counts a counted finding as told only with that count or more, and another day or kind as not told', () => {
    // Prepare
    const told = new Set(['data_quality/2026-07-10/row_issue/bad_date#3', 'spike/2026-07-10/person/amy', 'data_quality/2026-07-10/row_issue/bad_date#x']);

    // Act
    const same = tellOnce('data_quality', '2026-07-10', [{ item: 'row_issue/bad_date', count: 3 }], told);
    const fewer = tellOnce('data_quality', '2026-07-10', [{ item: 'row_issue/bad_date', count: 2 }], told);
    const more = tellOnce('data_quality', '2026-07-10', [{ item: 'row_issue/bad_date', count: 4 }], told);
    const otherDay = tellOnce('spike', '2026-07-09', [{ item: 'person/amy' }], told);
    const otherKind = tellOnce('stale_data', '2026-07-10', [{ item: 'stale' }], told);

    // Assess
    expect([same, fewer, more]).toEqual([
      { news: 0, earlier: true },
      { news: 0, earlier: true },
      { news: 1, earlier: true },
    ]);
    expect(otherDay).toEqual({ news: 1, earlier: false });
    expect(otherKind).toEqual({ news: 1, earlier: false });
    expect(noticeKey('data_quality', '2026-07-10', { item: 'row_issue/bad_date', count: 4 })).toBe('data_quality/2026-07-10/row_issue/bad_date#4');
  });
});

/** The state after CheckData, DetectSpikes and the foresight step, with the given alerts published. */
function state(published: Partial<Pick<PublishedAlerts, 'dataQualityAlert' | 'staleAlert' | 'spikeAlert' | 'allowanceAlert'>>, reportDate = '2026-07-10'): PublishedAlerts {
  const data = { reportDate, stale: true, subject: 'stale', quality: QUALITY } as unknown as DataCheck;
  return {
    run: { reportDate, executionDate: '2026-07-11', crawlers: [], datasetIds: [] },
    data,
    spikes: SPIKES,
    foresight: {
      month: '2026-07',
      allowance: { alert: true, subject: 'a', message: 'a', notices: ['allowance/amy/used/0.8'] },
      forecast: { alert: false, subject: '', message: '', notices: [] },
      suppressed: { allowance: 0, forecast: 0 },
    },
    ...published,
  };
}

describe('recordAlerts', () => {
  it('records only the alerts SNS accepted, each finding under its kind and report date', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const result = await recordAlerts(state({ spikeAlert: { messageId: 'm-1' }, staleAlert: { messageId: 'm-2' } }), store, NOW);

    // Assess
    expect(result).toEqual({ key: 'alerts-sent/month=2026-07/sent.json', recorded: 3 });
    const record = await readRecord(store, '2026-07');
    expect(record.sent).toEqual([
      { kind: 'stale_data', key: 'stale_data/2026-07-10/stale', messageId: 'm-2', sentAt: NOW.toISOString() },
      { kind: 'spike', key: 'spike/2026-07-10/person/amy', messageId: 'm-1', sentAt: NOW.toISOString() },
      { kind: 'spike', key: 'spike/2026-07-10/team', messageId: 'm-1', sentAt: NOW.toISOString() },
    ]);
  });

  it('is idempotent: a second visit adds nothing and writes nothing', async () => {
    // Prepare
    const store = new MemoryStore();
    const published = state({ dataQualityAlert: { messageId: 'm-1' } });
    await recordAlerts(published, store, NOW);
    const written = store.objects.get(alertRecordKey('2026-07'));

    // Act
    const again = await recordAlerts(published, store, new Date('2026-07-11T04:00:00.000Z'));

    // Assess
    expect(again).toEqual({ key: 'alerts-sent/month=2026-07/sent.json', recorded: 0 });
    expect(store.objects.get(alertRecordKey('2026-07'))).toBe(written);
  });

  it("keeps a backfilled day in its own month's record and the allowance in the month of report_as_of", async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const result = await recordAlerts(state({ spikeAlert: { messageId: 'm-1' }, allowanceAlert: { messageId: 'm-2' } }, '2026-06-30'), store, NOW);

    // Assess
    expect(result).toEqual({ key: 'alerts-sent/month=2026-06/sent.json', recorded: 3 });
    expect((await readRecord(store, '2026-06')).sent.map((notice) => notice.key)).toEqual(['spike/2026-06-30/person/amy', 'spike/2026-06-30/team']);
    expect((await readRecord(store, '2026-07')).sent.map((notice) => notice.key)).toEqual(['allowance/amy/used/0.8']);
  });

  it("keeps the statement in the record of the month it states and the reminder in the month of report_as_of, each only once SNS accepted it", async () => {
    // Prepare
    const store = new MemoryStore();
    const draft = (notice: string) => ({ alert: true, subject: 's', message: 'm', notices: [notice] });
    const statement = {
      month: '2026-06', statement: draft('monthly_statement/2026-06'), files: [], reminderMonth: '2026-07', reminder: draft('forecast/reminder'), suppressed: { statement: 0, reminder: 0 },
    };

    // Act
    const unpublished = await recordAlerts({ ...state({}), foresight: undefined, statement }, store, NOW);
    const published = await recordAlerts({ ...state({}), foresight: undefined, statement, statementAlert: { messageId: 'm-3' }, reminderAlert: { messageId: 'm-4' } }, store, NOW);

    // Assess
    expect(unpublished).toEqual({ key: null, recorded: 0 });
    expect(published).toEqual({ key: 'alerts-sent/month=2026-06/sent.json', recorded: 2 });
    expect((await readRecord(store, '2026-06')).sent).toEqual([{ kind: 'monthly_statement', key: 'monthly_statement/2026-06', messageId: 'm-3', sentAt: NOW.toISOString() }]);
    expect((await readRecord(store, '2026-07')).sent).toEqual([{ kind: 'forecast', key: 'forecast/reminder', messageId: 'm-4', sentAt: NOW.toISOString() }]);
  });

  it('writes nothing when nothing was published', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const result = await recordAlerts({ ...state({}), foresight: undefined }, store, NOW);

    // Assess
    expect(result).toEqual({ key: null, recorded: 0 });
    expect(store.objects.size).toBe(0);
  });
});

describe('parseAlertRecord', () => {
  it('reads every recorded kind and names the key of a record it cannot read', () => {
    // Prepare
    const notice = (kind: string) => ({ kind, key: `${kind}/x`, messageId: 'm', sentAt: NOW.toISOString() });
    const text = JSON.stringify({ month: '2026-07', sent: ['data_quality', 'stale_data', 'spike', 'allowance', 'forecast', 'monthly_statement'].map(notice) });

    // Act
    const parsed = parseAlertRecord(text, 'k');
    const unknownKind = () => parseAlertRecord(JSON.stringify({ month: '2026-07', sent: [notice('failure')] }), 'alerts-sent/month=2026-07/sent.json');

    // Assess
    expect(parsed.sent).toHaveLength(6);
    expect(unknownKind).toThrow(/^alerts-sent\/month=2026-07\/sent\.json: expected .*kind one of data_quality, stale_data, spike, allowance, forecast, monthly_statement$/);
  });
});
