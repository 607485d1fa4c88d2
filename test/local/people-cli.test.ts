import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeopleArgs, UsageError } from '../../local/people/args.js';
import { parseCsv } from '../../local/people/csv.js';
import { formatTable, formatValue } from '../../local/people/format.js';
import { NoSinglePersonError, rankedAnswer, userAnswer } from '../../local/people/reports.js';

const CLI = fileURLToPath(new URL('../../local/people/cli.ts', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/hostile', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** A small output folder of `npm run local`: made-up people, values as the views export them. */
const VIEW_CSVS: Record<string, string> = {
  top_users_by_cost: [
    'rank,month,userid,display_name,tier,credits_used,overage_credits_used,plan_utilization,subscription_usd,overage_usd,total_usd',
    '2,2026-07-01,u-cara,"Example, Cara",PRO,2500,1500,1,20,60,80',
    '1,2026-07-01,u-eve,Eve Example,POWER,12000.5,0,0.02,200,1000,1200',
    '3,2026-07-01,u-ben,Ben Example,PRO_PLUS,2000,300,0.85,40,12,52',
  ].join('\n'),
  inactive_users: [
    'userid,display_name,last_seen,days_inactive,latest_tier,monthly_seat_usd',
    'u-eve,Eve Example,2026-07-01,19,POWER,200',
    'u-dan,Dan Example,2026-06-25,25,PRO,20',
    'u-old,u-old,2026-05-01,80,LEGACY,',
  ].join('\n'),
  user_summary: [
    'userid,display_name,first_seen,last_seen,active_days,days_inactive,clients,latest_tier,messages_30d,conversations_30d,credits_30d,overage_credits_30d,ai_code_lines_30d,activity_score_30d,usage_category,credits_total,overage_credits_total,cost_usd_total',
    'u-ana,Ana Example,2026-06-20,2026-07-15,4,5,"KIRO_CLI, KIRO_IDE",PRO_PLUS,455,16,910,0,200,635,moderate,2010,100,64',
    'u-ann,Ann Example,2026-07-01,2026-07-02,2,18,KIRO_IDE,PRO,12,1,40,0,0,22,light,40,0,20',
  ].join('\n'),
  user_monthly_cost: [
    'month,userid,display_name,tier,credits_used,overage_credits_used,plan_credits,plan_utilization,subscription_usd,overage_usd,total_usd',
    '2026-07-01,u-ana,Ana Example,PRO_PLUS,900,0,900,0.45,40,0,40',
    '2026-06-01,u-ana,Ana Example,PRO,1110,100,1010,1.01,20,4,24',
    '2026-07-01,u-ann,Ann Example,PRO,40,0,40,0.04,20,0,20',
  ].join('\n'),
  user_directory: ['userid,display_name,user_name,status,resolved_at', 'u-ana,Ana Example,ana.example,ACTIVE,2026-06-02T03:00:05Z', 'u-ann,Ann Example,ann.e,ACTIVE,2026-07-02T03:00:05Z'].join('\n'),
  // Ana: 400 window messages of 455 with auto, 55 with sonnet; opus only before the window.
  model_mix_by_person: [
    'model,userid,display_name,messages_30d,share_of_person_30d,messages_total,share_of_person_total,model_messages_30d,share_of_model_30d,rank_in_model_30d',
    'auto,u-ana,Ana Example,400,0.8791208791208791,700,0.7,412,0.970873786407767,1',
    'auto,u-ann,Ann Example,12,1,12,1,412,0.02912621359223301,2',
    'claude_opus_4.5,u-ana,Ana Example,0,0,100,0.1,0,,',
    'claude_sonnet_4.5,u-ana,Ana Example,55,0.12087912087912088,200,0.2,55,1,1',
  ].join('\n'),
};

const views = Object.fromEntries(Object.entries(VIEW_CSVS).map(([view, text]) => [view, parseCsv(text, view)]));

describe('parsePeopleArgs', () => {
  it('reads the question with the defaults', () => {
    // Act + Assess
    expect(parsePeopleArgs(['top-cost'])).toEqual({ command: 'top-cost', outDir: 'out', limit: 10, json: false, csv: false, debug: false });
  });

  it('joins the words of a user query and reads the options', () => {
    // Act + Assess
    expect(parsePeopleArgs(['--out', 'run1', '--json', '--limit', '3', 'user', 'Ana', 'Example'])).toEqual({
      command: 'user',
      query: 'Ana Example',
      outDir: 'run1',
      limit: 3,
      json: true,
      csv: false,
      debug: false,
    });
  });

  it.each([
    [[], 'name a question'],
    [['top-spend'], 'unknown question "top-spend"'],
    [['user'], 'user needs a name or id'],
    [['inactive', 'now'], 'inactive takes no further arguments, got "now"'],
    [['--limit', '0', 'top-cost'], '--limit 0: expected a whole number >= 1'],
    [['--limit', 'ten', 'top-cost'], '--limit ten: expected a whole number >= 1'],
    [['--verbose', 'top-cost'], "Unknown option '--verbose'"],
    [['--json', '--csv', 'top-cost'], '--json and --csv: choose one'],
  ])('rejects %j with a message naming the problem', (argv, message) => {
    // Act + Assess
    expect(() => parsePeopleArgs(argv)).toThrow(UsageError);
    expect(() => parsePeopleArgs(argv)).toThrow(message);
  });
});

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and CRLF line ends', () => {
    // Act
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n,2\r\n', 'test.csv');

    // Assess
    expect(rows).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: '', b: '2' },
    ]);
  });

  it('names the file and row of a ragged row', () => {
    // Act + Assess
    expect(() => parseCsv('a,b\n1,2\n3\n', 'views/x.csv')).toThrow('views/x.csv: row 3 has 1 cells, the header 2');
  });
});

