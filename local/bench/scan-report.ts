/**
 * The AWS part of `npm run bench`: measures the bytes per person and day of both layouts on a
 * sample (its report CSV files, and the Parquet objects the normalise steps write of them, per
 * column), then prints {@link estimateDailyScan} for 10,000 people over one and two years.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { normaliseBatch } from '../../handlers/normalise-reports/normalise-batch.js';
import { membershipObject, membershipRecords } from '../../handlers/read-groups/membership-records.js';
import { planNormalise } from '../../handlers/normalise-reports/plan.js';
import { WORK_PREFIX } from '../../handlers/shared/build-settings.js';
import { CANONICAL_TABLES, canonicalTablePrefix, reportTableOfKey, type CanonicalTable, type ReportTable } from '../../handlers/shared/report-format.js';
import { loadConfig } from '../../handlers/shared/config.js';
import { planViews } from '../../handlers/render-views/plan-views.js';
import { readSqlFiles } from '../../handlers/render-views/read-sql-files.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { sqlString } from '../../handlers/shared/sql-literals.js';
import { ReportFolderStore } from '../aws/report-folder-store.js';
import { FolderObjectStore } from '../aws/s3-folder-store.js';
import { DEFAULT_SAMPLE_OPTIONS, DIRECTORY_FILE, generateSampleFiles } from '../sample/generate.js';
import { loadDirectoryFile } from '../directory-file.js';
import { mappingRecord, toJsonLines } from '../../handlers/resolve-users/mapping-record.js';
import { writeSampleFiles } from '../sample/write-files.js';
import { viewNames, viewReferences } from './sql-references.js';
import { dailyQueries, estimateDailyScan, FILE_OVERHEAD, type LayoutSizes, type ScanEstimate } from './scan-estimate.js';

/** The measured sample: the vendor's parts of about 1,000 people, four weeks. */
const SAMPLE = { users: 1000, days: 28, partSize: 1000 };

/** Sizes of every file below `folder`, by path; none when there is no such folder. */
async function fileSizes(folder: string): Promise<Array<{ path: string; size: number }>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, size: (await stat(path)).size };
    }),
  );
}

/**
 * The bytes of one member's line in a group_membership snapshot object as read-groups writes it
 * (gzipped JSON lines), measured on a made-up snapshot of 1,000 people with random-looking ids,
 * each in one of four team groups and in a licensed group, named by an execution id as a
 * scheduled run is.
 */
