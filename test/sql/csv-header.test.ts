import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvHeader, readCsvHeader, unreadColumnName } from '../../local/aws/athena/csv-header.js';

describe('parseCsvHeader', () => {
  it('trims and lowercases names, drops a UTF-8 BOM and keeps dots', () => {
    // Prepare
    const text = '\uFEFFDate, UserId ,Usage_Limit,claude_haiku_4.5_messages\r\n2026-09-15,"u1",8,3\r\n';

    // Act
    const header = parseCsvHeader(text, 'f.csv');

    // Assess
    expect(header).toEqual({ names: ['date', 'userid', 'usage_limit', 'claude_haiku_4.5_messages'], problems: [] });
  });

  it('reads quoted header cells, including commas and doubled quotes', () => {
    // Act
    const { names } = parseCsvHeader('"UserId","Odd, ""Name"""\n', 'f.csv');

    // Assess
    expect(names).toEqual(['userid', 'odd, "name"']);
  });

  it.each([
    ['', []],
    ['\uFEFF', []],
  ])('reads %j as an empty file: no columns, nothing wrong', (text, names) => {
    // Act + Assess
    expect(parseCsvHeader(text, 'reports/x.csv')).toEqual({ names, problems: [] });
  });

  it.each([
    ['Date,,Total_Messages\n', ['date', unreadColumnName(2), 'total_messages'], 'header column 2 has no name: it names no column; its cells are read by position'],
    ['Date,UserId,USERID\n', ['date', 'userid', unreadColumnName(3)], 'header column 3 repeats "userid": it names no column; its cells are read by position'],
  ])('keeps the other columns of %j in place and says which one names no column', (text, names, problem) => {
    // Act + Assess
    expect(parseCsvHeader(text, 'reports/x.csv')).toEqual({ names, problems: [problem] });
  });

  it.each([
    ['   \n2026-07-10,u1\n', 'the header line is blank'],
    ['\n', 'the header line is blank'],
    ['Date,"UserId\n', 'unterminated quote in the header line'],
  ])('rejects %j naming the file, the line and the problem', (text, problem) => {
    // Act
    const parsing = () => parseCsvHeader(text, 'reports/x.csv');

    // Assess
    expect(parsing).toThrow(`Malformed CSV reports/x.csv: line 1: ${problem}`);
  });
});

describe('readCsvHeader', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'csv-header-'));
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads a header line longer than one read, with a BOM and a multi-byte character across reads', async () => {
    // Prepare: BOM (3 bytes) + 4,088 + ',' + 'caf' puts the first byte of 'é' last in the first read.
    const names = ['x'.repeat(4088), 'caf\u00e9', 'total_messages'];
    const path = join(scratch, 'wide.csv');
    await writeFile(path, `\uFEFF${names.join(',')}\n1,2,3\n`);

    // Act
    const header = readCsvHeader(path);

    // Assess
    expect(header.names).toEqual(names);
  });

  it('reads a header-only file without a final newline', async () => {
    // Prepare
    const path = join(scratch, 'header-only.csv');
    await writeFile(path, 'Date,UserId');

    // Act + Assess
    expect(readCsvHeader(path).names).toEqual(['date', 'userid']);
  });

  it('reads an empty file as one without columns', async () => {
    // Prepare
    const path = join(scratch, 'empty.csv');
    await writeFile(path, '');

    // Act + Assess
    expect(readCsvHeader(path)).toEqual({ names: [], problems: [] });
  });
});
