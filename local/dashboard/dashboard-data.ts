/** Every visual's data for a whole dashboard spec, what the page redraws them from, and the range of days the data covers. */
import { datasetByKey, filteredVisuals, type DashboardSpec } from '../../sql/dashboard-spec.js';
import { factsAccumulator, type FactsAccumulator, type VisualFacts } from './page-facts.js';
import { PeopleAccumulator, type PeopleFacts } from './person-facts.js';
import { visualAccumulator, type DatasetRow, type VisualAccumulator, type VisualData } from './visual-data.js';

/** What the page shows, computed from the datasets' rows. */
export interface DashboardData {
  /** By visual id, in the spec's order. */
  visuals: Map<string, VisualData>;
  /** By visual id: what the page redraws a visual from for another date range, or downloads (tables). */
  facts: Map<string, VisualFacts>;
  /** The person detail of everyone in the datasets it reads. */
  people: PeopleFacts;
  /** First and last day on the line charts' date axes; absent when they have no points. */
  dataRange?: { first: string; last: string };
  /** Whether rows of days before {@link DashboardAccumulator}'s first day were left out. */
  olderDaysLeftOut: boolean;
}

/**
 * Folds the rows of every dataset into every visual of the spec, its facts and the person
 * detail. A dataset that gets no rows (none imported, e.g. after a run with no data for the day)
 * gives empty visuals. With `firstDay`, the rows of daily datasets dated before it are left out
 * (and {@link DashboardData.olderDaysLeftOut} says so): the page holds every person's days, so
 * its size and the memory that builds it grow with people × days.
 */
export class DashboardAccumulator {
  private readonly visuals: { id: string; accumulator: VisualAccumulator; facts?: FactsAccumulator }[];
  private readonly byDataset = new Map<string, { add(row: DatasetRow): void }[]>();
  private readonly people: PeopleAccumulator;
  /** The visuals over datasets of calendar months. */
  private readonly monthly: Set<string>;
  /** The day column of each daily dataset, by key. */
  private readonly dayFields: Map<string, string>;
  private olderDaysLeftOut = false;

  constructor(spec: DashboardSpec, private readonly firstDay?: string) {
    this.dayFields = new Map(spec.datasets.flatMap((dataset) => (dataset.period?.grain === 'day' ? [[dataset.key, dataset.period.field] as const] : [])));
    this.people = new PeopleAccumulator(spec);
    this.monthly = new Set(spec.sheets.flatMap((sheet) => sheet.visuals).filter((visual) => datasetByKey(spec, visual.dataset).period?.grain === 'month').map((visual) => visual.id));
    this.visuals = spec.sheets
      .flatMap((sheet) => sheet.visuals.map((visual) => ({ sheet, visual })))
      .map(({ sheet, visual }) => {
        const accumulator = visualAccumulator(visual);
        const filterFields = (sheet.filters ?? []).filter((filter) => filteredVisuals(spec, sheet, filter).includes(visual)).map((filter) => filter.field);
        const facts = factsAccumulator(visual, datasetByKey(spec, visual.dataset), filterFields);
        this.byDataset.set(visual.dataset, [...(this.byDataset.get(visual.dataset) ?? []), accumulator, ...(facts ? [facts] : [])]);
        return { id: visual.id, accumulator, ...(facts ? { facts } : {}) };
      });
  }

  /** Adds one row of a dataset (by key) to every visual over that dataset and to the person detail. */
  add(dataset: string, row: DatasetRow): void {
    const dayField = this.dayFields.get(dataset);
    const day = dayField === undefined ? '' : (row[dayField] ?? '');
    if (this.firstDay !== undefined && day !== '' && day < this.firstDay) {
      this.olderDaysLeftOut = true;
      return;
    }
    for (const accumulator of this.byDataset.get(dataset) ?? []) accumulator.add(row);
    this.people.add(dataset, row);
  }

  /** Every visual's data and facts, the person detail, and the days the line charts cover. */
  result(): DashboardData {
    const visuals = new Map(this.visuals.map(({ id, accumulator }) => [id, accumulator.result()]));
    const facts = new Map(this.visuals.flatMap(({ id, facts: accumulator }) => (accumulator ? [[id, accumulator.result()] as const] : [])));
    // Lines of calendar months (their first days) say nothing about the days the data covers.
    const days = this.visuals
      .filter(({ id }) => !this.monthly.has(id))
      .flatMap(({ id }) => {
        const data = visuals.get(id);
        return data?.kind === 'line' ? data.labels : [];
      })
      .sort();
    const [first, last] = [days[0], days.at(-1)];
    const people = this.people.result();
    const olderDaysLeftOut = this.olderDaysLeftOut;
    return first !== undefined && last !== undefined
      ? { visuals, facts, people, dataRange: { first, last }, olderDaysLeftOut }
      : { visuals, facts, people, olderDaysLeftOut };
  }
}