describe('formatting', () => {
  it.each([
    ['1234567.891', 'usd', '$1,234,567.89'],
    ['-4.2', 'usd', '-$4.20'],
    ['12000.5', 'number', '12,000.5'],
    ['6000', 'count', '6,000'],
    ['0.85', 'percent', '85%'],
    ['', 'usd', '-'],
    ['PRO_PLUS', 'text', 'PRO_PLUS'],
  ] as const)('shows %s as %s like %s', (value, kind, expected) => {
    // Act + Assess
    expect(formatValue(value, kind)).toBe(expected);
  });

  it('aligns text left and numbers right under a rule', () => {
    // Act
    const table = formatTable(
      [
        { heading: 'Person', field: 'name', kind: 'text' },
        { heading: 'Total', field: 'usd', kind: 'usd' },
      ],
      [
        { name: 'Ana', usd: '1200' },
        { name: 'Benedict', usd: '5' },
      ],
    );

    // Assess
    expect(table).toBe(['Person        Total', '--------  ---------', 'Ana       $1,200.00', 'Benedict      $5.00'].join('\n'));
  });
});

describe('rankedAnswer', () => {
  it('shows the top rows by rank and says how many more there are', () => {
    // Act
    const answer = rankedAnswer('top-cost', views, 2);

    // Assess
    expect(answer.rows).toEqual([expect.objectContaining({ userid: 'u-eve' }), expect.objectContaining({ userid: 'u-cara' })]);
    expect(answer.text.split('\n')).toEqual([
      'Top users by cost this month',
      '',
      '#  Person         Tier    Credits  Overage credits  Subscription    Overage      Total',
      '-  -------------  -----  --------  ---------------  ------------  ---------  ---------',
      '1  Eve Example    POWER  12,000.5                0       $200.00  $1,000.00  $1,200.00',
      '2  Example, Cara  PRO       2,500            1,500        $20.00     $60.00     $80.00',
      '(2 of 3; --limit N shows more)',
    ]);
  });

  it('lists inactive people longest quiet first, with what reclaiming every seat saves', () => {
    // Act
    const answer = rankedAnswer('inactive', views, 10);

    // Assess: $200 + $20; the unpriced LEGACY seat adds nothing
    expect((answer.rows as { userid: string }[]).map((row) => row.userid)).toEqual(['u-old', 'u-dan', 'u-eve']);
    expect(answer.text).toContain('u-old        2026-05-01             80  LEGACY             -');
    expect(answer.text.endsWith('3 inactive; reclaiming their seats saves $220.00 a month.')).toBe(true);
  });
});

