/** PlanNormalise and NormaliseReportBatch over an in-memory store: files read once, manifests, idempotent re-runs. */
import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { normaliseBatch } from '../../handlers/normalise-reports/normalise-batch.js';
import { manifestKey, folderOf } from '../../handlers/normalise-reports/manifest.js';
import { planNormalise } from '../../handlers/normalise-reports/plan.js';
import { BY_USER_ANALYTIC_HEADER } from '../../handlers/shared/report-format.js';
import type { ReportObject, ReportStore } from '../../handlers/shared/report-store.js';
import { MemoryStore } from './support/memory-store.js';

const HEADER = 'Date,UserId,Client_Type,Total_Messages,Subscription_Tier,auto_messages';
/** The columns every user_report has that these tests do not vary, with their cells. */
const REST = { header: ',Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId', cells: ',1,2.5,,0,false,p-1' };
/** A user_report file of these rows (`Date,UserId,Client_Type,Total_Messages,Subscription_Tier,auto_messages`). */
const userReport = (...rows: string[]): string => `${HEADER}${REST.header}\n${rows.map((row) => `${row}${REST.cells}\n`).join('')}`;
const folder = (day: string): string => `kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/${day.replaceAll('-', '/')}/00/`;
const fileKey = (day: string, client: string): string => `${folder(day)}${client}_111122223333_user_report_${day.replaceAll('-', '')}0200.csv`;

/** A report bucket in memory: text and ETag per key. */
class MemoryReports implements ReportStore {
  readonly files = new Map<string, { text: string; etag: string }>();
  reads = 0;
  put(key: string, text: string, etag: string): void {
    this.files.set(key, { text, etag });
  }
  async listReportFiles(): Promise<ReportObject[]> {
    return [...this.files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, file]) => ({ key, etag: file.etag, lastModified: '2026-09-16T02:00:00.000Z' }));
  }
  async getText(key: string): Promise<string> {
    this.reads += 1;
    return this.files.get(key)!.text;
  }
  uriOf(key: string): string {
    return `s3://reports/${key}`;
  }
}

/** The rows of a Parquet object, read by a reader other than the writer's. */
async function parquetRows(body: Uint8Array | undefined): Promise<Record<string, unknown>[]> {
  if (body === undefined) throw new Error('no such object');
  return parquetReadObjects({ file: body.slice().buffer, compressors: { GZIP: (input: Uint8Array) => gunzipSync(input) } });
}

async function runDay(reports: MemoryReports, store: MemoryStore, executionName: string, reportDate = '2026-09-15') {
  const plan = await planNormalise({ reportDate, executionName }, { reports, store, workPrefix: 'work/', filesPerBatch: 2 });
  const batches = [];
  for (const batch of plan.batches) batches.push(await normaliseBatch({ key: batch.key, reportDate }, { reports, store }));
  return { plan, batches };
}

