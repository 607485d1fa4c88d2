import { describe, expect, it } from 'vitest';
import { cellNumber, issueTotals, normaliseUserReport, reportUserId, sourceFacts } from '../../handlers/normalise-reports/normalise.js';
import { normaliseAnalyticReport } from '../../handlers/normalise-reports/normalise-analytic.js';
import { analyticIsoDate, BY_USER_ANALYTIC_HEADER, canonicalTier, FIRST_REPORT_DAY, modelOfColumn, type DataQualityIssue } from '../../handlers/shared/report-format.js';

const KEY = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/09/15/00/KIRO_IDE_111122223333_user_report_202609160200.csv';
const SOURCE = { key: KEY, uri: `s3://reports/${KEY}` };
const HEADER =
  'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages,New_User,User_Email,Usage_Limit';

describe('report facts', () => {
  it('maps every tier spelling to the file spelling and leaves unknown ones out', () => {
    expect(['PRO_PLUS', 'ProPlus', 'Pro+', 'pro plus', 'pro-plus', ' proplus '].map(canonicalTier)).toEqual(Array(6).fill('PRO_PLUS'));
    expect(['ProMax', 'PRO_MAX', 'pro max'].map(canonicalTier)).toEqual(['PRO_MAX', 'PRO_MAX', 'PRO_MAX']);
    expect(['Pro', 'power', 'Free'].map(canonicalTier)).toEqual(['PRO', 'POWER', 'FREE']);
    expect(canonicalTier('ENTERPRISE')).toBeUndefined();
  });

  it('names a model after its column without _messages; total_messages is no model', () => {
    expect(modelOfColumn('claude_sonnet_4.5_messages')).toBe('claude_sonnet_4.5');
    expect(modelOfColumn('auto_messages')).toBe('auto');
    expect(modelOfColumn('total_messages')).toBeUndefined();
    expect(modelOfColumn('_messages')).toBeUndefined();
    expect(modelOfColumn('credits_used')).toBeUndefined();
  });

  it('reads account, region, stamp and day folder from the key', () => {
    expect(sourceFacts(KEY)).toEqual({ account_id: '111122223333', region: 'us-east-1', file_stamp: '202609160200', folderDate: '2026-09-15' });
    expect(sourceFacts(KEY.replace('user_report_202609160200', 'user_report_part_2_202609170300')).file_stamp).toBe('202609170300');
  });
});

describe('cellNumber', () => {
  /** The cell's number and the issues it adds, as one value to compare. */
  const read = (text: string | undefined, integer: boolean, emptyAs: number | null = -1): [number | null, string[]] => {
    const issues = new Set<DataQualityIssue>();
    return [cellNumber(text, integer, emptyAs, issues), [...issues]];
  };

  it('takes plain decimals and refuses everything else, never guessing a value', () => {
    expect(read('12.5', false)).toEqual([12.5, []]);
    expect(read('7', true)).toEqual([7, []]);
    expect(read('000123456', true)).toEqual([123456, []]);
    expect(read(' 8 ', true)).toEqual([8, []]);
    expect(read('-0', false)).toEqual([0, []]);
    expect(read(' ', true, 0)).toEqual([0, []]);
    expect(read(undefined, false, null)).toEqual([null, []]);
    for (const cell of ['1,234', '0x10', 'abc', '12.7']) expect(read(cell, true)).toEqual([null, ['non_numeric']]);
    for (const cell of ['1,234', '0x10']) expect(read(cell, false)).toEqual([null, ['non_numeric']]);
    for (const cell of ['NaN', 'Infinity', '-inf', '1e308', '-5', '1000000001']) expect(read(cell, false)).toEqual([null, ['out_of_range']]);
    expect(read('1e308', true)).toEqual([null, ['out_of_range']]);
  });
});

describe('reportUserId', () => {
  it('strips quotes and the identity store prefix in either case, keeping <10 hex>-<uuid> ids whole', () => {
    const uuid = '3f0c2a1e-1b2c-4d5e-8f90-123456789abc';
    expect(reportUserId(`"d-90661af5ec.${uuid}"`).userid).toBe(uuid);
    expect(reportUserId(`D-90661AF5EC.${uuid}`).userid).toBe(uuid);
    expect(reportUserId(` "${uuid}" `).userid).toBe(uuid);
    expect(reportUserId(`90661af5ec-${uuid}`).userid).toBe(`90661af5ec-${uuid}`);
    expect(reportUserId(`"d-90661af5ec.${uuid}"`).raw).toBe(`d-90661af5ec.${uuid}`);
  });
});

