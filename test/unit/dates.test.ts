import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, requireIsoDate, utcDay } from '../../handlers/shared/dates.js';
import { parseLocalArgs } from '../../local/args.js';
import { parseSampleArgs } from '../../local/sample/args.js';
import { sqlCount, sqlDate, sqlDateText, sqlDouble, sqlIdentifier, sqlInteger, sqlString } from '../../handlers/shared/sql-literals.js';

describe('isIsoDate', () => {
  it.each(['2026-11-20', '2024-02-29', '2026-12-31', '2026-01-01'])('accepts the real day %s', (text) => {
    // Act + Assess
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    ['month 13', '2026-13-01'],
    ['February 30th', '2026-02-30'],
    ['February 29th in a common year', '2026-02-29'],
    ['no dashes', '20261120'],
    ['single-digit month', '2026-1-20'],
    ['trailing time', '2026-11-20T00:00:00Z'],
    ['day 00', '2026-11-00'],
    ['a number', 20261120],
    ['null', null],
  ])('rejects %s', (_label, value) => {
    // Act + Assess
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('adds and subtracts days across month and year ends', () => {
    // Act + Assess
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-21', -30)).toBe('2026-10-22');
  });

  it('counts whole days between two days, negative backwards', () => {
    // Act + Assess
    expect(daysBetween('2026-11-15', '2026-11-21')).toBe(6);
    expect(daysBetween('2026-11-21', '2026-11-15')).toBe(-6);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('takes the UTC day of an instant, not the local one', () => {
    // Act + Assess
    expect(utcDay(new Date('2026-11-20T23:30:00-05:00'))).toBe('2026-11-21');
  });

  it('names the field when a date is invalid', () => {
    // Act + Assess
    expect(() => requireIsoDate('2026-02-30', 'check-data: event.reportDate')).toThrow(
      'check-data: event.reportDate: expected a date written YYYY-MM-DD, got "2026-02-30"',
    );
  });
});

describe('SQL literals', () => {
  it('renders validated dates and counts', () => {
    // Act + Assess
    expect(sqlDate('2026-11-20')).toBe("DATE '2026-11-20'");
    expect(sqlDateText('2026-11-20')).toBe("'2026-11-20'");
    expect(sqlCount(14)).toBe('14');
  });

  it('refuses anything that is not a date or a non-negative integer', () => {
    // Act + Assess
    expect(() => sqlDate("2026-11-20' OR '1'='1")).toThrow(/expected a date written YYYY-MM-DD/);
    expect(() => sqlCount(1.5)).toThrow(/non-negative integer, got 1.5/);
    expect(() => sqlCount(-1)).toThrow(/non-negative integer/);
  });

  it('types settings numbers, naming the setting when one cannot be rendered', () => {
    // Act + Assess
    expect(sqlInteger(30, 'people.trailingDays')).toBe('CAST(30 AS integer)');
    expect(sqlDouble(0.04, 'pricing.overagePricePerCredit')).toBe('CAST(0.04 AS double)');
    expect(sqlDouble(5e-7, 'x')).toBe('CAST(5E-7 AS double)');
    expect(() => sqlInteger(-1, 'people.trailingDays')).toThrow('people.trailingDays: expected a non-negative integer, got -1');
    expect(() => sqlDouble(Number.POSITIVE_INFINITY, 'pricing.x')).toThrow('pricing.x: expected a finite number, got Infinity');
  });

  it('quotes strings and identifiers by doubling their quote character', () => {
    // Act + Assess
    expect(sqlString("it's /tmp/a.csv")).toBe("'it''s /tmp/a.csv'");
    expect(sqlIdentifier('claude_haiku_4.5_messages')).toBe('"claude_haiku_4.5_messages"');
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
  });
});

describe('one date check for the handlers and the command lines', () => {
  it.each([
    ['npm run local', () => parseLocalArgs(['--date', '2026-02-30']), '--date 2026-02-30: expected a calendar date YYYY-MM-DD'],
    ['npm run sample', () => parseSampleArgs(['--end-date', '2026-02-29']), '--end-date 2026-02-29: expected a calendar date YYYY-MM-DD'],
  ])('%s refuses the impossible days isIsoDate refuses, with its own message', (_label, parse, message) => {
    // Act + Assess
    expect(() => parse()).toThrow(message);
  });
});
