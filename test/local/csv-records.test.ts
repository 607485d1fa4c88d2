import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../local/csv-records.js';

describe('parseCsvRecords', () => {
  it('keeps newlines inside quoted fields', () => {
    // Act
    const parsed = parseCsvRecords('a,"b\nc"\n1,2');

    // Assess
    expect(parsed).toEqual({
      records: [
        ['a', 'b\nc'],
        ['1', '2'],
      ],
      unterminatedQuote: false,
    });
  });

  it('reads commas and doubled quotes in quoted cells, CRLF and CR line ends, empty cells and blank lines', () => {
    // Act
    const { records } = parseCsvRecords('"x, y","say ""hi"""\r\n,2\r\n\n3,\r4');

    // Assess
    expect(records).toEqual([['x, y', 'say "hi"'], ['', '2'], [''], ['3', ''], ['4']]);
  });

  it('gives no record for empty text', () => {
    // Act + Assess
    expect(parseCsvRecords('')).toEqual({ records: [], unterminatedQuote: false });
  });

  it('reports a quote that is never closed', () => {
    // Act
    const parsed = parseCsvRecords('a,"b\n1,2\n');

    // Assess
    expect(parsed.unterminatedQuote).toBe(true);
  });

  it('keeps a quote inside an unquoted cell as text, and reads a quoted empty last cell', () => {
    // Act
    const { records, unterminatedQuote } = parseCsvRecords('u-1,Ana "The Hammer" Example,x\n"a"b,c""\n""');

    // Assess
    expect(unterminatedQuote).toBe(false);
    expect(records).toEqual([['u-1', 'Ana "The Hammer" Example', 'x'], ['ab', 'c""'], ['']]);
  });
});