describe('userAnswer', () => {
  it('finds a person by user name, case-insensitively, with their months in order', () => {
    // Act
    const answer = userAnswer('ANA.EXAMPLE', views);

    // Assess
    expect(answer.text).toContain('Person:                   Ana Example');
    expect(answer.text).toContain('Cost (all time):          $64.00');
    expect(answer.text).toContain('2026-06-01  PRO         1,110              100       101%        $20.00    $4.00  $24.00');
    expect(answer.text.indexOf('2026-06-01')).toBeLessThan(answer.text.indexOf('2026-07-01'));
    expect(answer.rows).toEqual({
      summary: expect.objectContaining({ userid: 'u-ana' }),
      monthlyCosts: [expect.anything(), expect.anything()],
      modelMix: [expect.objectContaining({ model: 'auto' }), expect.objectContaining({ model: 'claude_sonnet_4.5' }), expect.objectContaining({ model: 'claude_opus_4.5' })],
    });
  });

  it("shows the person's model mix: messages per model and their share, in the window and in all time, most used first", () => {
    // Act
    const answer = userAnswer('u-ana', views);

    // Assess
    expect(answer.text.split('\n').slice(-7)).toEqual([
      'Model mix',
      '',
      'Model              Messages (window)  Share (window)  Messages (all time)  Share (all time)',
      '-----------------  -----------------  --------------  -------------------  ----------------',
      'auto                             400             88%                  700               70%',
      'claude_sonnet_4.5                 55             12%                  200               20%',
      'claude_opus_4.5                    0              0%                  100               10%',
    ]);
  });

  it('says when the person has no messages per model, and when the run exported no model mix', () => {
    // Prepare
    const { model_mix_by_person: _mix, ...older } = views;

    // Act
    const none = userAnswer('u-ann', { ...views, model_mix_by_person: [] });
    const missing = userAnswer('u-ann', older);

    // Assess
    expect(none.text.endsWith('Model mix\n\nNo messages per model.')).toBe(true);
    expect(missing.text).toContain('No model mix: views/model_mix_by_person.csv is missing (run `npm run local` again).');
    expect(missing.rows).toMatchObject({ modelMix: [] });
  });

  it('lists the candidates when a partial name matches several people', () => {
    // Act + Assess
    expect(() => userAnswer('an', views)).toThrow(NoSinglePersonError);
    expect(() => userAnswer('an', views)).toThrow('"an" matches 2 people; ask for one of them by id:\n  Ana Example (u-ana)\n  Ann Example (u-ann)');
  });

  it('prefers an exact id over partial name matches, and says when nobody matches', () => {
    // Act + Assess
    expect(userAnswer('u-ann', views).text).toContain('User id:                  u-ann');
    expect(() => userAnswer('zed', views)).toThrow('Nobody matches "zed" (by id, display name or user name).');
  });
});