function groupMembershipLineBytes(): number {
  const people = 1000;
  const ids = Array.from({ length: people }, (_, index) => {
    const hex = createHash('sha256').update(`member-${index}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  });
  const teams = ['Platform', 'Data', 'Mobile', 'Web'];
  const members = new Map([...teams.map((team, at): [string, string[]] => [team, ids.filter((_, index) => index % teams.length === at)]), ['kiro-pro', ids]]);
  const records = membershipRecords(
    { teams: { groups: teams }, licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] },
    members,
    '0b5c2a61-8f3e-4d7a-9c1b-2e6f4a8d0c3e',
    '2026-11-30T03:00:05.000Z',
  );
  return (membershipObject(records).length - membershipObject(records.slice(0, 1)).length) / people;
}

/**
 * The mean bytes of a user_mapping line as resolve-users writes it, over the sample directory's
 * people (names as the sample makes them, no team attribute: the default config).
 */
async function userMappingLineBytes(directoryPath: string): Promise<number> {
  const directory = await loadDirectoryFile(directoryPath);
  const records = [...directory].map(([userid, user]) => mappingRecord(userid, user, '2026-11-30T03:00:41.318Z'));
  return Buffer.byteLength(toJsonLines(records)) / records.length;
}

/** Measures both layouts on a generated sample, per person and report day. */
export async function measureLayoutSizes(): Promise<LayoutSizes> {
  const dir = await mkdtemp(join(tmpdir(), 'kiro-scan-'));
  try {
    const endDate = DEFAULT_SAMPLE_OPTIONS.endDate;
    await writeSampleFiles(join(dir, 'reports'), generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, ...SAMPLE, endDate }));
    const ports = { reports: new ReportFolderStore(join(dir, 'reports')), store: new FolderObjectStore(join(dir, 'out')) };
    // The normalise steps' own code, as the Lambdas run it.
    const plan = await planNormalise({ reportDate: endDate, executionName: 'scan-estimate' }, { ...ports, workPrefix: WORK_PREFIX });
    for (const batch of plan.batches) await normaliseBatch({ key: batch.key, reportDate: endDate }, ports);
    const personDays = SAMPLE.users * SAMPLE.days;
    const csv: Record<ReportTable, number> = { user_report: 0, by_user_analytic: 0 };
    for (const file of await fileSizes(join(dir, 'reports'))) {
      const report = file.path.endsWith('.csv') ? reportTableOfKey(file.path) : undefined;
      if (report !== undefined) csv[report] += file.size / personDays;
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const parquet = {} as Record<CanonicalTable, Record<string, number>>;
    try {
      for (const table of CANONICAL_TABLES) {
        const files = (await fileSizes(join(dir, 'out', canonicalTablePrefix(table)))).filter((file) => file.size > 0);
        const columns: Record<string, number> = {};
        parquet[table] = columns;
        // The sample's files are clean: a table without files (the issue counts) reads as nothing.
        if (files.length === 0) continue;
        const chunks = await connection.runAndReadAll(
          `SELECT path_in_schema AS col, sum(total_compressed_size) AS bytes FROM parquet_metadata([${files.map((file) => sqlString(file.path)).join(', ')}]) GROUP BY ALL`,
        );
        for (const row of chunks.getRowObjects()) columns[String(row['col'])] = Number(row['bytes']) / personDays;
        const total = files.reduce((sum, file) => sum + file.size, 0) / personDays;
        columns[FILE_OVERHEAD] = total - Object.values(columns).reduce((sum, bytes) => sum + bytes, 0);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    return { csv, parquet, groupMembershipLine: groupMembershipLineBytes(), userMappingLine: await userMappingLineBytes(join(dir, 'reports', DIRECTORY_FILE)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const GB = 1e9;
const gb = (bytes: number): string => (bytes / GB).toFixed(2);

/**
 * The estimate's lines: per size old and new, and what group_membership adds with teams or
 * seats from groups; then what the new layout's largest reads are.
 */
export function scanEstimateLines(estimates: readonly ScanEstimate[]): string[] {
  const lines = [
    '| AWS: Athena bytes per daily run (estimate), people × days | old layout (CSV history) GB | new layout (Parquet by report_date) GB | more with teams or seats from groups GB |',
    '|---|---:|---:|---:|',
  ];
  for (const estimate of estimates) {
    lines.push(`| ${estimate.people.toLocaleString('en')} × ${estimate.days} | ${gb(estimate.oldBytes)} | ${gb(estimate.newBytes)} | ${gb(estimate.groupMembershipBytes)} |`);
  }
  const last = estimates.at(-1);
  if (last !== undefined) {
    const largest = [...last.queries].sort((a, b) => b.newBytes - a.newBytes).slice(0, 5);
    lines.push(`largest in the new layout at ${last.people.toLocaleString('en')} × ${last.days}: ${largest.map((query) => `${query.step} ${query.query} ${gb(query.newBytes)}`).join('; ')}`);
    const unmodelled = last.queries.filter((query) => !query.modelled).map((query) => query.query);
    const snapshots = last.queries.reduce((sum, query) => sum + query.groupMembershipReads, 0);
    lines.push(`group_membership: the run's queries read every snapshot ${snapshots} times; with teams or seats from groups each run's snapshot lists every member`);
    const lookups = last.queries.reduce((sum, query) => sum + query.userMappingReads, 0);
    lines.push(`user_mapping: the run's queries read every lookup ${lookups} times, ${gb(last.userMappingBytes)} GB of both layouts' totals (a line per person and per name refresh)`);
    if (unmodelled.length > 0) lines.push(`not modelled (a view without SQL, or a base table read without a stated kind, counted whole over the history): ${unmodelled.join(', ')}`);
  }
  return lines;
}

/** Measures the layouts and prints the estimate for 10,000 people over one and two years. */
export async function printScanEstimate(projectDir: string): Promise<void> {
  const sizes = await measureLayoutSizes();
  const config = loadConfig(projectDir, undefined, () => undefined);
  const lookbackDays = config.quicksight.refreshLookbackDays;
  const refresh = { days: config.users.nameRefreshDays, batchSize: config.users.nameRefreshBatchSize };
  const queries = dailyQueries(DASHBOARD.datasets, lookbackDays);
  const { statements } = planViews(await readSqlFiles(join(projectDir, 'sql')));
  const [views, names] = [viewReferences(statements), viewNames(statements)];
  for (const line of scanEstimateLines([365, 730].map((days) => estimateDailyScan(sizes, queries, 10_000, days, views, names, refresh)))) console.log(line);
}
