import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, requireIsoDate, utcDay } from '../../handlers/shared/dates.js';
import { sqlCount, sqlDate, sqlDateText } from '../../handlers/shared/sql-literals.js';

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
});