describe('normalise batches', () => {
  it('reads every file once, whole folders per batch, and writes canonical objects and manifests', async () => {
    const reports = new MemoryReports();
    const store = new MemoryStore();
    reports.put(fileKey('2026-09-14', 'KIRO_IDE'), userReport('2026-09-14,u1,KIRO_IDE,3,PRO,3'), 'a');
    reports.put(fileKey('2026-09-15', 'KIRO_IDE'), userReport('2026-09-15,u1,KIRO_IDE,3,PRO,3'), 'b');
    reports.put(fileKey('2026-09-15', 'KIRO_XR'), userReport('2026-09-15,u2,KIRO_XR,1,PRO,1', 'bad,u3,KIRO_IDE,1,PRO,1'), 'c');

    const { plan, batches } = await runDay(reports, store, 'run-1');

    expect(plan).toMatchObject({ files: 3, changed: 3, dataQuality: {} });
    // Two folders: the 15th (two files) cannot share a batch of two with the 14th.
    expect(plan.batches.map((batch) => batch.count)).toEqual([1, 2]);
    expect(batches.map((batch) => [batch.files, batch.rows, batch.modelRows])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(batches[1]?.dataQuality).toEqual({ unknown_client: 1, bad_date: 1 });
    const rowObjects = [...store.binaries.keys()].filter((key) => key.startsWith('canonical/user_report_rows/'));
    expect(rowObjects).toHaveLength(3);
    expect(rowObjects.every((key) => /\/report_date=2026-09-1[45]\/[^/]+\.parquet$/.test(key))).toBe(true);
    const manifest = JSON.parse(store.objects.get(manifestKey(folder('2026-09-15')))!);
    expect(manifest.files.map((file: ReportObject) => [file.key, file.etag])).toEqual([
      [fileKey('2026-09-15', 'KIRO_IDE'), 'b'],
      [fileKey('2026-09-15', 'KIRO_XR'), 'c'],
    ]);
    expect(folderOf(fileKey('2026-09-15', 'KIRO_IDE'))).toBe(folder('2026-09-15'));
  });

  it('reads nothing again on a re-run, keeps the day counts from the manifests, and re-reads a rewritten file into the same objects', async () => {
    const reports = new MemoryReports();
    const store = new MemoryStore();
    reports.put(fileKey('2026-09-15', 'KIRO_XR'), userReport('2026-09-15,u2,KIRO_XR,1,PRO,1'), 'c');
    await runDay(reports, store, 'run-1');
    const objects = new Map(store.binaries);
    const readsBefore = reports.reads;

    const again = await runDay(reports, store, 'run-2');
    expect(again.plan).toMatchObject({ files: 1, changed: 0, batches: [], dataQuality: { unknown_client: 1 } });
    expect(reports.reads).toBe(readsBefore);

    reports.put(fileKey('2026-09-15', 'KIRO_XR'), userReport('2026-09-15,u2,KIRO_XR,1,PRO,7'), 'd');
    const rewritten = await runDay(reports, store, 'run-3');
    expect(rewritten.plan.changed).toBe(1);
    const canonicalKeys = (map: Map<string, Uint8Array>) => [...map.keys()].filter((key) => key.startsWith('canonical/user_report')).sort();
    expect(canonicalKeys(store.binaries)).toEqual(canonicalKeys(objects));
    const models = [...store.binaries.entries()].find(([key]) => key.startsWith('canonical/user_report_model_messages/'))![1];
    expect((await parquetRows(models)).map((row) => row['messages'])).toEqual([7n]);
  });

  it('re-running a batch rewrites the same objects (a retry is idempotent)', async () => {
    const reports = new MemoryReports();
    const store = new MemoryStore();
    reports.put(fileKey('2026-09-15', 'KIRO_IDE'), userReport('2026-09-15,u1,KIRO_IDE,3,PRO,3'), 'b');
    const plan = await planNormalise({ reportDate: '2026-09-15', executionName: 'run-1' }, { reports, store, workPrefix: 'work/' });
    const key = plan.batches[0]!.key;
    await normaliseBatch({ key, reportDate: '2026-09-15' }, { reports, store });
    const first = { objects: new Map(store.objects), binaries: new Map(store.binaries) };
    await normaliseBatch({ key, reportDate: '2026-09-15' }, { reports, store });
    expect({ objects: store.objects, binaries: store.binaries }).toEqual(first);
  });

  it('empties what a rewritten file no longer gives (its issues fixed), and keeps what a deleted file gave (the history)', async () => {
    // Prepare: a file with a bad row, and an analytic file beside it
    const reports = new MemoryReports();
    const store = new MemoryStore();
    const key = fileKey('2026-09-15', 'KIRO_IDE');
    const analytic = 'kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/us-east-1/2026/09/15/00/111122223333_by_user_analytic_202609160205_report.csv';
    reports.put(key, userReport('2026-09-15,u1,KIRO_IDE,3,PRO,3', '2026-09-15,u2,KIRO_IDE,x,PRO,1'), 'a');
    const analyticRow = BY_USER_ANALYTIC_HEADER.map((name) => (name === 'UserId' ? 'u1' : name === 'Date' ? '09-15-2026' : name === 'Chat_MessagesSent' ? '4' : '0'));
    reports.put(analytic, `${BY_USER_ANALYTIC_HEADER.join(',')}\n${analyticRow.join(',')}\n`, 'e');
    await runDay(reports, store, 'run-1');
    const issueObject = [...store.binaries.keys()].find((object) => object.startsWith('canonical/report_issue_counts/'))!;
    const analyticObject = [...store.binaries.keys()].find((object) => object.startsWith('canonical/by_user_analytic_rows/'))!;
    expect((await parquetRows(store.binaries.get(issueObject))).map((row) => row['issue'])).toEqual(['non_numeric']);
    expect(await parquetRows(store.binaries.get(analyticObject))).toMatchObject([{ userid: 'u1', chat_messagessent: 4n, dev_acceptedlines: 0n }]);

    // Act: the vendor rewrites the file without the bad row, and the analytic file goes
    reports.put(key, userReport('2026-09-15,u1,KIRO_IDE,3,PRO,3'), 'b');
    reports.files.delete(analytic);
    const rerun = await runDay(reports, store, 'run-2');

    // Assess
    expect(rerun.batches.reduce((sum, batch) => sum + batch.files, 0)).toBe(1);
    expect(store.binaries.get(issueObject)).toEqual(new Uint8Array(0));
    expect(await parquetRows(store.binaries.get(analyticObject))).toMatchObject([{ userid: 'u1', chat_messagessent: 4n }]);
    expect(rerun.batches.map((batch) => batch.dataQuality)).toEqual([{}]);
  });

  it('converts the JSON-lines objects of the first layout to Parquet and empties them, those of deleted files too, once', async () => {
    // Prepare: a folder read by the first layout (JSON lines, the manifest listing them), one
    // of its files since deleted from the report bucket, and another rewritten by the vendor
    const reports = new MemoryReports();
    const store = new MemoryStore();
    const ide = fileKey('2026-09-15', 'KIRO_IDE');
    const cli = fileKey('2026-09-15', 'KIRO_CLI');
    reports.put(ide, userReport('2026-09-15,u1,KIRO_IDE,3,PRO,3'), 'a');
    reports.put(cli, userReport('2026-09-15,u2,KIRO_CLI,1,PRO,1'), 'b');
    await runDay(reports, store, 'run-1');
    const jsonOf = (key: string): string => key.replace(/\.parquet$/, '.json');
    const firstLayout = new Map<string, string>();
    for (const [key, body] of store.binaries) {
      firstLayout.set(jsonOf(key), (await parquetRows(body)).map((row) => JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? Number(value) : value))).join('\n'));
    }
    const manifest = JSON.parse(store.objects.get(manifestKey(folder('2026-09-15')))!);
    for (const entry of manifest.files) entry.objects = entry.objects.map(jsonOf);
    store.binaries.clear();
    for (const [key, text] of firstLayout) store.objects.set(key, text);
    store.objects.set(manifestKey(folder('2026-09-15')), JSON.stringify(manifest));
    reports.files.delete(ide);
    reports.put(cli, userReport('2026-09-15,u2,KIRO_CLI,1,PRO,1', '2026-09-15,u3,KIRO_CLI,1,PRO,1'), 'c');

    // Act
    const { plan } = await runDay(reports, store, 'run-2');

    // Assess: the rewritten file is read again (its JSON emptied by that reading), the deleted
    // file's JSON objects converted; no JSON object holds rows any more, and a new run converts nothing
    const rowsOf = async (prefix: string) => (await Promise.all([...store.binaries].filter(([key]) => key.startsWith(prefix) && key.endsWith('.parquet')).map(([, body]) => parquetRows(body)))).flat();
    expect(plan.changed).toBe(1);
    expect((await rowsOf('canonical/user_report_rows/')).map((row) => row['userid']).sort()).toEqual(['u1', 'u2', 'u3']);
    expect([...store.objects.keys()].filter((key) => key.endsWith('.json') && key.startsWith('canonical/user_report'))).toEqual([]);
    expect([...store.binaries].filter(([key]) => key.endsWith('.json')).every(([, body]) => body.length === 0)).toBe(true);
    expect((await runDay(reports, store, 'run-3')).plan.batches).toEqual([]);
  });
});
