/** Every visual's data for a whole dashboard spec, and the range of days the data covers. */
import type { DashboardSpec } from '../../sql/dashboard-spec.js';
import { visualAccumulator, type DatasetRow, type VisualAccumulator, type VisualData } from './visual-data.js';

/** What the page shows, computed from the datasets' rows. */
export interface DashboardData {
  /** By visual id, in the spec's order. */
  visuals: Map<string, VisualData>;
  /** First and last day on the line charts' date axes; absent when they have no points. */
  dataRange?: { first: string; last: string };
}

/**
 * Folds the rows of every dataset into every visual of the spec. A dataset that gets no rows
 * (none imported, e.g. after a run with no data for the day) gives empty visuals.
 */
export class DashboardAccumulator {
  private readonly visuals: { id: string; accumulator: VisualAccumulator }[];
  private readonly byDataset = new Map<string, VisualAccumulator[]>();

  constructor(spec: DashboardSpec) {
    this.visuals = spec.sheets
      .flatMap((sheet) => sheet.visuals)
      .map((visual) => {
        const accumulator = visualAccumulator(visual);
        this.byDataset.set(visual.dataset, [...(this.byDataset.get(visual.dataset) ?? []), accumulator]);
        return { id: visual.id, accumulator };
      });
  }

  /** Adds one row of a dataset (by key) to every visual over that dataset. */
  add(dataset: string, row: DatasetRow): void {
    for (const accumulator of this.byDataset.get(dataset) ?? []) accumulator.add(row);
  }

  /** Every visual's data, and the days the line charts cover. */
  result(): DashboardData {
    const visuals = new Map(this.visuals.map(({ id, accumulator }) => [id, accumulator.result()]));
    const days = [...visuals.values()].flatMap((data) => (data.kind === 'line' ? data.labels : [])).sort();
    const [first, last] = [days[0], days.at(-1)];
    return first !== undefined && last !== undefined ? { visuals, dataRange: { first, last } } : { visuals };
  }
}
