import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvHeader, readCsvHeader } from '../../local/aws/athena/csv-header.js';

describe('parseCsvHeader', () => {
  it('trims and lowercases names, drops a UTF-8 BOM and keeps dots', () => {
    // Prepare
    const text = '\uFEFFDate, UserId ,Usage_Limit,claude_haiku_4.5_messages\r\n2026-09-15,"u1",8,3\r\n';

    // Act
    const names = parseCsvHeader(text, 'f.csv');

    // Assess
    expect(names).toEqual(['date', 'userid', 'usage_limit', 'claude_haiku_4.5_messages']);
  });

  it('reads quoted header cells, including commas and doubled quotes', () => {
    // Act
    const names = parseCsvHeader('"UserId","Odd, ""Name"""\n', 'f.csv');

    // Assess
    expect(names).toEqual(['userid', 'odd, "name"']);
  });

  it.each([
    ['', 'the file has no header line'],
    ['Date,,Total_Messages\n', 'header column 2 has no name'],
    ['Date,UserId,USERID\n', 'header column "userid" appears twice'],
    ['Date,"UserId\n', 'unterminated quote in the header line'],
  ])('rejects %j naming the file and the problem', (text, problem) => {
    // Act
    const parsing = () => parseCsvHeader(text, 'reports/x.csv');

    // Assess
    expect(parsing).toThrow(`Malformed CSV reports/x.csv: ${problem}`);
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
    expect(header).toEqual(names);
  });

  it('reads a header-only file without a final newline', async () => {
    // Prepare
    const path = join(scratch, 'header-only.csv');
    await writeFile(path, 'Date,UserId');

    // Act + Assess
    expect(readCsvHeader(path)).toEqual(['date', 'userid']);
  });

  it('names an empty file', async () => {
    // Prepare
    const path = join(scratch, 'empty.csv');
    await writeFile(path, '');

    // Act + Assess
    expect(() => readCsvHeader(path)).toThrow(`Malformed CSV ${path}: the file has no header line`);
  });
});
