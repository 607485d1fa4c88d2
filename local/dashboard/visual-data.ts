/**
 * What each visual of the dashboard spec shows, computed from its dataset's rows the way
 * QuickSight aggregates them: KPI values, one point per day for line charts, top-N groups for bar
 * charts, groups for pie charts, sorted and limited rows for tables.
 *
 * Rows are folded in one at a time (`add`), so a dataset of millions of rows is never held in
 * memory; only tables keep their rows, to sort them.
 */
import type { Measure, NumberFormat, VisualSpec } from '../../sql/dashboard-spec.js';
import { formatCell, formatNumber, LOCALE } from './format.js';

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
  | { kind: 'line' | 'bar' | 'pie'; labels: string[]; series: Series[] }
  | { kind: 'table'; columns: { label: string; numeric: boolean }[]; rows: string[][]; total: number };

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
      const measure = measureAccumulator(visual.measure);
      return {
        add: measure.add,
        result: () => {
          const value = measure.value();
          return { kind: 'kpi', value, text: value === null ? '–' : formatNumber(value, visual.measure.format) };
        },
      };
    }
    case 'line': {
      const days = new Groups(visual.date.field, () => visual.measures.map(measureAccumulator));
      return {
        add: days.add,
        result: () => {
          const labels = [...days.groups.keys()].filter((day) => day !== '').sort();
          const series = visual.measures.map((measure, index) => ({
            label: measure.label,
            format: measure.format,
            values: labels.map((day) => days.groups.get(day)?.[index]?.value() ?? null),
          }));
          return { kind: 'line', labels, series };
        },
      };
    }
    case 'bar':
    case 'pie': {
      const categories = new Groups(visual.category.field, () => [measureAccumulator(visual.measure)]);
      return {
        add: categories.add,
        result: () => {
          const groups = [...categories.groups].map(([category, [measure]]) => ({
            label: category === '' ? EMPTY_CATEGORY : category,
            value: measure?.value() ?? null,
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
    case 'table': {
      const rows: DatasetRow[] = [];
      return {
        add: (row) => rows.push(row),
        result: () => {
          const sorted = sortRows(rows, visual.sortBy.field, visual.sortBy.direction);
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
  }
}

interface MeasureAccumulator {
  add(row: DatasetRow): void;
  value(): number | null;
}

/**
 * A measure over rows. SUM and AVERAGE skip empty cells and are `null` without any value; COUNT
 * counts non-empty cells, DISTINCT_COUNT distinct ones; a ratio is sum(numerator) / sum(denominator),
 * `null` when the denominator sums to 0.
 */
function measureAccumulator(measure: Measure): MeasureAccumulator {
  if ('ratioOf' in measure) {
    const [numerator, denominator] = measure.ratioOf.map(sumAccumulator) as [MeasureAccumulator, MeasureAccumulator];
    return {
      add: (row) => {
        numerator.add(row);
        denominator.add(row);
      },
      value: () => {
        const below = denominator.value();
        return below === null || below === 0 ? null : (numerator.value() ?? 0) / below;
      },
    };
  }
  const field = measure.field;
  switch (measure.aggregation) {
    case 'SUM':
      return sumAccumulator(field);
    case 'AVERAGE': {
      const total = sumAccumulator(field);
      let count = 0;
      return {
        add: (row) => {
          if (numberIn(row, field) !== undefined) count += 1;
          total.add(row);
        },
        value: () => {
          const sum = total.value();
          return sum === null ? null : sum / count;
        },
      };
    }
    case 'COUNT': {
      let count = 0;
      return {
        add: (row) => {
          if ((row[field] ?? '') !== '') count += 1;
        },
        value: () => count,
      };
    }
    case 'DISTINCT_COUNT': {
      const seen = new Set<string>();
      return {
        add: (row) => {
          const cell = row[field] ?? '';
          if (cell !== '') seen.add(cell);
        },
        value: () => seen.size,
      };
    }
  }
}

/** The sum of a column's numeric cells; `null` before any. */
function sumAccumulator(field: string): MeasureAccumulator {
  let sum: number | null = null;
  return {
    add: (row) => {
      const value = numberIn(row, field);
      if (value !== undefined) sum = (sum ?? 0) + value;
    },
    value: () => sum,
  };
}

/** A cell as a number; empty and non-numeric cells are no number. */
function numberIn(row: DatasetRow, field: string): number | undefined {
  const cell = row[field] ?? '';
  const value = Number(cell);
  return cell !== '' && Number.isFinite(value) ? value : undefined;
}

/** Accumulators per value of one column (a day, a category), groups in first-seen order. */
class Groups {
  readonly groups = new Map<string, MeasureAccumulator[]>();

  constructor(
    private readonly field: string,
    private readonly create: () => MeasureAccumulator[],
  ) {}

  add = (row: DatasetRow): void => {
    const key = row[this.field] ?? '';
    let measures = this.groups.get(key);
    if (!measures) {
      measures = this.create();
      this.groups.set(key, measures);
    }
    for (const measure of measures) measure.add(row);
  };
}

/**
 * Rows sorted by one column: numerically when both cells are numbers, else as text; empty cells
 * last in either direction; equal rows keep their dataset order.
 */
export function sortRows(rows: readonly DatasetRow[], field: string, direction: 'ASC' | 'DESC'): DatasetRow[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = a[field] ?? '';
    const right = b[field] ?? '';
    if (left === '' || right === '') return Number(left === '') - Number(right === '');
    const [x, y] = [Number(left), Number(right)];
    return sign * (Number.isFinite(x) && Number.isFinite(y) ? x - y : left.localeCompare(right, LOCALE));
  });
}
