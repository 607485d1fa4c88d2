import { describe, expect, it } from 'vitest';
import { parseCsvHeader } from '../../local/athena/csv-header.js';

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