describe('npm run people (the CLI)', () => {
  let out: string;
  const run = async (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...argv]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'people-cli-'));
    await mkdir(join(out, 'views'));
    for (const [view, text] of Object.entries(VIEW_CSVS)) {
      await writeFile(join(out, 'views', `${view}.csv`), `${text}\n`);
    }
  });

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('prints JSON rows with --json', async () => {
    // Act
    const result = await run('--out', out, '--json', '--limit', '1', 'top-cost');

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ rank: '1', userid: 'u-eve', total_usd: '1200' })]);
  });

  it('says to run npm run local first when the views are missing, exit 1', async () => {
    // Act
    const result = await run('--out', join(out, 'nothing-here'), 'recommendations');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tier_recommendation.csv not found: run `npm run local` first');
  });

  it('prints the usage for bad arguments, exit 2', async () => {
    // Act
    const result = await run('--out', out, 'top-spend');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown question "top-spend"');
    expect(result.stderr).toContain('Usage: npm run people --');
  });

  it("prints a person's model mix", async () => {
    // Act
    const result = await run('--out', out, 'user', 'ana.example');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Model mix\n\nModel ');
    expect(result.stdout).toContain('auto                             400             88%                  700               70%');
  });

  it('exits 1 with the candidates for an ambiguous person', async () => {
    // Act
    const result = await run('--out', out, 'user', 'an');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Ann Example (u-ann)');
  });

  it.each([
    ['out-damaged', /^\S*out-damaged\/views\/top_users_by_cost\.csv: unterminated quote\n$/],
    ['out-ragged', /^\S*out-ragged\/views\/top_users_by_cost\.csv: row 2 has 5 cells, the header 11\n$/],
  ])('refuses a damaged view file (%s) in one line naming it, exit 2, no stack trace', async (folder, message) => {
    // Act
    const result = await run('--out', join(HOSTILE, folder), 'top-cost');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('prints an unexpected error as error and cause, the stack only with --debug', async () => {
    // Prepare: views/ is a file.
    const broken = join(out, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'views'), 'not a folder');

    // Act
    const plain = await run('--out', broken, 'top-cost');
    const debug = await run('--out', broken, '--debug', 'top-cost');

    // Assess
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error: ENOTDIR\ncause: ENOTDIR: not a directory, .*views\/top_users_by_cost\.csv'\n\(run again with --debug for the stack trace\)\n$/);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('npm run people with hostile names', () => {
  let hostile: string;
  const run = async (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...argv]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    hostile = await mkdtemp(join(tmpdir(), 'people-hostile-'));
    await mkdir(join(hostile, 'views'));
    await writeFile(
      join(hostile, 'views', 'top_users_by_cost.csv'),
      [
        'rank,month,userid,display_name,tier,credits_used,overage_credits_used,plan_utilization,subscription_usd,overage_usd,total_usd',
        '1,2026-07-01,u-eve,"\u001b]0;pwned\u0007Eve\u001b[31m Example\u009b2J\u202e",POWER,12000.5,0,0.02,200,1000,1200',
        '2,2026-07-01,u-f,"=HYPERLINK(""http://x"",""click"")",PRO,10,0,0,20,-4.2,15.8',
        '3,2026-07-01,u-g,@SUM(A1),PRO,10,0,0,20,0,20',
        '4,2026-07-01,u-h,"Tab\tand\nnewline",PRO,10,0,0,20,0,20',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await rm(hostile, { recursive: true, force: true });
  });

  it('prints names without control characters or escape sequences, the table still aligned', async () => {
    // Act
    const result = await run('--out', hostile, 'top-cost');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(result.stdout).toContain('1  Eve Example ');
    expect(result.stdout).toContain('4  Tab and newline ');
    const rows = result.stdout.split('\n').filter((line) => /^\d  /.test(line));
    expect(new Set(rows.map((line) => line.indexOf('POWER') >= 0 ? line.indexOf('POWER') : line.indexOf('PRO')))).toHaveProperty('size', 1);
  });

  it('escapes the control characters JSON leaves raw with --json, keeping the data exact', async () => {
    // Act
    const result = await run('--out', hostile, '--json', 'top-cost');

    // Assess
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect((JSON.parse(result.stdout) as { display_name: string }[])[0]?.display_name).toBe('\u001b]0;pwned\u0007Eve\u001b[31m Example\u009b2J\u202e');
  });

  it('neutralises formula-leading cells with --csv, and leaves numbers alone', async () => {
    // Act
    const result = await run('--out', hostile, '--csv', 'top-cost');

    // Assess
    const lines = result.stdout.split('\r\n');
    expect(lines[0]).toBe('rank,month,userid,display_name,tier,credits_used,overage_credits_used,plan_utilization,subscription_usd,overage_usd,total_usd');
    expect(result.stdout).toContain(`,"'=HYPERLINK(""http://x"",""click"")",PRO,10,0,0,20,-4.2,15.8`);
    expect(result.stdout).toContain(",'@SUM(A1),PRO,");
    expect(result.stdout).not.toMatch(/,[=+@]/);
  });
});

