/**
 * What the page's own script needs to redraw a visual for another date range, folded from the
 * dataset rows one at a time like the visuals themselves (visual-data.ts):
 *
 * - a KPI, bar or pie chart over a dataset with a `period`, or narrowed by a sheet filter: per
 *   period, category and filter value, the partial of its measure (a sum, a sum and a count, a
 *   count, the distinct values, or the two sums of a ratio), which the page merges over the days
 *   in range and the filter's choice and then aggregates as QuickSight does;
 * - a table: all its rows (after its row filter, in its sort order), each cell as the dataset
 *   holds it (what its CSV download gives), with the row's period and person;
 * - line charts, share charts and pivot tables plot one day (or month) per label or column: the
 *   page keeps the labels in range of their full-range data, so they need only the grain.
 */
import { PERSON_FIELDS, type DatasetSpec, type Measure, type NumberFormat, type VisualSpec } from '../../sql/dashboard-spec.js';
import { Dictionary } from './dictionary.js';
import { MeasureCells, type MeasureKind } from './measure-cells.js';
import { sortRowsBy, type DatasetRow } from './visual-data.js';

/** Whether a period is a day or a calendar month (written as its first day). */
export type Grain = 'day' | 'month';


/**
 * Partials of a KPI, bar or pie chart per (period, category, filter values): `cells` holds
 * `[period index, category index, ...partial]` with the partial by `measure`: `sum` [sum or
 * null], `average` [sum, count], `count` [count], `distinct` the indexes of its distinct values
 * (in `values`), `ratio` [numerator sum or null, denominator sum or null].
 */
export interface GroupFacts {
  kind: 'groups';
  visual: 'kpi' | 'bar' | 'pie';
  /** Absent: the chart is measured at the as-of date, its one period `''`; no date range applies. */
  grain?: Grain;
  measure: MeasureKind;
  format: NumberFormat;
  /** Bars shown, largest first (a bar chart's `top`). */
  top?: number;
  periods: string[];
  categories: string[];
  values: string[];
  cells: (number | null)[][];
  /** Per sheet filter column the chart's dataset imports: each cell's value, as the dataset holds it. */
  filters?: Record<string, string[]>;
}

/** A table's rows as the dataset holds them, for its date range and its CSV download. */
export interface TableFacts {
  kind: 'rows';
  /** Absent: the table is measured at the as-of date, no date range applies. */
  grain?: Grain;
  columns: { label: string; format?: NumberFormat }[];
  rows: string[][];
  /** Per row its period (with `grain`). */
  periods: string[];
  /** Per row the person's id, `null` when the dataset has no person; with `personColumn` the column naming them. */
  people: (string | null)[];
  personColumn: number;
  /** Rows shown; all when absent. */
  limit?: number;
  /** Per sheet filter column the table's dataset imports: each row's value, as the dataset holds it. */
  filters?: Record<string, string[]>;
}

/** A visual whose range is the labels (days) of its full-range data: line and share charts, pivots. */
export interface LabelFacts {
  kind: 'labels';
  /** What a label is: a day, or a calendar month written as its first day. */
  grain: Grain;
}

/** What the page needs to redraw one visual for a date range; visuals over undated datasets have none but tables. */
export type VisualFacts = GroupFacts | TableFacts | LabelFacts;

/** Folds a visual's dataset rows into its facts. */
export interface FactsAccumulator {
  add(row: DatasetRow): void;
  result(): VisualFacts;
}

/**
 * The facts accumulator of a visual, or none when a date range cannot change it and it has no
 * rows to download. A table keeps each row's value of `filterFields` (the sheet filters that
 * narrow it), a KPI, bar or pie chart each cell's, so the page can narrow them.
 */
export function factsAccumulator(visual: VisualSpec, dataset: DatasetSpec, filterFields: readonly string[] = []): FactsAccumulator | undefined {
  const period = dataset.period;
  const labels = period && { add: () => undefined, result: (): LabelFacts => ({ kind: 'labels', grain: period.grain }) };
  switch (visual.kind) {
    case 'table':
      return tableFacts(visual, dataset, filterFields);
    case 'line':
    case 'pivot':
      return labels;
    case 'bar':
      if (visual.shareBy) return labels;
      return period || filterFields.length > 0 ? groupFacts(visual, visual.measure, period, filterFields, visual.category.field, visual.top) : undefined;
    case 'pie':
      return period || filterFields.length > 0 ? groupFacts(visual, visual.measure, period, filterFields, visual.category.field) : undefined;
    case 'kpi':
      return period || filterFields.length > 0 ? groupFacts(visual, visual.measure, period, filterFields) : undefined;
  }
}

