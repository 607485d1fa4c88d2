/**
 * The data fault classes of issue 9 as AWS meets them, through the real ASL interpreter and the
 * real CheckData, FindUsersToResolve, ResolveUserBatch, DetectSpikes and Summarise handlers.
 * Athena is played by DuckDB over tables holding what Athena shows: the views of sql/ over the
 * crawled rows, a damaged file's line read positionally (empty cells), a damaged user-mapping
 * line as the JSON SerDe's row without a userid (`ignore.malformed.json`). The runner given to
 * the handlers has only `run`, as Athena: no list of skipped lines (that is local only).
 *
 * The day 2026-07-10 (run 2026-07-11), account 111122223333, us-east-1, KIRO_IDE:
 * - first export 07-11 02:00 as `<stamp>_part_N`: Ada 10 and Bo 20 credits; Cy 30 and Eli 5;
 * - re-export 07-11 14:37 as `part_N_<stamp>`: Ada 11 and Cy 33 (Cy moved); Bo 22 and Eli 6;
 * - a second account 444455556666: Ada 4; a PLUGIN file with Dee 7 and a damaged line;
 * - a row dated 2026-07-20, after the run day.
 * The user mapping: Ada, Bo, Cy resolved 07-01; Dee found DELETED on 05-01 (older than the
 * 30-day refresh age); Eli's line damaged.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createCheckData } from '../../handlers/check-data/handler.js';
import { createHandler as createDetectSpikes } from '../../handlers/detect-spikes/handler.js';
import { createHandler as createFindUsers } from '../../handlers/find-users/handler.js';
import { createHandler as createResolveUsers } from '../../handlers/resolve-users/handler.js';
import { logger } from '../../handlers/shared/logger.js';
import type { QueryRunner } from '../../handlers/shared/query-runner.js';
import type { HandlerPorts } from '../../handlers/shared/handler-ports.js';
import type { DirectoryUser } from '../../handlers/shared/user-lookup.js';
import { USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import type { ExecutionOutcome } from '../../local/aws/step-functions/run.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createAthenaOver, USERS } from '../sql/fixture-engine.js';
import { MemoryStore } from '../unit/support/memory-store.js';
import { testSettings } from '../unit/support/settings.js';
import { Scenario } from './support/scenario.js';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const DAMAGED_MAPPING = 's3://example-analytics-bucket/user-mapping/resolved_date=2026-07-01/daily-2026-07-01-0001.json';

function userReport(account: string, day: string, name: string, lines: string[]): [string, string] {
  return [`kiro/AWSLogs/${account}/KiroLogs/user_report/us-east-1/${day.replaceAll('-', '/')}/00/${name}`, [USER_REPORT_HEADERS.original.join(','), ...lines, ''].join('\n')];
}

function row(user: string, credits: number, { day = '2026-07-10', client = 'KIRO_IDE', account = ACCOUNT } = {}): string {
  return `${day},"${user}",${client},1,${credits},0.0,0.0,false,"arn:aws:codewhisperer:us-east-1:${account}:profile/P1",PRO,2`;
}

const mappingLine = (userid: string, status: string, resolvedAt: string) =>
  JSON.stringify({ userid, user_name: status === 'ACTIVE' ? userid.slice(0, 3) : null, display_name: status === 'ACTIVE' ? `Person ${userid.slice(0, 3)}` : null, status, resolved_at: resolvedAt });

let scratch: string;
let athena: LocalAthena;
let scenario: Scenario;
let store: MemoryStore;
let outcome: ExecutionOutcome;
const lookedUp: string[] = [];

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  scratch = await mkdtemp(join(tmpdir(), 'pipeline-data-faults-'));
  const files: Array<[string, string]> = [
    userReport(ACCOUNT, '2026-07-10', `KIRO_IDE_${ACCOUNT}_user_report_202607110200_part_1.csv`, [row(USERS.ada, 10), row(USERS.bo, 20)]),
    userReport(ACCOUNT, '2026-07-10', `KIRO_IDE_${ACCOUNT}_user_report_202607110200_part_2.csv`, [row(USERS.cy, 30), row(USERS.eli, 5)]),
    userReport(ACCOUNT, '2026-07-10', `KIRO_IDE_${ACCOUNT}_user_report_part_1_202607111437.csv`, [row(USERS.ada, 11), row(USERS.cy, 33)]),
    userReport(ACCOUNT, '2026-07-10', `KIRO_IDE_${ACCOUNT}_user_report_part_2_202607111437.csv`, [row(USERS.bo, 22), row(USERS.eli, 6)]),
    userReport(OTHER_ACCOUNT, '2026-07-10', `KIRO_IDE_${OTHER_ACCOUNT}_user_report_202607110200.csv`, [row(USERS.ada, 4, { account: OTHER_ACCOUNT })]),
    // The damaged line as OpenCSVSerDe reads it: every cell empty but the client type.
    userReport(ACCOUNT, '2026-07-10', `PLUGIN_${ACCOUNT}_user_report_202607110203.csv`, [row(USERS.dee, 7, { client: 'PLUGIN' }), ',,PLUGIN,,,,,,,,']),
    userReport(ACCOUNT, '2026-07-20', `KIRO_CLI_${ACCOUNT}_user_report_202607210200.csv`, [row(USERS.ada, 1, { day: '2026-07-20', client: 'KIRO_CLI' })]),
    [
      'user-mapping/resolved_date=2026-07-01/daily-2026-07-01-0001.json',
      [USERS.ada, USERS.bo, USERS.cy].map((id) => mappingLine(id, 'ACTIVE', '2026-07-01T03:00:05Z')).join('\n') + '\n',
    ],
    ['user-mapping/resolved_date=2026-05-01/daily-2026-05-01-0001.json', `${mappingLine(USERS.dee, 'DELETED', '2026-05-01T03:00:05Z')}\n`],
  ];
  for (const [path, text] of files) {
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    await writeFile(join(scratch, path), text);
  }
  athena = await createAthenaOver(scratch, join(scratch, 'user-mapping'));
  // Eli's mapping line, damaged: what the JSON SerDe with ignore.malformed.json gives for it.
  await athena.run(`INSERT INTO user_mapping (userid, user_name, display_name, status, resolved_at, resolved_date, "$path") VALUES (NULL, NULL, NULL, NULL, NULL, DATE '2026-07-01', '${DAMAGED_MAPPING}')`);

  // Athena's side of the QueryRunner port: run, and nothing else.
  const queries: QueryRunner = { run: (sql) => athena.run(sql) };
  store = new MemoryStore();
  const directory = new Map<string, DirectoryUser>([
    [USERS.eli, { userName: 'eli', displayName: 'Eli Example' }],
    [USERS.dee, { userName: 'dee', displayName: 'Dee Example' }],
  ]);
  const ports: Omit<HandlerPorts, 'reports'> = {
    settings: testSettings(),
    queries,
    store,
    users: {
      describeUser: async (id) => {
        lookedUp.push(id);
        return directory.get(id) ?? null;
      },
    },
    groups: { groupId: async () => null, members: async () => null },
    effects: { sleep: async () => undefined, random: () => 0.5 },
    now: () => new Date('2026-07-11T03:05:00.000Z'),
    sqlDir: '',
  };
  scenario = new Scenario({
    lambdas: {
      CheckData: createCheckData(ports),
      FindUsersToResolve: createFindUsers(ports),
      ResolveUserBatch: createResolveUsers(ports),
      DetectSpikes: createDetectSpikes(ports),
    },
  });
  outcome = await scenario.run();
});

afterAll(async () => {
  athena.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('a day with every fault class, in AWS', () => {
  it('runs every step to the end and publishes one data_quality alert', () => {
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({ status: 'SUCCEEDED', alertsSent: ['data_quality'] });
    expect(scenario.sns.ofKind('data_quality')).toHaveLength(1);
    expect(scenario.quicksight.created).toHaveLength(1);
  });

  it('counts the latest export, all its parts, and the second account, and not the future row', () => {
    // Assess: KIRO_IDE Ada 11, Cy 33, Bo 22, Eli 6 from the re-export, Ada 4 in the second
    // account, Dee 7 in the PLUGIN file: 6 rows; the damaged line and 07-20 are not the day's.
    expect(scenario.lambdaCalls.Summarise[0]?.data).toMatchObject({
      rowsForDay: 6,
      creditsRows: 6,
      newestDate: '2026-07-10',
      daysBehind: 1,
      stale: false,
      quality: { alert: true, futureRows: 1, issueFiles: 2 },
    });
  });

  it('adds a person up over both accounts from the re-export only: Ada 11 + 4 = 15 credits', async () => {
    // Act
    const rows = await athena.run("SELECT userid, credits_used FROM person_daily WHERE report_date = DATE '2026-07-10' ORDER BY userid");

    // Assess
    expect(rows).toEqual([
      { userid: USERS.ada, credits_used: '15' },
      { userid: USERS.bo, credits_used: '22' },
      { userid: USERS.cy, credits_used: '33' },
      { userid: USERS.dee, credits_used: '7' },
      { userid: USERS.eli, credits_used: '6' },
    ]);
  });

  it('names the damaged report file and the damaged mapping object in the alert and the summary', () => {
    // Act
    const [alert] = scenario.sns.ofKind('data_quality');
    const files = (outcome.output as { dataQuality: { files: Array<{ table: string; file: string; count: number; reason: string }> } }).dataQuality.files;

    // Assess
    expect(alert?.Subject).toBe('Kiro data quality: 2 file(s) with unreadable lines, 1 row(s) dated after 2026-07-11, 1 row issue(s)');
    // The damaged line as the normaliser counts it on its date folder's day: no date.
    expect(alert?.Message).toContain('- Rows of the report files of 2026-07-10 with an issue (view data_quality_issues lists them per file): bad_date 1.');
    expect(alert?.Message).toMatch(/- user_report .*PLUGIN_111122223333_user_report_202607110203\.csv: 1 row\(s\): no date the views can read \(e\.g\. empty\), left out/);
    expect(alert?.Message).toContain(`- user_mapping ${DAMAGED_MAPPING}: 1 row(s): a JSON line the SerDe cannot read, its id looked up again`);
    expect(files.map((file) => [file.table, file.file.split('/').at(-1), file.count, file.reason])).toEqual([
      ['user_mapping', 'daily-2026-07-01-0001.json', 1, 'a JSON line the SerDe cannot read, its id looked up again'],
      ['user_report', 'PLUGIN_111122223333_user_report_202607110203.csv', 1, 'no date the views can read (e.g. empty), left out'],
      ['user_report', 'PLUGIN_111122223333_user_report_202607110203.csv', 1, 'no UserId, left out'],
    ]);
  });

  it('looks up again the id of the damaged mapping line (new) and the id found DELETED long ago (refresh)', () => {
    // Assess: Eli has no directory entry (his line was damaged); Dee's lookup is older than 30 days.
    expect(outcome.output).toMatchObject({ usersResolved: { new: 1, refreshed: 1, resolved: 2, deleted: 0 } });
    expect([...lookedUp].sort()).toEqual([USERS.dee, USERS.eli].sort());
    const written = [...store.objects.entries()].filter(([key]) => key.startsWith('user-mapping/'));
    expect(written).toHaveLength(1);
    expect(written[0]?.[1].split('\n').filter(Boolean).map((line) => JSON.parse(line).status)).toEqual(['ACTIVE', 'ACTIVE']);
  });
});
