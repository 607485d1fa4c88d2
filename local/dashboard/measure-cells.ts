/**
 * One measure folded over many cells (a day, a category, a person and day …) at once: the
 * partials live in typed arrays indexed by cell, not in an object or closure per cell, so the
 * hundreds of thousands of cells of a large company's page cost a few bytes each and nothing for
 * the garbage collector to walk. The one place that says how each aggregation folds rows: the
 * visuals take {@link MeasureCells.value}, the page's date-range facts {@link MeasureCells.partial}.
 */
import type { Measure } from '../../sql/dashboard-spec.js';
import { Dictionary } from './dictionary.js';
import type { DatasetRow } from './visual-data.js';

/** How a measure's partials merge and end as a value. */
export type MeasureKind = 'sum' | 'average' | 'count' | 'distinct' | 'ratio';

/** The kind of a measure. */
export function measureKind(measure: Measure): MeasureKind {
  if ('ratioOf' in measure) return 'ratio';
  const kinds = { SUM: 'sum', AVERAGE: 'average', COUNT: 'count', DISTINCT_COUNT: 'distinct' } as const;
  return kinds[measure.aggregation];
}

const FIRST_HAS_VALUE = 1;
const SECOND_HAS_VALUE = 2;

/**
 * Partials of one measure per cell. SUM and AVERAGE skip empty and non-numeric cells and are
 * `null` without any value; COUNT counts non-empty cells, DISTINCT_COUNT distinct ones; a ratio
 * is sum(numerator) / sum(denominator), `null` when the denominator sums to 0 or has no value.
 * Cells are numbered by the caller from 0; a cell never added to reads as one without rows.
 */
export class MeasureCells {
  readonly kind: MeasureKind;
  /** The distinct values DISTINCT_COUNT has seen, by index. */
  readonly values = new Dictionary();
  private readonly first: string;
  private readonly second: string;
  /** Sum (sum, average), count (count) or numerator sum (ratio). */
  private a = new Float64Array(16);
  /** Count of numeric cells (average) or denominator sum (ratio). */
  private b = new Float64Array(16);
  private flags = new Uint8Array(16);
  private readonly distinct: Set<number>[] = [];

  constructor(measure: Measure) {
    this.kind = measureKind(measure);
    [this.first, this.second] = 'ratioOf' in measure ? measure.ratioOf : [measure.field, measure.field];
  }

  /** Folds one row into `cell`. */
  add(cell: number, row: DatasetRow): void {
    if (cell >= this.a.length) this.grow(cell);
    switch (this.kind) {
      case 'sum':
      case 'average': {
        const value = numberIn(row, this.first);
        if (value === undefined) return;
        this.a[cell] = (this.a[cell] ?? 0) + value;
        this.b[cell] = (this.b[cell] ?? 0) + 1;
        this.flags[cell] = FIRST_HAS_VALUE;
        return;
      }
      case 'count':
        if ((row[this.first] ?? '') !== '') this.a[cell] = (this.a[cell] ?? 0) + 1;
        return;
      case 'distinct': {
        const text = row[this.first] ?? '';
        if (text === '') return;
        let seen = this.distinct[cell];
        if (seen === undefined) {
          seen = new Set();
          this.distinct[cell] = seen;
        }
        seen.add(this.values.index(text));
        return;
      }
      case 'ratio': {
        const numerator = numberIn(row, this.first);
        const denominator = numberIn(row, this.second);
        let flags = this.flags[cell] ?? 0;
        if (numerator !== undefined) {
          this.a[cell] = (this.a[cell] ?? 0) + numerator;
          flags |= FIRST_HAS_VALUE;
        }
        if (denominator !== undefined) {
          this.b[cell] = (this.b[cell] ?? 0) + denominator;
          flags |= SECOND_HAS_VALUE;
        }
        this.flags[cell] = flags;
        return;
      }
    }
  }

  /** The measure's value over the rows of `cell`. */
  value(cell: number): number | null {
    const a = this.a[cell] ?? 0;
    const b = this.b[cell] ?? 0;
    const flags = this.flags[cell] ?? 0;
    switch (this.kind) {
      case 'sum':
        return flags & FIRST_HAS_VALUE ? a : null;
      case 'average':
        return flags & FIRST_HAS_VALUE ? a / b : null;
      case 'count':
        return a;
      case 'distinct':
        return this.distinct[cell]?.size ?? 0;
      case 'ratio':
        return flags & SECOND_HAS_VALUE && b !== 0 ? (flags & FIRST_HAS_VALUE ? a : 0) / b : null;
    }
  }

  /**
   * What the page merges over a date range for `cell`: `sum` [sum or null], `average` [sum or
   * null, count], `count` [count], `distinct` the indexes of its values (in {@link values}),
   * `ratio` [numerator sum or null, denominator sum or null].
   */
  partial(cell: number): (number | null)[] {
    const a = this.a[cell] ?? 0;
    const b = this.b[cell] ?? 0;
    const flags = this.flags[cell] ?? 0;
    switch (this.kind) {
      case 'sum':
        return [flags & FIRST_HAS_VALUE ? a : null];
      case 'average':
        return [flags & FIRST_HAS_VALUE ? a : null, b];
      case 'count':
        return [a];
      case 'distinct':
        return [...(this.distinct[cell] ?? [])];
      case 'ratio':
        return [flags & FIRST_HAS_VALUE ? a : null, flags & SECOND_HAS_VALUE ? b : null];
    }
  }

  private grow(cell: number): void {
    let size = this.a.length;
    while (size <= cell) size *= 2;
    const widen = <T extends Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.a = widen(this.a, new Float64Array(size));
    this.b = widen(this.b, new Float64Array(size));
    this.flags = widen(this.flags, new Uint8Array(size));
  }
}

/** A cell as a number; empty and non-numeric cells are no number. */
export function numberIn(row: DatasetRow, field: string): number | undefined {
  const cell = row[field] ?? '';
  const value = Number(cell);
  return cell !== '' && Number.isFinite(value) ? value : undefined;
}
