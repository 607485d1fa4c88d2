/**
 * What each visual of the dashboard spec shows, computed from its dataset's rows the way
 * QuickSight aggregates them: KPI values, one point per day for line charts (per day and value
 * of `seriesBy`: one line each), top-N groups for bar charts, each part's share of its bar for
 * share charts, groups for pie charts, filtered, sorted and limited rows for tables, a cell per
 * row and day for pivot tables.
 *
 * Rows are folded in one at a time (`add`), so a dataset of millions of rows is never held in
 * memory; only tables keep their rows, to sort them.
 */
import type { Dimension, Measure, NumberFormat, SortKey, VisualSpec } from '../../sql/dashboard-spec.js';
import { Dictionary } from './dictionary.js';
import { formatCell, formatNumber, LOCALE } from './format.js';
import { MeasureCells, numberIn } from './measure-cells.js';

/** One dataset row: cells by column name, an empty cell (SQL NULL) as ''. */
export type DatasetRow = Readonly<Record<string, string>>;

/** A named list of values over the labels of a chart (`null`: no value, e.g. a ratio over 0). */
export interface Series {
  label: string;
  format: NumberFormat;
  values: (number | null)[];
}

/** A visual's data, ready to draw. */
export type VisualData =
  | { kind: 'kpi'; value: number | null; text: string }
  | {
      kind: 'line' | 'bar' | 'pie';
      labels: string[];
      series: Series[];
      /** A share chart: upright bars over the labels, each stacking its series' shares (fractions summing to 1). */
      stacked?: true;
    }
  | { kind: 'table'; columns: { label: string; numeric: boolean }[]; rows: string[][]; total: number }
  | {
      kind: 'pivot';
      /** The row dimensions' labels, then one per day. */
      header: { rows: string[]; days: string[] };
      /** Per row: its dimension values (an empty cell as `(none)`) and its value per day (`null`: no rows). */
      rows: { keys: string[]; values: (number | null)[] }[];
      format: NumberFormat;
    };

/** Folds the rows of a visual's dataset into what it shows: `add` every row, then `result`. */
export interface VisualAccumulator {
  add(row: DatasetRow): void;
  result(): VisualData;
}

/** The label of a group whose category cell is empty. */
export const EMPTY_CATEGORY = '(none)';

/** What one visual shows from the rows of its dataset. */
export function visualData(visual: VisualSpec, rows: Iterable<DatasetRow>): VisualData {
  const accumulator = visualAccumulator(visual);
  for (const row of rows) accumulator.add(row);
  return accumulator.result();
}

/** An empty accumulator for one visual. */
export function visualAccumulator(visual: VisualSpec): VisualAccumulator {
  switch (visual.kind) {
    case 'kpi': {
      const measure = new MeasureCells(visual.measure);
      return {
        add: (row) => measure.add(0, row),
        result: () => {
          const value = measure.value(0);
          return { kind: 'kpi', value, text: value === null ? '–' : formatNumber(value, visual.measure.format) };
        },
      };
    }
    case 'line': {
      if (visual.seriesBy) return seriesAccumulator(visual.date, visual.seriesBy, visual.measures[0] ?? missingMeasure(visual.id));
      const days = new Groups(visual.date.field, visual.measures);
      return {
        add: days.add,
        result: () => {
          const labels = [...days.cells.keys()].filter((day) => day !== '').sort();
          const series = visual.measures.map((measure, index) => ({
            label: measure.label,
            format: measure.format,
            values: labels.map((day) => days.value(day, index) ?? null),
          }));
          return { kind: 'line', labels, series };
        },
      };
    }
    case 'bar':
      return visual.shareBy ? shareAccumulator(visual.category, visual.shareBy, visual.measure) : groupAccumulator(visual);
    case 'pie':
      return groupAccumulator(visual);
    case 'table': {
      const rows: DatasetRow[] = [];
      const filter = visual.rowFilter;
      const keep = (row: DatasetRow): boolean => {
        if (!filter) return true;
        const value = numberIn(row, filter.field);
        return value !== undefined && value <= filter.atMost;
      };
      return {
        add: (row) => {
          if (keep(row)) rows.push(row);
        },
        result: () => {
          const sorted = sortRowsBy(rows, [visual.sortBy, ...(visual.thenBy ?? [])]);
          const shown = visual.limit === undefined ? sorted : sorted.slice(0, visual.limit);
          return {
            kind: 'table',
            columns: visual.columns.map((column) => ({ label: column.label, numeric: column.format !== undefined })),
            rows: shown.map((row) => visual.columns.map((column) => formatCell(row[column.field], column.format))),
            total: rows.length,
          };
        },
      };
    }
    case 'pivot':
      return pivotAccumulator(visual);
  }
}

