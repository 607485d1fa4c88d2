/**
 * Teams and seats in the local run (issue 13): `--directory` as one JSON object with the AWS CLI's
 * Users (enterprise attributes), Groups and GroupMemberships, the configured groups read once,
 * the snapshot written under --out, and the team and seat views in views/.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile, validateConfig, type PipelineConfig } from '../../handlers/shared/config.js';
import { readCsvRows } from './support/csv-rows.js';
import { parseDirectory } from '../../local/directory-file.js';
import { runLocal, type LocalRunResult } from '../../local/run/run-local.js';
import { outcomeOf } from './support/run-outcome.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const FIXTURE_BUCKET = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));
const ADA = '11111111-1111-4111-8111-111111111111';
const BO = '22222222-2222-4222-8222-222222222222';
const CY = '33333333-3333-4333-8333-333333333333';
const DEE = '44444444-4444-4444-8444-444444444444';
const FAY = '66666666-6666-4666-8666-666666666666';

const enterprise = (department: string) => ({ 'aws:identitystore:enterprise': { department } });
const EXPORT = {
  Users: [
    { UserId: ADA, UserName: 'ada.example', DisplayName: 'Ada Example', Extensions: enterprise('Research') },
    { UserId: BO, UserName: 'bo.example', DisplayName: 'Bo Example', Extensions: enterprise('Research') },
    { UserId: CY, UserName: 'cy.example', DisplayName: 'Cy Example', Extensions: enterprise('Support') },
    { UserId: DEE, UserName: 'dee.example', DisplayName: 'Dee Example' },
    { UserId: FAY, UserName: 'fay.example', DisplayName: 'Fay Example' },
  ],
  Groups: [
    { GroupId: 'g-platform', DisplayName: 'Platform' },
    { GroupId: 'g-data', DisplayName: 'Data' },
    { GroupId: 'g-pro', DisplayName: 'kiro-pro' },
  ],
  GroupMemberships: [
    { GroupId: 'g-platform', MemberId: { UserId: ADA } },
    { GroupId: 'g-data', MemberId: { UserId: ADA } },
    { GroupId: 'g-data', MemberId: { UserId: BO } },
    { GroupId: 'g-pro', MemberId: { UserId: ADA } },
    { GroupId: 'g-pro', MemberId: { UserId: FAY } },
  ],
};

function configWith(extra: Record<string, unknown>): PipelineConfig {
  const example = JSON.parse(JSON.stringify(readConfigFile(EXAMPLE_CONFIG))) as Record<string, unknown>;
  return validateConfig({ ...example, ...extra }, 'teams test');
}

/** The cents of a money column summed, so float noise cannot hide a lost cent. */
function cents(rows: readonly Record<string, string>[], column: string): number {
  return rows.reduce((sum, row) => sum + Math.round(Number(row[column] || 0) * 100), 0);
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'teams-local-'));
});

afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('a local run with teams from groups and a licensed group', () => {
  let outDir: string;
  let result: LocalRunResult;

  beforeAll(async () => {
    outDir = join(workDir, 'groups');
    const config = configWith({ teams: { groups: ['Platform', 'Data'] }, licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] });
    result = await runLocal({ reportsDir: FIXTURE_BUCKET, directory: parseDirectory(JSON.stringify(EXPORT), 'export.json'), outDir, config });
  });

  it('reads the groups once and writes one snapshot under --out', async () => {
    // Act
    const partitions = await readdir(join(outDir, 'group-membership'));
    const progress = result.events.filter((event) => event.state === 'ReadGroupMemberships' && event.type === 'StateExited');

    // Assess
    expect(outcomeOf(result)).toEqual({ status: 'SUCCEEDED' });
    expect(partitions).toHaveLength(1);
    expect(progress).toHaveLength(1);
    // Gzipped JSON lines, as in S3: the snapshot's own line first.
    const [file] = await readdir(join(outDir, 'group-membership', partitions[0] ?? ''));
    expect(file).toMatch(/^local-.*\.json\.gz$/);
    const lines = gunzipSync(await readFile(join(outDir, 'group-membership', partitions[0] ?? '', file ?? ''))).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ userid: null, team_source: 'groups' });
  });

  it('splits each month by team (the first listed group wins) and the teams add up to the month', async () => {
    // Act
    const teams = await readCsvRows(join(outDir, 'views', 'team_monthly_cost.csv'));
    const people = await readCsvRows(join(outDir, 'views', 'user_monthly_cost.csv'));

    // Assess: Ada is in Platform and Data: Platform. Bo: Data. Cy, Dee and the unresolved Eli: unassigned.
    expect(people.filter((row) => row.userid === ADA).every((row) => row.team === 'Platform')).toBe(true);
    expect(people.filter((row) => row.userid === BO).every((row) => row.team === 'Data')).toBe(true);
    expect(people.filter((row) => ![ADA, BO].includes(row.userid ?? '')).every((row) => row.team === '')).toBe(true);
    expect(new Set(teams.map((row) => row.team))).toEqual(new Set(['Platform', 'Data', 'unassigned']));
    for (const month of new Set(people.map((row) => row.month))) {
      expect(cents(teams.filter((row) => row.month === month), 'total_usd')).toBe(cents(people.filter((row) => row.month === month), 'total_usd'));
    }
  });

  it('names the seat holder who never used Kiro: read-groups runs before the ids are resolved', async () => {
    // Act
    const never = await readCsvRows(join(outDir, 'views', 'never_active_users.csv'));
    const seats = await readCsvRows(join(outDir, 'views', 'seat_summary.csv'));

    // Assess
    expect(never).toEqual([
      { userid: FAY, display_name: 'Fay Example', user_name: 'fay.example', licensed_group: 'kiro-pro', licensed_tier: 'PRO', monthly_seat_usd: '20.0' },
    ]);
    expect(seats.length).toBeGreaterThan(0);
    expect(seats.every((row) => row.licensed_seats === '2' && row.never_active_seats === '1' && row.never_active_seat_usd === '20.0')).toBe(true);
  });

  it("gives the People sheet's datasets each person's team, one row per row of the view", async () => {
    // Act
    const byCost = await readCsvRows(join(outDir, 'datasets', 'top_users_by_cost.csv'));
    const viewRows = await readCsvRows(join(outDir, 'views', 'top_users_by_cost.csv'));
    const never = await readCsvRows(join(outDir, 'datasets', 'never_active_users.csv'));

    const summary = new Map((await readCsvRows(join(outDir, 'views', 'user_summary.csv'))).map((row) => [row.userid, row.team]));

    // Assess: Ada, in two groups, is one row with the first listed team, each person the team
    // user_summary gives them; Fay has no team group.
    expect(byCost).toHaveLength(viewRows.length);
    expect(byCost.filter((row) => row.userid === ADA).map((row) => row.team)).toEqual(['Platform']);
    expect(byCost.every((row) => row.team === summary.get(row.userid))).toBe(true);
    expect(never.map((row) => [row.userid, row.team])).toEqual([[FAY, '']]);
  });
});

describe('a local run with teams from the department attribute', () => {
  it('records the department of each lookup and splits the cost by it', async () => {
    // Prepare
    const outDir = join(workDir, 'department');
    const config = configWith({ teams: { attribute: 'department' } });

    // Act
    const result = await runLocal({ reportsDir: FIXTURE_BUCKET, directory: parseDirectory(JSON.stringify(EXPORT), 'export.json'), outDir, config });
    const directory = await readCsvRows(join(outDir, 'views', 'user_directory.csv'));
    const teams = await readCsvRows(join(outDir, 'views', 'team_monthly_cost.csv'));

    // Assess
    expect(outcomeOf(result)).toEqual({ status: 'SUCCEEDED' });
    expect(Object.fromEntries(directory.map((row) => [row.userid, `${row.team}/${row.team_attribute}`]))).toMatchObject({
      [ADA]: 'Research/department',
      [BO]: 'Research/department',
      [CY]: 'Support/department',
      [DEE]: '/department',
    });
    expect(new Set(teams.map((row) => row.team))).toEqual(new Set(['Research', 'Support', 'unassigned']));
  });
});