describe('normaliseUserReport', () => {
  it('reads cells by header name whatever their order, with a BOM, quoted ids and the email header', () => {
    const text =
      '\uFEFFUserId,Total_Messages,Date,Client_Type,Credits_Used,Subscription_Tier,email,claude_sonnet_4.5_messages,auto_messages,Overage_Enabled,Chat_Conversations,ProfileId,Overage_Credits_Used,Overage_Cap\n' +
      '"d-90661af5ec.u-1",9,2026-09-15,KIRO_CLI,4.5,ProPlus,a@example.com,6,3,false,,p-1,0,\n';
    const { rows, models, issues } = normaliseUserReport(text, SOURCE);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      report_date: '2026-09-15',
      userid: 'u-1',
      raw_userid: 'd-90661af5ec.u-1',
      client_type: 'KIRO_CLI',
      credits_used: 4.5,
      total_messages: 9,
      subscription_tier: 'PRO_PLUS',
      raw_subscription_tier: 'ProPlus',
      user_email: 'a@example.com',
      overage_cap: null,
      overage_credits_used: 0,
      chat_conversations: 0,
      usage_limit: null,
      source_file: SOURCE.uri,
      file_stamp: '202609160200',
      account_id: '111122223333',
      region: 'us-east-1',
      line: 2,
    });
    expect(models.map(({ model, messages }) => [model, messages])).toEqual([
      ['claude_sonnet_4.5', 6],
      ['auto', 3],
    ]);
    expect(issues).toEqual([]);
  });

  it('omits zero and empty model counts and reads a header that grew', () => {
    const text = `${HEADER},auto_messages,claude_opus_4_messages,extra_column\n2026-09-15,u-2,KIRO_IDE,1,2,,0,false,p-1,PRO,5,TRUE,,100,0,5,x\n2026-09-15,u-3,KIRO_IDE,1,2,,0,false,p-1,PRO,5,false,,100,,,\n`;
    const { rows, models, issues } = normaliseUserReport(text, SOURCE);
    expect(rows.map((row) => [row.userid, row.new_user, row.usage_limit, row.profile_id])).toEqual([
      ['u-2', true, 100, 'p-1'],
      ['u-3', false, 100, 'p-1'],
    ]);
    expect(models.map(({ userid, model, messages }) => [userid, model, messages])).toEqual([['u-2', 'claude_opus_4', 5]]);
    expect(issues).toEqual([]);
  });

  it('counts bad dates, missing users, bad numbers, unknown tiers and clients: counted, never dropped silently', () => {
    const text =
      `${HEADER},auto_messages\n` +
      '07-15-2026,u-1,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,,1\n' + // bad_date (on the folder's day)
      '2026-09-15,"",KIRO_IDE,1,1,,0,false,p,PRO,1,false,,,1\n' + // missing_user
      '2026-09-15,u-2,KIRO_IDE,"1,234",0x10,,0,false,p,PRO,1,false,,,1\n' + // non_numeric (one row)
      '2026-09-15,u-3,KIRO_IDE,1,-5,,NaN,false,p,PRO,1,false,,,1e308\n' + // out_of_range (one row)
      '2026-09-15,u-4,KIRO_GLASSES,1,1,,0,false,p,ENTERPRISE,1,false,,,1\n' + // unknown_client, unknown_tier
      '2026-09-15,u-5,KIRO_WEB,1,1,,0,false,p,POWER,1,false,,,1\n'; // KIRO_WEB is a known client: no issue
    const { rows, models, issues } = normaliseUserReport(text, SOURCE);
    expect(rows.map((row) => row.userid)).toEqual(['u-2', 'u-3', 'u-4', 'u-5']);
    expect(rows[0]).toMatchObject({ chat_conversations: null, credits_used: null });
    expect(rows[1]).toMatchObject({ credits_used: null, overage_credits_used: null });
    expect(rows[2]).toMatchObject({ client_type: 'KIRO_GLASSES', subscription_tier: 'ENTERPRISE' });
    expect(rows[3]).toMatchObject({ client_type: 'KIRO_WEB', subscription_tier: 'POWER' });
    expect(models.map((row) => row.userid)).toEqual(['u-2', 'u-4', 'u-5']);
    expect(issueTotals(issues, '2026-09-15')).toEqual({
      bad_date: 1,
      missing_user: 1,
      non_numeric: 1,
      out_of_range: 1,
      unknown_client: 1,
      unknown_tier: 1,
    });
    expect(issues.every((entry) => entry.source_file === SOURCE.uri && entry.report === 'user_report')).toBe(true);
  });

  it('counts a truncated row, or one with a cell too many, as unreadable: never as zeros or shifted cells', () => {
    // Prepare
    const text = `${HEADER}\n2026-09-15,u-1,KIRO_IDE,2,3.5\n2026-09-15,u-2,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,,surplus\n2026-09-15,u-3,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n`;

    // Act
    const { rows, issues } = normaliseUserReport(text, SOURCE);

    // Assess
    expect(rows.map((row) => [row.userid, row.line])).toEqual([['u-3', 4]]);
    expect(issueTotals(issues, '2026-09-15')).toEqual({ unreadable_row: 2 });
  });

  it('counts a row whose bytes are not UTF-8 as unreadable, not under a garbled id', () => {
    // Prepare: what decoding a Latin-1 byte as UTF-8 leaves in the text
    const text = `${HEADER}\n2026-09-15,"u-\uFFFD1",KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n`;

    // Act
    const { rows, issues } = normaliseUserReport(text, SOURCE);

    // Assess
    expect(rows).toEqual([]);
    expect(issueTotals(issues, '2026-09-15')).toEqual({ unreadable_row: 1 });
  });

  it('counts a row with a lone surrogate as unreadable, like one that was not UTF-8', () => {
    // Prepare: half of a surrogate pair, which no UTF-8 text holds
    const text = `${HEADER}\n2026-09-15,"u-\uD8001",KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n2026-09-15,"u-2",KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n`;

    // Act
    const { rows, issues } = normaliseUserReport(text, SOURCE);

    // Assess
    expect(rows.map((row) => row.userid)).toEqual(['u-2']);
    expect(issueTotals(issues, '2026-09-15')).toEqual({ unreadable_row: 1 });
  });

  it('counts an undatable row on the day before the export stamp when the key has no date folders', () => {
    // Prepare
    const key = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/KIRO_IDE_111122223333_user_report_202609160200.csv';

    // Act
    const { issues } = normaliseUserReport(`${HEADER}\nyesterday,u-1,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n`, { key, uri: key });

    // Assess
    expect(issues.map(({ report_date, issue, rows }) => [report_date, issue, rows])).toEqual([['2026-09-15', 'bad_date', 1]]);
  });

  it('reads 2024 and 2025 history and counts a row dated before FIRST_REPORT_DAY as bad_date: no partition Athena reads holds it', () => {
    // Prepare
    const text = `${HEADER}\n2023-12-31,u-1,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n${FIRST_REPORT_DAY},u-2,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n2025-06-30,u-3,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n`;

    // Act
    const { rows, issues } = normaliseUserReport(text, SOURCE);

    // Assess: the early row on the date folder's day
    expect(rows.map((row) => [row.userid, row.report_date])).toEqual([
      ['u-2', '2024-01-01'],
      ['u-3', '2025-06-30'],
    ]);
    expect(issueTotals(issues, '2026-09-15')).toEqual({ bad_date: 1 });
  });

  it('counts the rows of a file in a date folder before FIRST_REPORT_DAY on that first day, where the tables read them', () => {
    // Prepare
    const key = KEY.replace('2026/09/15', '2023/12/31').replace('202609160200', '202401010200');

    // Act
    const { rows, issues } = normaliseUserReport(`${HEADER}\n2023-12-31,u-1,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\nnot-a-day,u-2,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n`, { key, uri: key });

    // Assess
    expect(rows).toEqual([]);
    expect(issues.map(({ report_date, issue, rows }) => [report_date, issue, rows])).toEqual([[FIRST_REPORT_DAY, 'bad_date', 2]]);
  });

  it('leaves a column the header lacks NULL, never 0, and counts every row of the file as missing_column', () => {
    // Prepare: Credits_Used misspelt, so the file has no credits column
    const text = `${HEADER.replace('Credits_Used', 'Credit_Used')}\n2026-09-15,u-1,KIRO_IDE,2,12.5,,0,false,p-1,PRO,9,false,,\n2026-09-15,,KIRO_IDE,1,1,,0,false,p-1,PRO,1,false,,\n`;

    // Act
    const { rows, issues } = normaliseUserReport(text, SOURCE);

    // Assess: the row is kept with NULL credits and counted; the one without a user is left out, counted as that
    expect(rows.map((row) => [row.userid, row.credits_used, row.chat_conversations])).toEqual([['u-1', null, 2]]);
    expect(issueTotals(issues, '2026-09-15')).toEqual({ missing_column: 1, missing_user: 1 });
  });

  it('counts no missing column for the columns later header versions added', () => {
    // Prepare: the February 2026 header, without New_User, User_Email and Usage_Limit
    const text = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages\n2026-09-15,u-1,KIRO_IDE,2,12.5,,0,false,p-1,PRO,9\n';

    // Act
    const { rows, issues } = normaliseUserReport(text, SOURCE);

    // Assess
    expect(rows[0]).toMatchObject({ credits_used: 12.5, usage_limit: null, new_user: null, user_email: null });
    expect(issues).toEqual([]);
  });

  it('has nothing for an empty file or a header alone', () => {
    expect(normaliseUserReport('', SOURCE)).toEqual({ rows: [], models: [], issues: [] });
    expect(normaliseUserReport(`\uFEFF${HEADER}\n`, SOURCE)).toEqual({ rows: [], models: [], issues: [] });
  });
});