function missingMeasure(visualId: string): never {
  throw new Error(`visual ${visualId}: a line per series takes exactly one measure`);
}

/**
 * One line per value of `seriesBy` (largest overall first, ties by label; an empty value as
 * {@link EMPTY_CATEGORY}), a point per day (ascending; an empty day is left out) where the value
 * has rows; `null` where it has none.
 */
function seriesAccumulator(date: Dimension, seriesBy: Dimension, measure: Measure): VisualAccumulator {
  const days = new Map<string, Groups>();
  const overall = new Groups(seriesBy.field, [measure]);
  return {
    add: (row) => {
      const day = row[date.field] ?? '';
      if (day === '') return;
      let lines = days.get(day);
      if (!lines) {
        lines = new Groups(seriesBy.field, [measure]);
        days.set(day, lines);
      }
      lines.add(row);
      overall.add(row);
    },
    result: () => {
      const labels = [...days.keys()].sort();
      const lines = [...overall.cells.keys()]
        .map((key) => ({ key, label: key === '' ? EMPTY_CATEGORY : key, total: overall.value(key) ?? null }))
        .sort((a, b) => (b.total ?? -Infinity) - (a.total ?? -Infinity) || a.label.localeCompare(b.label, LOCALE));
      const series = lines.map(({ key, label }) => ({
        label,
        format: measure.format,
        values: labels.map((day) => days.get(day)?.value(key) ?? null),
      }));
      return { kind: 'line', labels, series };
    },
  };
}

/** A pivot: rows by their dimension values (ascending, each as text), a column per day (ascending). */
function pivotAccumulator(visual: Extract<VisualSpec, { kind: 'pivot' }>): VisualAccumulator {
  const measure = new MeasureCells(visual.measure);
  // Per row, its cell of each day (by the day's index); cells numbered as first seen.
  const rows = new Map<string, { keys: string[]; cells: number[] }>();
  const days = new Dictionary();
  let cells = 0;
  return {
    add: (row) => {
      const day = row[visual.columns.field] ?? '';
      if (day === '') return;
      const keys = visual.rows.map((dimension) => row[dimension.field] ?? '');
      const id = JSON.stringify(keys);
      let entry = rows.get(id);
      if (!entry) {
        entry = { keys, cells: [] };
        rows.set(id, entry);
      }
      const dayIndex = days.index(day);
      let cell = entry.cells[dayIndex];
      if (cell === undefined) {
        cell = cells;
        cells += 1;
        entry.cells[dayIndex] = cell;
      }
      measure.add(cell, row);
    },
    result: () => {
      const columns = days.values.map((day, index) => ({ day, index })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
      const ordered = [...rows.values()].sort((a, b) => {
        for (const [index, key] of a.keys.entries()) {
          const order = key.localeCompare(b.keys[index] ?? '', LOCALE);
          if (order !== 0) return order;
        }
        return 0;
      });
      return {
        kind: 'pivot',
        header: { rows: visual.rows.map((dimension) => dimension.label), days: columns.map(({ day }) => day) },
        rows: ordered.map((entry) => ({
          keys: entry.keys.map((key) => (key === '' ? EMPTY_CATEGORY : key)),
          values: columns.map(({ index }) => {
            const cell = entry.cells[index];
            return cell === undefined ? null : measure.value(cell);
          }),
        })),
        format: visual.measure.format,
      };
    },
  };
}

/** Top-N groups of a bar chart, every group of a pie chart, largest first. */
function groupAccumulator(visual: Extract<VisualSpec, { kind: 'bar' | 'pie' }>): VisualAccumulator {
  const categories = new Groups(visual.category.field, [visual.measure]);
  return {
    add: categories.add,
    result: () => {
      const groups = [...categories.cells.keys()].map((category) => ({
        label: category === '' ? EMPTY_CATEGORY : category,
        value: categories.value(category) ?? null,
      }));
      // Largest first, ties by label so the same data always draws the same chart.
      groups.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.label.localeCompare(b.label, LOCALE));
      const shown = visual.kind === 'bar' && visual.top !== undefined ? groups.slice(0, visual.top) : groups;
      return {
        kind: visual.kind,
        labels: shown.map((group) => group.label),
        series: [{ label: visual.measure.label, format: visual.measure.format, values: shown.map((group) => group.value) }],
      };
    },
  };
}

