import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../handlers/normalise-reports/report-csv.js';

/** How the normaliser read a file before it had its own reader: csv-parse 7 with these options. */
function csvParseRows(text: string): ReturnType<typeof csvRows> {
  let unreadable = 0;
  const parsed = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: () => {
      unreadable += 1;
    },
    trim: false,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return { records: parsed.map(({ record, info }) => ({ cells: record, line: info.lines })), unreadable };
}

/** A small deterministic generator, so a failing text can be found again from the seed. */
function randomTexts(seed: number, count: number, maxLength: number): string[] {
  // The pieces a hostile file is made of: separators, quotes, every line break, a BOM, U+FFFD, NUL, a lone surrogate.
  const pieces = ['a', 'b', '1', ',', ',', '"', '"', '"', '\n', '\r', '\r\n', ' ', '\uFEFF', '\uFFFD', '\0', 'é', '😀', '\uD800'];
  let state = seed;
  const next = (below: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * below);
  };
  return Array.from({ length: count }, () => {
    const length = next(maxLength);
    const text = Array.from({ length }, () => pieces[next(pieces.length)]).join('');
    return next(5) === 0 ? `\uFEFF${text}` : text;
  });
}

describe('csvRows', () => {
  it('reads quoted cells with commas, line breaks and doubled quotes, and gives each record the line it ends on', () => {
    // Prepare
    const text = '\uFEFFa,b\r\n"x,1","two\r\nlines"\r\n\r\n"say ""hi""",\r\n';

    // Act
    const read = csvRows(text);

    // Assess: the quoted \r\n counts two lines (csv-parse counted every \r and \n inside quotes)
    expect(read).toEqual({
      records: [
        { cells: ['a', 'b'], line: 1 },
        { cells: ['x,1', 'two\r\nlines'], line: 4 },
        { cells: ['say "hi"', ''], line: 6 },
      ],
      unreadable: 0,
    });
  });

  it('keeps a stray quote as text, takes the first line break as the delimiter and counts an unterminated quote once', () => {
    // Prepare
    const strayQuotes = 'id,name\nu-1,Ana "The Hammer"\nu-2,"Bo" Example\n';
    const mixedBreaks = 'a,b\n1,2\r\n3,4';
    const unterminated = 'a,b\n1,2\n"3,4\n5,6\n';

    // Act
    const stray = csvRows(strayQuotes);
    const mixed = csvRows(mixedBreaks);
    const open = csvRows(unterminated);

    // Assess
    expect(stray.records.map((record) => record.cells)).toEqual([['id', 'name'], ['u-1', 'Ana "The Hammer"'], ['u-2', '"Bo" Example']]);
    expect(mixed.records).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2\r'], line: 3 },
      { cells: ['3', '4'], line: 4 },
    ]);
    expect(open).toEqual({ records: [{ cells: ['a', 'b'], line: 1 }, { cells: ['1', '2'], line: 2 }], unreadable: 1 });
  });

  it('reads every text as csv-parse read it with the options the normaliser used', () => {
    // Prepare
    const texts = [...randomTexts(1, 20_000, 24), ...randomTexts(2, 2_000, 120), '', '\uFEFF', '"', '""', '\n\n', 'a\u0000"'];

    // Act
    const differing = texts.filter((text) => JSON.stringify(csvRows(text)) !== JSON.stringify(csvParseRows(text)));

    // Assess
    expect(differing).toEqual([]);
  });
});
