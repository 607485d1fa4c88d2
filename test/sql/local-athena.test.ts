import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { BUCKET_DIR, MAPPING_DIR, USERS } from './fixture-engine.js';
import { MATERIALISED_VIEWS } from '../../local/aws/differences.js';
import { describeCsvError } from '../../local/aws/athena/crawled-tables.js';
import { monthChunkConditions } from '../../local/aws/athena/month-chunks.js';

const REPORT_DIR = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/07/11/00';
const HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages';

let athena: LocalAthena;
let scratch: string;

beforeAll(async () => {
  athena = await createLocalAthena();
  scratch = await mkdtemp(join(tmpdir(), 'local-athena-'));
});

afterAll(async () => {
  athena.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Writes `files` (relative path -> content) under a fresh folder of the scratch dir. */
async function bucketWith(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('registerCrawledTables over the fixture bucket', () => {
  beforeAll(async () => {
    await athena.registerCrawledTables(BUCKET_DIR);
  });

  it('reads every report CSV once, skipping the marker objects', async () => {
    // Act
    const files = await athena.run(
      'SELECT count(DISTINCT "$path") AS files, count(*) AS rows, count(*) FILTER (WHERE "$path" NOT LIKE \'%.csv\') AS others FROM user_report',
    );
    const analyticFiles = await athena.run('SELECT count(DISTINCT "$path") AS files FROM by_user_analytic');

    // Assess
    expect(files).toEqual([{ files: '8', rows: '13', others: '0' }]);
    expect(analyticFiles).toEqual([{ files: '3' }]);
  });

  it('names columns as Glue does: lowercased, dots kept, one schema merged across header versions', async () => {
    // Act
    const columns = (await athena.run('DESCRIBE user_report')).map((column) => `${column.column_name} ${column.column_type}`);

    // Assess: the BOM-prefixed file still yields "date", not "\uFEFFdate".
    expect(columns.slice(0, 14)).toEqual(
      [
        'date', 'userid', 'client_type', 'chat_conversations', 'credits_used', 'overage_cap', 'overage_credits_used',
        'overage_enabled', 'profileid', 'subscription_tier', 'total_messages', 'new_user', 'user_email', 'usage_limit',
      ].map((name) => `${name} VARCHAR`),
    );
    expect(columns).toEqual(
      expect.arrayContaining([
        '$path VARCHAR',
        'partition_0 VARCHAR',
        'partition_4 VARCHAR',
        'claude_haiku_4.5_messages VARCHAR',
        'claude_sonnet_4.5_messages VARCHAR',
        'qwen3_coder_next_messages VARCHAR',
      ]),
    );
    expect(columns).toHaveLength(25);
    // The model columns in the order first seen: the CLI file's three, then part_1's new one, then part_2's.
    expect(columns.slice(14, 19)).toEqual(
      ['auto_messages', 'claude_opus_4.5_messages', 'qwen3_coder_next_messages', 'claude_sonnet_4.5_messages', 'claude_haiku_4.5_messages'].map(
        (name) => `${name} VARCHAR`,
      ),
    );
  });

  it('reads model cells by position, as OpenCSVSerDe does: a column that moved lands under another model', async () => {
    // Act
    const rows = await athena.run(
      `SELECT client_type, auto_messages, "claude_haiku_4.5_messages" AS haiku, "claude_opus_4.5_messages" AS opus, "claude_sonnet_4.5_messages" AS sonnet FROM user_report WHERE "date" = '2026-09-15' ORDER BY "$path", userid`,
    );

    // Assess: Ada (CLI file) reads right; in part_1 (auto, sonnet) Dee's empty and d-prefixed
    // Ada's 40 sonnet cells land under opus; in part_2 (haiku) Eli's 12 haiku land under auto.
    expect(rows).toEqual([
      { client_type: 'KIRO_CLI', auto_messages: '1', haiku: null, opus: '3', sonnet: null },
      { client_type: 'KIRO_IDE', auto_messages: '5', haiku: null, opus: '', sonnet: null },
      { client_type: 'KIRO_IDE', auto_messages: '30', haiku: null, opus: '40', sonnet: null },
      { client_type: 'KIRO_IDE', auto_messages: '12', haiku: null, opus: null, sonnet: null },
    ]);
  });

  it('keeps empty cells as empty strings, like OpenCSVSerDe', async () => {
    // Act
    const rows = await athena.run(
      `SELECT chat_conversations, overage_cap, new_user FROM user_report WHERE userid = '${USERS.bo}' AND "date" = '2026-02-10'`,
    );

    // Assess: the cells are empty, the column new_user does not exist in that file.
    expect(rows).toEqual([{ chat_conversations: '', overage_cap: '', new_user: null }]);
  });

  it('adds the five path folders as partition_0..partition_4', async () => {
    // Act
    const rows = await athena.run(
      `SELECT DISTINCT partition_0, partition_1, partition_2, partition_3, partition_4 FROM by_user_analytic WHERE "date" = '02-10-2026'`,
    );

    // Assess
    expect(rows).toEqual([{ partition_0: 'us-east-1', partition_1: '2026', partition_2: '02', partition_3: '11', partition_4: '00' }]);
  });
});

describe('registerCrawledTables errors and edge cases', () => {
  it('names a missing reports folder', async () => {
    // Prepare
    const missing = join(scratch, 'no-such-bucket');

    // Act
    const registering = athena.registerCrawledTables(missing);

    // Assess
    await expect(registering).rejects.toThrow(`Reports folder not found: ${missing}`);
  });

  it('leaves out a line with too many cells, naming its file, line and reason, and loads the other lines', async () => {
    // Prepare: line 3 has 12 cells under an 11-column header.
    const file = `${REPORT_DIR}/KIRO_IDE_111122223333_user_report_202607110200.csv`;
    const root = await bucketWith('extra-cell', {
      [file]: `${HEADER}\n2026-07-10,u1,KIRO_IDE,1,2,3,4,false,p,PRO,5\n2026-07-10,u2,KIRO_IDE,1,2,3,4,false,p,PRO,5,surplus\n2026-07-10,u3,KIRO_IDE,1,2,3,4,false,p,PRO,5\n`,
    });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT userid FROM user_report ORDER BY userid');

    // Assess: before, the whole run failed with only "CSV Error on Line: 3".
    expect(rows).toEqual([{ userid: 'u1' }, { userid: 'u3' }]);
    expect(athena.loadIssues()).toEqual([
      { table: 'user_report', file: join(root, file), line: 3, reason: 'Expected Number of Columns: 11 Found: 12: the line is not read' },
    ]);
  });

  it('finds the short line among many files read together and loads every other row', async () => {
    // Prepare: seven files of one header and depth, one of them with a short row.
    const days = ['11', '12', '13', '14', '15', '16', '17'];
    const root = await bucketWith(
      'bad-among-many',
      Object.fromEntries(
        days.map((day) => [
          `${REPORT_DIR.replace('/07/11/', `/07/${day}/`)}/KIRO_IDE_111122223333_user_report_202607${day}0200.csv`,
          `${HEADER}\n2026-07-${day},u1,KIRO_IDE,1,2,3,4,false,p,PRO,5\n${day === '15' ? '2026-07-15,u2,KIRO_IDE\n' : ''}`,
        ]),
      ),
    );

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT count(*) AS n FROM user_report');

    // Assess
    expect(rows).toEqual([{ n: '7' }]);
    expect(athena.loadIssues()).toEqual([
      {
        table: 'user_report',
        file: expect.stringMatching(/\/07\/15\/00\/KIRO_IDE_111122223333_user_report_202607150200\.csv$/),
        line: 3,
        reason: 'Expected Number of Columns: 11 Found: 3: the line is not read',
      },
    ]);
  });

  it('leaves out a line that is not UTF-8, saying so, and loads the other files', async () => {
    // Prepare
    const root = await bucketWith('not-utf8', {
      [`${REPORT_DIR}/KIRO_CLI_111122223333_user_report_202607110200.csv`]: `${HEADER}\n2026-07-10,u1,KIRO_CLI,1,2,3,4,false,p,PRO,5\n`,
      [`${REPORT_DIR}/PLUGIN_111122223333_user_report_202607110200.csv`]: Buffer.concat([
        Buffer.from(`${HEADER}\n2026-07-10,u`),
        Buffer.from([0xff]),
        Buffer.from(',PLUGIN,1,2,3,4,false,p,PRO,5\n'),
      ]),
    });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT userid, client_type FROM user_report');

    // Assess
    expect(rows).toEqual([{ userid: 'u1', client_type: 'KIRO_CLI' }]);
    expect(athena.loadIssues()).toEqual([
      {
        table: 'user_report',
        file: expect.stringMatching(/PLUGIN_111122223333_user_report_202607110200\.csv$/),
        line: 2,
        reason: expect.stringContaining('This file is not utf-8 encoded.'),
      },
    ]);
  });

  it('reads a file of no bytes, only a BOM or only a header as empty, without an issue', async () => {
    // Prepare
    const root = await bucketWith('empty-files', {
      [`${REPORT_DIR}/KIRO_IDE_111122223333_user_report_202607110200.csv`]: '',
      [`${REPORT_DIR}/KIRO_CLI_111122223333_user_report_202607110200.csv`]: '\uFEFF',
      [`${REPORT_DIR}/PLUGIN_111122223333_user_report_202607110200.csv`]: `${HEADER}\n`,
      [`${REPORT_DIR}/KIRO_WEB_111122223333_user_report_202607110200.csv`]: `${HEADER}\n2026-07-10,u1,KIRO_WEB,1,2,3,4,false,p,PRO,5\n`,
    });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT userid FROM user_report');

    // Assess
    expect(rows).toEqual([{ userid: 'u1' }]);
    expect(athena.loadIssues()).toEqual([]);
  });

  it('leaves out a file whose header line is blank, and a line of blanks in another file', async () => {
    // Prepare
    const blankHeader = `${REPORT_DIR}/KIRO_IDE_111122223333_user_report_202607110200.csv`;
    const blankLine = `${REPORT_DIR}/KIRO_CLI_111122223333_user_report_202607110200.csv`;
    const root = await bucketWith('blank-lines', {
      [blankHeader]: '   \n2026-07-10,u9\n',
      [blankLine]: `${HEADER}\n2026-07-10,u1,KIRO_CLI,1,2,3,4,false,p,PRO,5\n  \n2026-07-10,u2,KIRO_CLI,1,2,3,4,false,p,PRO,5\n`,
    });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT userid FROM user_report ORDER BY userid');

    // Assess
    expect(rows).toEqual([{ userid: 'u1' }, { userid: 'u2' }]);
    expect(athena.loadIssues()).toEqual([
      { table: 'user_report', file: join(root, blankHeader), line: 1, reason: 'the header line is blank: the file is not read' },
      { table: 'user_report', file: join(root, blankLine), line: 3, reason: 'Expected Number of Columns: 11 Found: 1: the line is not read' },
    ]);
  });

  it('loads header-only files and files fewer folders deep, and a reordered file by position', async () => {
    // Prepare: a header-only file, a reordered header, a file two folders below user_report/.
    const root = await bucketWith('mixed', {
      [`${REPORT_DIR}/KIRO_IDE_111122223333_user_report_202607110200.csv`]: `${HEADER}\n`,
      [`${REPORT_DIR}/KIRO_CLI_111122223333_user_report_202607110200.csv`]: 'UserId,Date,Total_Messages\r\nu1,2026-07-10,7\r\n',
      'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/x.csv': 'Date,UserId\n2026-07-09,u2\n',
    });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run(
      'SELECT "date", userid, client_type, total_messages, partition_0, partition_1, partition_2, partition_4, regexp_extract("$path", \'[^/]+$\') AS file FROM user_report ORDER BY "date"',
    );

    // Assess: the reordered file's cells land under the table's first three columns, as in Athena.
    expect(rows).toEqual([
      { date: '2026-07-09', userid: 'u2', client_type: null, total_messages: null, partition_0: 'us-east-1', partition_1: '2026', partition_2: null, partition_4: null, file: 'x.csv' },
      {
        date: 'u1',
        userid: '2026-07-10',
        client_type: '7',
        total_messages: null,
        partition_0: 'us-east-1',
        partition_1: '2026',
        partition_2: '07',
        partition_4: '00',
        file: 'KIRO_CLI_111122223333_user_report_202607110200.csv',
      },
    ]);
  });

  it('reads every cell of a file whose header repeats or leaves out a name by position, saying which names no column', async () => {
    // Prepare
    const file = `${REPORT_DIR}/PLUGIN_111122223333_user_report_202607110200.csv`;
    const root = await bucketWith('duplicate-header', { [file]: 'Date,UserId,userid,,Total_Messages\n2026-07-10,u1,u-other,x,7\n' });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT "date", userid, client_type, chat_conversations, credits_used, total_messages FROM user_report');
    const columns = await athena.run('DESCRIBE user_report');

    // Assess: cells 3-5 land under the table's columns 3-5; the odd names add no column.
    expect(rows).toEqual([{ date: '2026-07-10', userid: 'u1', client_type: 'u-other', chat_conversations: 'x', credits_used: '7', total_messages: null }]);
    expect(columns).toHaveLength(14 + 1 + 5);
    expect(athena.loadIssues()).toEqual([
      { table: 'user_report', file: join(root, file), line: 1, reason: 'header column 3 repeats "userid": it names no column; its cells are read by position' },
      { table: 'user_report', file: join(root, file), line: 1, reason: 'header column 4 has no name: it names no column; its cells are read by position' },
    ]);
  });

  it('creates empty tables with the fixed columns when there are no report files', async () => {
    // Prepare
    const root = await bucketWith('only-marker', {
      'kiro/AWSLogs/111122223333/KiroLogs/aws-programmatic-access-test-object': 'Access validation successful.',
    });

    // Act
    await athena.registerCrawledTables(root);
    const rows = await athena.run('SELECT (SELECT count(*) FROM user_report) AS credits, (SELECT count(*) FROM by_user_analytic) AS activity');
    const columns = await athena.run('DESCRIBE by_user_analytic');

    // Assess: userid, date, 44 metrics, "$path", 5 partitions.
    expect(rows).toEqual([{ credits: '0', activity: '0' }]);
    expect(columns).toHaveLength(52);
  });
});

describe('describeCsvError', () => {
  it('keeps the line and the reason of a DuckDB CSV error, not only its first line', async () => {
    // Prepare: the error a strict read of a line with a cell too many gives.
    const root = await bucketWith('strict-error', { 'x.csv': 'a,b\n1,2\n3,4,5\n' });
    const failure = await athena
      .run(`SELECT * FROM read_csv('${join(root, 'x.csv')}', header = true, auto_detect = false, strict_mode = true, columns = {'a': 'VARCHAR', 'b': 'VARCHAR'})`)
      .then(() => undefined, (error: Error) => error);

    // Act
    const described = describeCsvError(failure?.message ?? '');

    // Assess: the message's first line alone is "Invalid Input Error: CSV Error on Line: 3".
    expect(failure?.message.split('\n', 1)[0]).toBe('Invalid Input Error: CSV Error on Line: 3');
    expect(described).toEqual({ line: 3, reason: 'Expected Number of Columns: 2 Found: 3' });
  });
});

describe('registerUserMapping', () => {
  it('loads the JSON lines with resolved_date from the partition folder', async () => {
    // Act
    await athena.registerUserMapping(MAPPING_DIR);
    const rows = await athena.run('SELECT CAST(resolved_date AS varchar) AS day, count(*) AS n FROM user_mapping GROUP BY 1 ORDER BY 1');

    // Assess
    expect(rows).toEqual([
      { day: '2026-07-11', n: '3' },
      { day: '2026-08-11', n: '2' },
    ]);
  });

  it('gives an empty table before anything was resolved', async () => {
    // Act
    await athena.registerUserMapping(join(scratch, 'no-mapping-yet'));
    const rows = await athena.run('SELECT count(*) AS n FROM user_mapping');

    // Assess
    expect(rows).toEqual([{ n: '0' }]);
  });

  it('reports a mapping file outside a resolved_date=YYYY-MM-DD folder and does not read it', async () => {
    // Prepare
    const root = await bucketWith('stray-mapping', {
      'user-mapping/batch.json': '{"userid":"u-root"}\n',
      'user-mapping/resolved_date=yesterday/run-0.json': '{"userid":"u-word"}\n',
      'user-mapping/resolved_date=2026-02-30/run-0.json': '{"userid":"u-no-day"}\n',
      'user-mapping/resolved_date=2026-07-11/run-0.json': '{"userid":"u-good","status":"ACTIVE"}\n',
    });

    // Act
    await athena.registerUserMapping(join(root, 'user-mapping'));
    const rows = await athena.run('SELECT userid FROM user_mapping');

    // Assess: before, one such file failed every later run with a stack trace.
    expect(rows).toEqual([{ userid: 'u-good' }]);
    expect(athena.loadIssues().map((issue) => [issue.file.slice(root.length), issue.line, issue.reason])).toEqual([
      ['/user-mapping/batch.json', null, '. is not a resolved_date=YYYY-MM-DD partition of the mapping: the file is not read'],
      ['/user-mapping/resolved_date=2026-02-30/run-0.json', null, 'resolved_date=2026-02-30 is not a resolved_date=YYYY-MM-DD partition of the mapping: the file is not read'],
      ['/user-mapping/resolved_date=yesterday/run-0.json', null, 'resolved_date=yesterday is not a resolved_date=YYYY-MM-DD partition of the mapping: the file is not read'],
    ]);
  });

  it('leaves out a truncated line and a stray file\'s text, loading every other line with its "$path"', async () => {
    // Prepare: a truncated last line in one file, a stray text file in a partition.
    const root = await bucketWith('broken-mapping', {
      'resolved_date=2026-07-11/run-0.json': '{"userid":"u1","status":"ACTIVE"}\n{"userid":"u2","stat\n',
      'resolved_date=2026-07-11/notes.txt': 'resolved by hand\n',
      'resolved_date=2026-07-12/run-1.json': '\n{"userid":"u3","status":"DELETED"}\n',
    });

    // Act
    await athena.registerUserMapping(root);
    const rows = await athena.run(`SELECT userid, status, CAST(resolved_date AS varchar) AS day, regexp_extract("$path", '[^/]+$') AS file FROM user_mapping ORDER BY userid`);

    // Assess
    expect(rows).toEqual([
      { userid: 'u1', status: 'ACTIVE', day: '2026-07-11', file: 'run-0.json' },
      { userid: 'u3', status: 'DELETED', day: '2026-07-12', file: 'run-1.json' },
    ]);
    expect(athena.loadIssues()).toEqual([
      { table: 'user_mapping', file: join(root, 'resolved_date=2026-07-11/notes.txt'), line: 1, reason: expect.stringMatching(/^not JSON \(.*\): the line is not read, so its id is looked up again$/) },
      { table: 'user_mapping', file: join(root, 'resolved_date=2026-07-11/run-0.json'), line: 2, reason: expect.stringMatching(/^not JSON \(.*\): the line is not read, so its id is looked up again$/) },
    ]);
  });
});

describe('run', () => {
  it('returns every value as a string and NULL as null, like GetQueryResults', async () => {
    // Act
    const rows = await athena.run("SELECT 7 AS n, CAST(7 AS double) / 2 AS half, true AS flag, DATE '2026-02-10' AS day, NULL AS nothing");

    // Assess
    expect(rows).toEqual([{ n: '7', half: '3.5', flag: 'true', day: '2026-02-10', nothing: null }]);
  });

  it('resolves names qualified with the Glue database', async () => {
    // Act
    const rows = await athena.run('SELECT count(*) AS n FROM kiro_activity.user_mapping');

    // Assess
    expect(rows).toHaveLength(1);
  });

  it('provides the Trino functions the views use', async () => {
    // Act
    const rows = await athena.run(
      "SELECT CAST(date_parse('02-10-2026', '%m-%d-%Y') AS date) AS day, try(date_parse('2026-02-10', '%m-%d-%Y')) AS mismatch, " +
        "CAST(from_iso8601_timestamp('2026-08-11T03:00:05.250Z') AS varchar) AS instant",
    );

    // Assess
    expect(rows).toEqual([{ day: '2026-02-10', mismatch: null, instant: '2026-08-11 03:00:05.25+00' }]);
  });
});

describe('createView', () => {
  it('computes a materialised base view once, keeping its name and rows, and leaves other views live', async () => {
    // Prepare
    const engine = await createLocalAthena();
    await engine.run('CREATE TABLE base_rows AS SELECT * FROM (VALUES (1), (2)) AS t(n)');

    // Act
    await engine.createView('-- a comment naming CREATE OR REPLACE VIEW other\nCREATE OR REPLACE VIEW credits_daily AS SELECT n * 2 AS n FROM base_rows');
    await engine.createView('CREATE OR REPLACE VIEW credits_total AS SELECT sum(n) AS total FROM credits_daily');
    await engine.createView('CREATE OR REPLACE VIEW live_rows AS SELECT n FROM base_rows');
    await engine.run('INSERT INTO base_rows VALUES (100)');

    // Assess: credits_daily answers from the rows computed once; views over it still resolve; others read live.
    expect(MATERIALISED_VIEWS).toContain('credits_daily');
    expect(await engine.run('SELECT n FROM credits_daily ORDER BY n')).toEqual([{ n: '2' }, { n: '4' }]);
    expect(await engine.run('SELECT total FROM credits_total')).toEqual([{ total: '6' }]);
    expect(await engine.run('SELECT count(*) AS rows FROM live_rows')).toEqual([{ rows: '3' }]);
    expect(await engine.listViews()).toEqual(['credits_daily', 'credits_total', 'live_rows']);
    engine.close();
  });

  it('names the file of a plan statement that fails', async () => {
    // Prepare
    const engine = await createLocalAthena();

    // Act
    const create = engine.createViews({ statements: [{ view: 'broken', file: '07_broken.sql', sql: 'CREATE OR REPLACE VIEW broken AS SELECT x FROM missing' }] });

    // Assess
    await expect(create).rejects.toThrow(/^View file 07_broken.sql failed: .*missing/);
    engine.close();
  });
});

describe('materialised views computed a month at a time', () => {
  const CREDITS_SQL = readFileSync(new URL('../../sql/01_credits_daily.sql', import.meta.url), 'utf8');
  /** Rows over three months, a re-export of one day, a key listed twice and an unstamped file. */
  const ROWS = `INSERT INTO user_report_rows (report_date, userid, client_type, account_id, region, profile_id, source_file, line, file_stamp, credits_used) VALUES
    (DATE '2026-09-30', 'u1', 'KIRO_IDE', 'a', 'r', 'p', 'f1', 2, '202610010000', 1),
    (DATE '2026-10-01', 'u1', 'KIRO_IDE', 'a', 'r', 'p', 'f2', 2, '202610020000', 2),
    (DATE '2026-10-01', 'u1', 'KIRO_IDE', 'a', 'r', 'p', 'f3', 2, '202610030000', 3),
    (DATE '2026-10-01', 'u2', 'KIRO_IDE', 'a', 'r', 'p', 'f3', 3, '202610030000', 4),
    (DATE '2026-10-31', 'u2', 'KIRO_IDE', 'a', 'r', 'p', 'f4', 2, NULL, 5),
    (DATE '2026-11-01', 'u2', 'KIRO_IDE', 'a', 'r', 'p', 'f5', 2, '202611020000', 6),
    (DATE '2026-11-01', 'u2', 'KIRO_IDE', 'a', 'r', 'p', 'f5', 3, '202611020000', 7)`;

  /** The rows of `view` computed by the engine (materialised: a month at a time) and of the same statement computed whole. */
  async function chunkedAndWhole(sql: string, view: string): Promise<{ chunked: unknown; whole: unknown }> {
    const engine = await createLocalAthena();
    await engine.run(ROWS);
    await engine.createView(sql);
    await engine.createView(sql.replace(`VIEW ${view} AS`, `VIEW ${view}_whole AS`));
    const rows = async (name: string): Promise<unknown> => engine.run(`SELECT * FROM ${name} ORDER BY ALL`);
    const result = { chunked: await rows(view), whole: await rows(`${view}_whole`) };
    engine.close();
    return result;
  }

  it('gives credits_daily the rows computing it whole gives, computed in one part per month', async () => {
    // Prepare: the statements the engine runs.
    const run = vi.spyOn(DuckDBConnection.prototype, 'run');

    // Act
    const { chunked, whole } = await chunkedAndWhole(CREDITS_SQL, 'credits_daily');

    // Assess: September, October and November: one CREATE, two INSERTs.
    const parts = run.mock.calls.map(([sql]) => String(sql)).filter((sql) => /^(CREATE OR REPLACE TABLE|INSERT INTO) "?credits_daily__materialized/.test(sql));
    run.mockRestore();
    expect(parts.map((sql) => sql.split(' ')[0])).toEqual(['CREATE', 'INSERT', 'INSERT']);
    expect(chunked).toEqual(whole);
    expect(chunked).toHaveLength(5);
  });

  it('keeps a window over every month exact: a part filters the view, never its input', async () => {
    // Act: a window the engine cannot cut by month, under a materialised view's name.
    const { chunked, whole } = await chunkedAndWhole(
      'CREATE OR REPLACE VIEW credits_daily AS SELECT report_date, count(*) OVER () AS rows FROM user_report_rows',
      'credits_daily',
    );

    // Assess: every row counts all seven, as computed whole.
    expect(chunked).toEqual(whole);
    expect(new Set((chunked as { rows: string }[]).map((row) => row.rows))).toEqual(new Set(['7']));
  });
});

describe('monthChunkConditions', () => {
  it('puts every day, NULL and days outside the months included, in exactly one part', async () => {
    // Prepare
    const engine = await createLocalAthena();
    await engine.run(`CREATE TABLE days AS SELECT * FROM (VALUES (DATE '2025-12-31'), (DATE '2026-01-01'), (DATE '2026-01-31'), (DATE '2026-02-01'), (DATE '2026-03-15'), (DATE '2027-01-01'), (NULL)) AS t(report_date)`);

    // Act
    const conditions = monthChunkConditions(['2026-03-01', '2026-01-01', '2026-02-01', '2026-01-01']);
    const parts = await engine.run(
      `SELECT ${conditions.map((condition, index) => `CAST(coalesce(${condition}, false) AS INTEGER) AS p${index}`).join(', ')} FROM days`,
    );

    // Assess
    expect(conditions).toHaveLength(3);
    expect(parts.map((row) => Object.values(row).filter((inPart) => inPart === '1').length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(monthChunkConditions(['2026-01-01'])).toEqual([undefined]);
    expect(monthChunkConditions([])).toEqual([undefined]);
    engine.close();
  });
});