/**
 * A share chart: per category value (bars in ascending order; an empty category is left out, as
 * on a line chart's date axis) the measure of each `shareBy` value over the sum of them all. One
 * series per `shareBy` value, largest overall first (ties by label); a part without rows on a
 * bar is 0, a bar whose parts sum to 0 has no shares (`null`).
 */
function shareAccumulator(category: Dimension, shareBy: Dimension, measure: Measure): VisualAccumulator {
  const bars = new Map<string, Groups>();
  const overall = new Groups(shareBy.field, [measure]);
  return {
    add: (row) => {
      const bar = row[category.field] ?? '';
      if (bar === '') return;
      let parts = bars.get(bar);
      if (!parts) {
        parts = new Groups(shareBy.field, [measure]);
        bars.set(bar, parts);
      }
      parts.add(row);
      overall.add(row);
    },
    result: () => {
      const labels = [...bars.keys()].sort();
      const parts = [...overall.cells.keys()]
        .map((part) => ({ part, label: part === '' ? EMPTY_CATEGORY : part, total: overall.value(part) ?? null }))
        .sort((a, b) => (b.total ?? -Infinity) - (a.total ?? -Infinity) || a.label.localeCompare(b.label, LOCALE));
      const barValues = labels.map((label) => {
        const groups = bars.get(label);
        const values = new Map([...(groups?.cells.keys() ?? [])].map((part) => [part, groups?.value(part) ?? null]));
        const sum = [...values.values()].reduce<number>((total, value) => total + (value ?? 0), 0);
        return { values, sum };
      });
      const series = parts.map(({ part, label }) => ({
        label,
        format: 'percent' as const,
        values: barValues.map(({ values, sum }) => (sum === 0 ? null : (values.get(part) ?? 0) / sum)),
      }));
      return { kind: 'bar', labels, series, stacked: true };
    },
  };
}

/** Cells per value of one column (a day, a category) in first-seen order, each folding the measures. */
class Groups {
  /** Each value's cell. */
  readonly cells = new Map<string, number>();
  private readonly measures: MeasureCells[];

  constructor(
    private readonly field: string,
    measures: readonly Measure[],
  ) {
    this.measures = measures.map((measure) => new MeasureCells(measure));
  }

  add = (row: DatasetRow): void => {
    const key = row[this.field] ?? '';
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = this.cells.size;
      this.cells.set(key, cell);
    }
    for (const measure of this.measures) measure.add(cell, row);
  };

  /** Measure `index`'s value over the rows of `key`; `undefined` when no row has that value. */
  value(key: string, index = 0): number | null | undefined {
    const cell = this.cells.get(key);
    return cell === undefined ? undefined : this.measures[index]?.value(cell);
  }
}

/**
 * Rows sorted by one column: numerically when both cells are numbers, else as text; empty cells
 * last in either direction; equal rows keep their dataset order.
 */
export function sortRows(rows: readonly DatasetRow[], field: string, direction: 'ASC' | 'DESC'): DatasetRow[] {
  return sortRowsBy(rows, [{ field, direction }]);
}

/** Rows sorted by each key in turn (a later key orders rows equal in the earlier ones), each as {@link sortRows}. */
export function sortRowsBy(rows: readonly DatasetRow[], keys: readonly SortKey[]): DatasetRow[] {
  return [...rows].sort((a, b) => {
    for (const { field, direction } of keys) {
      const order = compareCells(a[field] ?? '', b[field] ?? '', direction === 'ASC' ? 1 : -1);
      if (order !== 0) return order;
    }
    return 0;
  });
}

function compareCells(left: string, right: string, sign: 1 | -1): number {
  if (left === '' || right === '') return Number(left === '') - Number(right === '');
  const [x, y] = [Number(left), Number(right)];
  return sign * (Number.isFinite(x) && Number.isFinite(y) ? x - y : left.localeCompare(right, LOCALE));
}