describe('normaliseUserReport on a damaged file', () => {
  it('skips and counts a record the parser cannot read, keeping the rows before it', () => {
    const text = `${HEADER}\n2026-09-15,u1,KIRO_IDE,1,1,,0,false,p,PRO,1,false,,\n2026-09-15,"unterminated,KIRO_IDE\n`;
    const { rows, issues } = normaliseUserReport(text, SOURCE);
    expect(rows.map((row) => row.userid)).toEqual(['u1']);
    expect(issueTotals(issues, '2026-09-15')).toEqual({ unreadable_row: 1 });
  });
});

describe('normaliseAnalyticReport', () => {
  const key = 'kiro/AWSLogs/111122223333/QDeveloperLogs/by_user_analytic/us-east-1/2026/09/15/00/111122223333_by_user_analytic_202609160205_report.csv';
  const source = { key, uri: `s3://reports/${key}` };

  it('reads the month-first date, the ids and every metric by name; empty metrics are 0', () => {
    // Prepare: the full header, every metric cell empty but two
    const cells = (userid: string, sent: string): string =>
      BY_USER_ANALYTIC_HEADER.map((name) => (name === 'UserId' ? userid : name === 'Date' ? '09-15-2026' : name === 'Chat_MessagesSent' ? sent : '')).join(',');
    const text = `${BY_USER_ANALYTIC_HEADER.join(',')}\n${cells('"d-90661af5ec.u-1"', '5')}\n${cells('90661af5ec-3f0c2a1e-1b2c-4d5e-8f90-123456789abc', '2')}\n`;

    // Act
    const { activity, issues } = normaliseAnalyticReport(text, source);

    // Assess
    expect(activity.map((row) => [row.report_date, row.userid, row.metrics['chat_messagessent'], row.metrics['transformation_linesingested']])).toEqual([
      ['2026-09-15', 'u-1', 5, 0],
      ['2026-09-15', '90661af5ec-3f0c2a1e-1b2c-4d5e-8f90-123456789abc', 2, 0],
    ]);
    expect(Object.keys(activity[0]!.metrics)).toHaveLength(44);
    expect(activity[0]).toMatchObject({ account_id: '111122223333', region: 'us-east-1', file_stamp: '202609160205', source_file: source.uri, line: 2 });
    expect(issues).toEqual([]);
  });

  it('counts an ISO or impossible date, a missing user and a bad metric, each on a day', () => {
    // Prepare
    const text = 'UserId,Date,Chat_MessagesSent,Inline_AICodeLines\nu-1,2026-09-15,1,1\nu-2,02-30-2026,1,1\n,09-15-2026,1,1\nu-3,09-15-2026,-5,12.7\n';

    // Act
    const { activity, issues } = normaliseAnalyticReport(text, source);

    // Assess
    expect(activity.map((row) => [row.userid, row.metrics['chat_messagessent'], row.metrics['inline_aicodelines']])).toEqual([['u-3', null, null]]);
    // The header lacks 42 metrics: the row written counts missing_column, those left out count why they are
    expect(issueTotals(issues, '2026-09-15')).toEqual({ bad_date: 2, missing_user: 1, out_of_range: 1, non_numeric: 1, missing_column: 1 });
    expect(activity[0]!.metrics['dev_acceptedlines']).toBeNull();
    expect(issues.every((entry) => entry.report === 'by_user_analytic')).toBe(true);
  });

  it('counts a row dated before FIRST_REPORT_DAY as bad_date and reads the days from it on', () => {
    // Prepare
    const text = 'UserId,Date,Chat_MessagesSent\nu-1,12-31-2023,1\nu-2,01-01-2024,1\nu-3,11-30-2025,1\n';

    // Act
    const { activity, issues } = normaliseAnalyticReport(text, source);

    // Assess
    expect(activity.map((row) => [row.userid, row.report_date])).toEqual([
      ['u-2', '2024-01-01'],
      ['u-3', '2025-11-30'],
    ]);
    expect(issueTotals(issues, '2026-09-15')).toMatchObject({ bad_date: 1 });
  });

  it('takes the date format from the module: MM-DD-YYYY', () => {
    expect(analyticIsoDate('07-10-2026')).toBe('2026-07-10');
    expect(analyticIsoDate('2026-07-10')).toBeUndefined();
    expect(analyticIsoDate('7-10-2026')).toBeUndefined();
  });
});
