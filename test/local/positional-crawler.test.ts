/**
 * The local crawler stand-in reads like AWS (issue 11): the crawled table has the crawler's
 * merged schema and each file's cells land by position, as OpenCSVSerDe reads them. Hand-made
 * fixture, hand-computed answers: on 2026-10-05 the KIRO_CLI file lists `auto_messages,
 * claude_sonnet_4.5_messages` (Bo: 4 auto, 1 sonnet), the KIRO_IDE file the same two models the
 * other way round (Ada: 7 sonnet, 2 auto). The CLI file comes first in path order, so the table's
 * schema is the 14 fixed columns, auto_messages, claude_sonnet_4.5_messages; Ada's 7 sonnet
 * messages land under auto_messages and her 2 auto under claude_sonnet_4.5_messages. The views
 * read the header-keyed canonical data: model_messages_daily says Ada 2 auto and 7 sonnet, and
 * credits_daily has both people's credits and messages.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../handlers/shared/config.js';
import { logger } from '../../handlers/shared/logger.js';
import { USER_REPORT_FIXED_COLUMNS, USER_REPORT_HEADERS } from '../../handlers/shared/report-format.js';
import { crawledSchema } from '../../local/aws/athena/crawled-tables.js';
import { unreadColumnName } from '../../local/aws/athena/csv-header.js';
import { createLocalAthena } from '../../local/aws/athena/local-athena.js';
import { viewRowsIn } from './support/csv-rows.js';
import { runLocal, type LocalRunResult } from '../../local/run/run-local.js';
import { outcomeOf } from './support/run-outcome.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const ADA = '11111111-1111-4111-8111-111111111111';
const BO = '22222222-2222-4222-8222-222222222222';
const DAY_FOLDER = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/10/05/00';
const PROFILE = '"arn:aws:codewhisperer:us-east-1:111122223333:profile/EXAMPLEPROFILE"';
const HEADER = USER_REPORT_HEADERS.withUsageLimit.join(',');

/** One user_report row of 2026-10-05 up to Usage_Limit; the model cells follow. */
function leadingCells(userId: string, client: string, credits: string, totalMessages: number): string {
  return `2026-10-05,"${userId}",${client},2,${credits},0.0,0.0,false,${PROFILE},PRO,${totalMessages},false,,8`;
}

const FILES: Record<string, string> = {
  [`${DAY_FOLDER}/KIRO_CLI_111122223333_user_report_202610060202.csv`]: `${HEADER},auto_messages,claude_sonnet_4.5_messages\n${leadingCells(BO, 'KIRO_CLI', '3.5', 9)},4,1\n`,
  [`${DAY_FOLDER}/KIRO_IDE_111122223333_user_report_202610060201.csv`]: `${HEADER},claude_sonnet_4.5_messages,auto_messages\n${leadingCells(ADA, 'KIRO_IDE', '12.25', 20)},7,2\n`,
};

describe('crawledSchema', () => {
  it('puts the fixed columns first, then each new name as first seen, file by file', () => {
    // Act
    const schema = crawledSchema(['date', 'userid'], [
      ['date', 'userid', 'auto_messages'],
      ['userid', 'date', 'claude_sonnet_4.5_messages', 'auto_messages', 'qwen3_coder_next_messages'],
    ]);

    // Assess: a name already there keeps its place, wherever a later file has it.
    expect(schema).toEqual(['date', 'userid', 'auto_messages', 'claude_sonnet_4.5_messages', 'qwen3_coder_next_messages']);
  });

  it('adds nothing for a header column without a usable name', () => {
    // Act
    const schema = crawledSchema(['date'], [['date', unreadColumnName(2), 'total_messages']]);

    // Assess
    expect(schema).toEqual(['date', 'total_messages']);
  });

  it('keeps the fixed columns when no file has them', () => {
    // Act + Assess
    expect(crawledSchema(USER_REPORT_FIXED_COLUMNS, [])).toEqual(USER_REPORT_FIXED_COLUMNS);
  });
});

describe('header drift: model columns that move between files', () => {
  let workDir: string;
  let reportsDir: string;
  let outDir: string;
  let run: LocalRunResult;

  const viewRows = (view: string): Promise<Record<string, string>[]> => viewRowsIn(outDir, view);

  beforeAll(async () => {
    logger.setLogLevel('SILENT');
    workDir = await mkdtemp(join(tmpdir(), 'positional-crawler-'));
    reportsDir = join(workDir, 'reports');
    outDir = join(workDir, 'out');
    for (const [path, text] of Object.entries(FILES)) {
      await mkdir(dirname(join(reportsDir, path)), { recursive: true });
      await writeFile(join(reportsDir, path), text);
    }
    run = await runLocal({ reportsDir, outDir, config: readConfigFile(EXAMPLE_CONFIG), reportDate: '2026-10-05' });
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('puts the moved cells of the crawled table under the other model, as Athena would', async () => {
    // Prepare
    const athena = await createLocalAthena();

    // Act
    await athena.registerCrawledTables(reportsDir);
    const columns = (await athena.run('DESCRIBE user_report')).map((column) => String(column.column_name));
    const rows = await athena.run('SELECT userid, auto_messages AS auto, "claude_sonnet_4.5_messages" AS sonnet FROM user_report ORDER BY userid');
    athena.close();

    // Assess: Bo's file defined the order; Ada's 7 sonnet read as auto.
    expect(columns.slice(14, 16)).toEqual(['auto_messages', 'claude_sonnet_4.5_messages']);
    expect(rows).toEqual([
      { userid: ADA, auto: '7', sonnet: '2' },
      { userid: BO, auto: '4', sonnet: '1' },
    ]);
  });

  it('keeps model_messages_daily right: the counts under their own models', async () => {
    // Act
    const rows = (await viewRows('model_messages_daily')).map((row) => [row.report_date, row.userid, row.client_type, row.model, row.messages]);

    // Assess
    expect(outcomeOf(run)).toEqual({ status: 'SUCCEEDED' });
    expect(rows.sort()).toEqual(
      [
        ['2026-10-05', ADA, 'KIRO_IDE', 'auto', '2'],
        ['2026-10-05', ADA, 'KIRO_IDE', 'claude_sonnet_4.5', '7'],
        ['2026-10-05', BO, 'KIRO_CLI', 'auto', '4'],
        ['2026-10-05', BO, 'KIRO_CLI', 'claude_sonnet_4.5', '1'],
      ].sort(),
    );
  });

  it('keeps credits_daily right', async () => {
    // Act
    const rows = (await viewRows('credits_daily')).map((row) => [row.userid, row.client_type, Number(row.credits_used), Number(row.total_messages)]);

    // Assess
    expect(rows.sort()).toEqual(
      [
        [ADA, 'KIRO_IDE', 12.25, 20],
        [BO, 'KIRO_CLI', 3.5, 9],
      ].sort(),
    );
  });
});
