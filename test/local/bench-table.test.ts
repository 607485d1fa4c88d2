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
    expect(parseSizes('1000x90, 10000x365')).toEqual([
      { users: 1000, days: 90 },
      { users: 10_000, days: 365 },
    ]);
    expect(() => parseSizes('1000x90,10k')).toThrow('--sizes: expected USERSxDAYS[,USERSxDAYS…], got "10k"');
  });
});
