/** The table `npm run bench` prints: the run's parts, the floor and run ÷ floor, one row per size. */
import { describe, expect, it } from 'vitest';
import { benchRow, BENCH_HEADER, parseSizes } from '../../local/bench/bench-table.js';

describe('bench table', () => {
  it('splits the run into load, views, other steps and write-out, and divides it by the floor', () => {
    // Prepare: a 30 s run: 5 s load, 4 s CreateViews, 10 s in other steps, so 11 s write-out.
    const run = { status: 'SUCCEEDED', seconds: 30, loadSeconds: 5, steps: { CreateViews: 4, NormaliseReports: 7, RefreshSpice: 3 }, peakRssMb: 1234.4 };

    // Act
    const row = benchRow({ users: 10_000, days: 90, files: 1_532 }, run, { seconds: 6, rows: 900_000, peakRssMb: 400 });

    // Assess
    expect(row).toBe('| 10,000 × 90 | 1,532 | 30.0 | 5.0 | 4.0 | 10.0 | 11.0 | 1,234 | 6.00 | 5.0 |');
    expect(BENCH_HEADER.split('\n')[0]?.split('|').length).toBe(row.split('|').length);
  });

  it('marks a run that did not succeed', () => {
    // Act
    const row = benchRow({ users: 1, days: 15, files: 1 }, { status: 'FAILED', seconds: 2, loadSeconds: 1, steps: {}, peakRssMb: 1 }, { seconds: 0, rows: 0, peakRssMb: 1 });

    // Assess
    expect(row).toContain('| 2.0 (FAILED) |');
    expect(row.endsWith('| 0.00 | – |')).toBe(true);
  });

  it('reads --sizes and refuses a size that is not USERSxDAYS', () => {
    expect(parseSizes('1000x90, 10000x365', '2026-11-30')).toEqual([
      { users: 1000, days: 90 },
      { users: 10_000, days: 365 },
    ]);
    expect(() => parseSizes('1000x90,10k', '2026-11-30')).toThrow('--sizes: expected USERSxDAYS[,USERSxDAYS…], got "10k"');
  });

  it('refuses, before generating anything, a size the sample cannot have, naming it in --sizes terms', () => {
    // 2026-11-30 back to 2024-01-01 is 1,065 days: 1,000 days fit, and 2024-02-01 has 32.
    expect(parseSizes('10x1000', '2026-11-30')).toEqual([{ users: 10, days: 1000 }]);
    expect(() => parseSizes('10x1001', '2026-11-30')).toThrow('--sizes 10x1001: expected 15 to 1000 days');
    expect(() => parseSizes('10x14', '2026-11-30')).toThrow('--sizes 10x14: expected 15 to 1000 days');
    expect(() => parseSizes('100001x90', '2026-11-30')).toThrow('--sizes 100001x90: expected 10 to 100000 users');
    expect(() => parseSizes('9x90', '2026-11-30')).toThrow('--sizes 9x90: expected 10 to 100000 users');
    expect(() => parseSizes('1000x30,10x40', '2024-02-01')).toThrow(
      '--sizes 10x40: 40 days up to 2024-02-01 start on 2023-12-24, before report days start (2024-01-01); choose fewer days',
    );
  });
});
