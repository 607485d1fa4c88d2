/**
 * MeasureCells folds many cells in typed arrays that grow: each aggregation over cells numbered
 * past the first allocation, and out of order, gives what a fold of that cell's rows alone gives,
 * worked out here from the definition (sum, average, count of non-empty cells, distinct values,
 * ratio of sums).
 */
import { describe, expect, it } from 'vitest';
import { MeasureCells } from '../../local/dashboard/measure-cells.js';
import type { DatasetRow } from '../../local/dashboard/visual-data.js';
import type { Measure } from '../../sql/dashboard-spec.js';

const CELLS = 70;

/** Cell `i` gets i rows: x = i, i+1, …; every third cell also a row with an empty and one with a non-number x. */
function rowsOf(cell: number): DatasetRow[] {
  const rows: DatasetRow[] = Array.from({ length: cell }, (_, k) => ({ x: String(cell + k), y: String(k % 2), who: `p${k % 4}` }));
  if (cell % 3 === 0) rows.push({ x: '', y: '', who: '' }, { x: 'n/a', y: '2', who: 'p9' });
  return rows;
}

const numbers = (rows: readonly DatasetRow[], field: string): number[] =>
  rows.map((row) => row[field] ?? '').filter((cell) => cell !== '' && Number.isFinite(Number(cell))).map(Number);
const total = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0));

const CASES: { measure: Measure; expected: (rows: readonly DatasetRow[]) => number | null }[] = [
  { measure: { label: 'x', field: 'x', aggregation: 'SUM', format: 'number' }, expected: (rows) => total(numbers(rows, 'x')) },
  {
    measure: { label: 'x', field: 'x', aggregation: 'AVERAGE', format: 'number' },
    expected: (rows) => {
      const values = numbers(rows, 'x');
      return values.length === 0 ? null : (total(values) ?? 0) / values.length;
    },
  },
  { measure: { label: 'x', field: 'x', aggregation: 'COUNT', format: 'number' }, expected: (rows) => rows.filter((row) => row['x'] !== '').length },
  { measure: { label: 'who', field: 'who', aggregation: 'DISTINCT_COUNT', format: 'number' }, expected: (rows) => new Set(rows.map((row) => row['who']).filter((who) => who !== '')).size },
  {
    measure: { label: 'y/x', ratioOf: ['y', 'x'], format: 'percent' },
    expected: (rows) => {
      const below = total(numbers(rows, 'x'));
      return below === null || below === 0 ? null : (total(numbers(rows, 'y')) ?? 0) / below;
    },
  },
];

describe('MeasureCells', () => {
  for (const { measure, expected } of CASES) {
    it(`folds ${'ratioOf' in measure ? 'a ratio' : measure.aggregation} per cell, past its first allocation and out of order`, () => {
      // Prepare
      const cells = new MeasureCells(measure);
      const half = (cell: number): number => Math.ceil(rowsOf(cell).length / 2);
      // Act: each cell's first rows in ascending cell order (the arrays grow with cells filled
      // below), the rest from the last cell down.
      for (let cell = 0; cell < CELLS; cell += 1) for (const row of rowsOf(cell).slice(0, half(cell))) cells.add(cell, row);
      for (let cell = CELLS - 1; cell >= 0; cell -= 1) for (const row of rowsOf(cell).slice(half(cell))) cells.add(cell, row);
      // Assess
      for (let cell = 0; cell < CELLS; cell += 1) expect(cells.value(cell), `cell ${cell}`).toBe(expected(rowsOf(cell)));
      expect(cells.value(CELLS + 100)).toBe(expected([]));
    });
  }

  it('gives the partials the page merges: null sums without a value, distinct values by index', () => {
    // Prepare
    const ratio = new MeasureCells({ label: 'r', ratioOf: ['y', 'x'], format: 'percent' });
    const distinct = new MeasureCells({ label: 'who', field: 'who', aggregation: 'DISTINCT_COUNT', format: 'number' });
    // Act
    ratio.add(40, { x: '4', y: '' });
    for (const who of ['b', 'a', 'b']) distinct.add(20, { who });
    // Assess
    expect(ratio.partial(40)).toEqual([null, 4]);
    expect(ratio.partial(3)).toEqual([null, null]);
    expect(distinct.partial(20)).toEqual([0, 1]);
    expect(distinct.values.values).toEqual(['b', 'a']);
  });
});