function tableFacts(visual: Extract<VisualSpec, { kind: 'table' }>, dataset: DatasetSpec, filterFields: readonly string[]): FactsAccumulator {
  const kept: DatasetRow[] = [];
  const filter = visual.rowFilter;
  const hasPerson = dataset.columns.some((column) => column.name === PERSON_FIELDS.id);
  return {
    add: (row) => {
      if (filter) {
        const cell = row[filter.field] ?? '';
        if (cell === '' || !Number.isFinite(Number(cell)) || Number(cell) > filter.atMost) return;
      }
      kept.push(row);
    },
    result: () => {
      const sorted = sortRowsBy(kept, [visual.sortBy, ...(visual.thenBy ?? [])]);
      const period = dataset.period;
      return {
        kind: 'rows',
        ...(period ? { grain: period.grain } : {}),
        columns: visual.columns.map((column) => ({ label: column.label, ...(column.format ? { format: column.format } : {}) })),
        rows: sorted.map((row) => visual.columns.map((column) => row[column.field] ?? '')),
        periods: period ? sorted.map((row) => row[period.field] ?? '') : [],
        people: sorted.map((row) => (hasPerson ? row[PERSON_FIELDS.id] || null : null)),
        personColumn: hasPerson ? visual.columns.findIndex((column) => column.field === PERSON_FIELDS.name) : -1,
        ...(visual.limit === undefined ? {} : { limit: visual.limit }),
        ...(filterFields.length === 0 ? {} : { filters: Object.fromEntries(filterFields.map((field) => [field, sorted.map((row) => row[field] ?? '')])) }),
      };
    },
  };
}

function groupFacts(
  visual: Extract<VisualSpec, { kind: 'kpi' | 'bar' | 'pie' }>,
  measure: Measure,
  period: DatasetSpec['period'],
  filterFields: readonly string[],
  categoryField?: string,
  top?: number,
): FactsAccumulator {
  const partials = new MeasureCells(measure);
  const periods = new Dictionary();
  const categories = new Dictionary();
  // A category and filter values, numbered as first seen (the category alone without filters).
  const groups = new Dictionary();
  // Per period (by index), the cell of each group (by index); cells numbered as first seen.
  const cellOf: Map<number, number>[] = [];
  const cellPeriods: number[] = [];
  const cellCategories: number[] = [];
  const cellFilters: string[][] = filterFields.map(() => []);
  return {
    add: (row) => {
      const day = period === undefined ? '' : (row[period.field] ?? '');
      if (period !== undefined && day === '') return;
      const periodIndex = periods.index(day);
      const categoryIndex = categories.index(categoryField === undefined ? '' : (row[categoryField] ?? ''));
      const filterValues = filterFields.map((field) => row[field] ?? '');
      const group = filterFields.length === 0 ? categoryIndex : groups.index(JSON.stringify([categoryIndex, ...filterValues]));
      let byGroup = cellOf[periodIndex];
      if (byGroup === undefined) {
        byGroup = new Map();
        cellOf[periodIndex] = byGroup;
      }
      let cell = byGroup.get(group);
      if (cell === undefined) {
        cell = cellPeriods.length;
        cellPeriods.push(periodIndex);
        cellCategories.push(categoryIndex);
        filterValues.forEach((value, index) => cellFilters[index]?.push(value));
        byGroup.set(group, cell);
      }
      partials.add(cell, row);
    },
    result: () => ({
      kind: 'groups',
      visual: visual.kind,
      ...(period === undefined ? {} : { grain: period.grain }),
      measure: partials.kind,
      format: measure.format,
      ...(top === undefined ? {} : { top }),
      periods: periods.values,
      categories: categories.values,
      values: partials.values.values,
      cells: cellPeriods.map((periodIndex, cell) => [periodIndex, cellCategories[cell] ?? 0, ...partials.partial(cell)]),
      ...(filterFields.length === 0 ? {} : { filters: Object.fromEntries(filterFields.map((field, index) => [field, cellFilters[index] ?? []])) }),
    }),
  };
}
