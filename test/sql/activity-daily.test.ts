import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_METRIC_COLUMNS, BY_USER_ANALYTIC_HEADER } from '../../handlers/shared/report-format.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createAthenaOver, createFixtureAthena, USERS } from './fixture-engine.js';

const METRICS = ACTIVITY_METRIC_COLUMNS;

let athena: LocalAthena;

beforeAll(async () => {
  athena = await createFixtureAthena();
});

afterAll(() => athena.close());

/** Every metric of one activity_daily row, with the given non-zero ones set. */
function metricsWith(nonZero: Record<string, string>): Record<string, string> {
  return Object.fromEntries(METRICS.map((metric) => [metric, nonZero[metric] ?? '0']));
}

/** The activity_daily row of one key (fails the test when it is not exactly one row). */
async function activityRow(date: string, userid: string) {
  const rows = await athena.run(`SELECT * FROM activity_daily WHERE report_date = DATE '${date}' AND userid = '${userid}'`);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('activity_daily', () => {
  it('keeps a row of every day by_user_analytic_rows holds, re-exported days too: report_as_of reads the days from the table', async () => {
    // Act
    const days = async (relation: string) =>
      (await athena.run(`SELECT DISTINCT CAST(CAST(report_date AS date) AS varchar) AS day FROM ${relation} ORDER BY day`)).map((row) => row.day);

    // Assess
    expect(await days('activity_daily')).toEqual(await days('by_user_analytic_rows'));
    expect(await days('activity_daily')).toEqual(['2026-02-10', '2026-07-10']);
  });

  it('has report_date, userid, the 44 metrics as BIGINT, account_id, region and source_file', async () => {
    // Act
    const columns = await athena.run('DESCRIBE activity_daily');

    // Assess
    expect(columns.map((column) => `${column.column_name} ${column.column_type}`)).toEqual([
      'report_date DATE',
      'userid VARCHAR',
      ...METRICS.map((metric) => `${metric} BIGINT`),
      'account_id VARCHAR',
      'region VARCHAR',
      'source_file VARCHAR',
    ]);
  });

  it('has one row per (report_date, userid): 5 raw rows become 3', async () => {
    // Act
    const raw = await athena.run('SELECT count(*) AS n FROM by_user_analytic');
    const keys = await athena.run(
      'SELECT CAST(report_date AS varchar) AS day, userid FROM activity_daily ORDER BY report_date, userid',
    );

    // Assess
    expect(raw).toEqual([{ n: '5' }]);
    expect(keys).toEqual([
      { day: '2026-02-10', userid: USERS.ada },
      { day: '2026-07-10', userid: USERS.ada },
      { day: '2026-07-10', userid: USERS.bo },
    ]);
  });

  it('parses the MM-DD-YYYY date 02-10-2026 as 10 February, from the QDeveloperLogs folder', async () => {
    // Act
    const row = await activityRow('2026-02-10', USERS.ada);

    // Assess: that file has empty cells for every zero metric.
    expect(row).toMatchObject(metricsWith({ chat_messagessent: '2', transformation_linesingested: '100' }));
    expect(row.source_file).toContain('/QDeveloperLogs/by_user_analytic/');
  });

  it('merges the d- prefixed id and turns an empty metric cell into 0', async () => {
    // Act
    const row = await activityRow('2026-07-10', USERS.ada);

    // Assess
    expect(row).toMatchObject(
      metricsWith({ chat_aicodelines: '12', chat_messagessent: '5', inline_suggestionscount: '40', inline_acceptancecount: '10' }),
    );
  });

  it('keeps the row of the later re-export', async () => {
    // Act
    const row = await activityRow('2026-07-10', USERS.bo);

    // Assess
    expect(row).toMatchObject(metricsWith({ chat_messagessent: '7', inline_aicodelines: '9' }));
    expect(row.source_file).toMatch(/_by_user_analytic_202607111530_report\.csv$/);
  });
});

/**
 * Hand-made by_user_analytic files of 2026-10-05, read by header, answers by hand:
 * - the first export: `Date` before `UserId`, the metrics in another order and only three of
 *   them (the others 0); Ada as `d-1234567890.<id>` (chat_messagessent 5, inline 40/10), Bo with
 *   `0x10` sent (NULL, counted), Cy whose date is ISO (no analytic date: counted, on the folder's
 *   day), a row without a user (counted).
 * - the re-export, full header: Ada (chat_messagessent 6) and Cy (2); it replaces the first
 *   whole, so Bo is gone.
 */
const DAY = '2026-10-05';
const ANALYTIC_FOLDER = 'kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/us-east-1/2026/10/05/00';
const analyticFile = (stamp: string): string => `${ANALYTIC_FOLDER}/111122223333_by_user_analytic_${stamp}_report.csv`;
const fullRow = (userid: string, cells: Record<string, number>): string =>
  BY_USER_ANALYTIC_HEADER.map((name) => (name === 'UserId' ? `"${userid}"` : name === 'Date' ? '10-05-2026' : String(cells[name] ?? 0))).join(',');
const HAND_MADE: Record<string, string> = {
  [analyticFile('202610060205')]:
    'Date,Inline_SuggestionsCount,UserId,Chat_MessagesSent,Inline_AcceptanceCount\n' +
    `10-05-2026,40,"d-1234567890.${USERS.ada}",5,10\n` +
    `10-05-2026,3,"${USERS.bo}",0x10,1\n` +
    `${DAY},1,"${USERS.cy}",1,1\n` +
    '10-05-2026,1,"",1,1\n',
  [analyticFile('202610061440')]:
    `${BY_USER_ANALYTIC_HEADER.join(',')}\n${fullRow(USERS.ada, { Chat_MessagesSent: 6 })}\n${fullRow(USERS.cy, { Chat_MessagesSent: 2 })}\n`,
};

describe('activity_daily over hand-made files read by header', () => {
  let engine: LocalAthena;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'activity-by-header-'));
    for (const [path, text] of Object.entries(HAND_MADE)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    engine = await createAthenaOver(root, join(root, 'no-user-mapping'));
  });

  afterAll(async () => {
    engine?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('takes the latest export whole, each metric by its name', async () => {
    // Act
    const rows = await engine.run(`SELECT userid, chat_messagessent, inline_suggestionscount FROM activity_daily WHERE report_date = DATE '${DAY}' ORDER BY userid`);

    // Assess
    expect(rows).toEqual([
      { userid: USERS.ada, chat_messagessent: '6', inline_suggestionscount: '0' },
      { userid: USERS.cy, chat_messagessent: '2', inline_suggestionscount: '0' },
    ]);
  });

  it('reads a file whose columns come in another order by name, leaving a cell that is no count and a column it lacks NULL', async () => {
    // Act: the first export's rows, as the normaliser wrote them
    const rows = await engine.run(
      `SELECT userid, chat_messagessent, inline_suggestionscount, inline_acceptancecount, chat_aicodelines FROM by_user_analytic_rows WHERE file_stamp = '202610060205' ORDER BY userid`,
    );

    // Assess
    expect(rows).toEqual([
      { userid: USERS.ada, chat_messagessent: '5', inline_suggestionscount: '40', inline_acceptancecount: '10', chat_aicodelines: null },
      { userid: USERS.bo, chat_messagessent: null, inline_suggestionscount: '3', inline_acceptancecount: '1', chat_aicodelines: null },
    ]);
  });

  it('counts the bad date, the missing user, the non-numeric cell and the columns the header lacks per file', async () => {
    // Act
    const issues = await engine.run(
      `SELECT CAST(report_date AS varchar) AS day, report, regexp_extract(source_file, '[^/]+$') AS file, issue, "rows" FROM data_quality_issues ORDER BY ALL`,
    );

    // Assess
    const first = '111122223333_by_user_analytic_202610060205_report.csv';
    expect(issues).toEqual([
      { day: DAY, report: 'by_user_analytic', file: first, issue: 'bad_date', rows: '1' },
      { day: DAY, report: 'by_user_analytic', file: first, issue: 'missing_column', rows: '2' },
      { day: DAY, report: 'by_user_analytic', file: first, issue: 'missing_user', rows: '1' },
      { day: DAY, report: 'by_user_analytic', file: first, issue: 'non_numeric', rows: '1' },
    ]);
  });
});
