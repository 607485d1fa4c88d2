/**
 * Checks the dashboard spec against the columns the views really return: every dataset column
 * exists in its view with a compatible type, and every field a visual reads exists in its dataset
 * with a type that suits how it is used.
 */
import { fieldsUsed, filteredVisuals, type DashboardSpec, type DatasetColumnType, type Measure } from '../../sql/dashboard-spec.js';

/** Column name → DuckDB type name, per view (what `DESCRIBE SELECT * FROM view` prints). */
export type ViewColumns = Record<string, Record<string, string>>;

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const DECIMAL_TYPES = /^(FLOAT|DOUBLE|DECIMAL(\(\d+,\d+\))?)$/;

/** Whether a DuckDB column type can be imported as the given QuickSight type. */
export function compatible(duckType: string, type: DatasetColumnType): boolean {
  switch (type) {
    case 'STRING':
      return duckType === 'VARCHAR';
    case 'INTEGER':
      return INTEGER_TYPES.test(duckType);
    case 'DECIMAL':
      return INTEGER_TYPES.test(duckType) || DECIMAL_TYPES.test(duckType);
    case 'DATETIME':
      return duckType === 'DATE' || duckType.startsWith('TIMESTAMP');
    case 'BOOLEAN':
      return duckType === 'BOOLEAN';
  }
}

/** Every problem found, as readable sentences; empty when the spec fits the views. */
export function specProblems(spec: DashboardSpec, views: ViewColumns): string[] {
  const problems: string[] = [];
  const datasetTypes = new Map<string, Map<string, DatasetColumnType>>();
  for (const dataset of spec.datasets) {
    const viewColumns = views[dataset.view];
    if (!viewColumns) {
      problems.push(`dataset ${dataset.key}: view ${dataset.view} does not exist`);
      continue;
    }
    const types = new Map<string, DatasetColumnType>();
    for (const column of dataset.columns) {
      const duckType = viewColumns[column.name];
      if (duckType === undefined) problems.push(`dataset ${dataset.key}: column ${column.name} is not in view ${dataset.view}`);
      else if (!compatible(duckType, column.type)) problems.push(`dataset ${dataset.key}: column ${column.name} is ${duckType} in the view, not ${column.type}`);
      types.set(column.name, column.type);
    }
    for (const sumColumn of dataset.sumColumns ?? []) {
      for (const term of sumColumn.sumOf) {
        const type = types.get(term);
        if (type !== 'INTEGER' && type !== 'DECIMAL') problems.push(`dataset ${dataset.key}: ${sumColumn.name} sums ${term}, which is not a numeric column of the dataset`);
      }
      types.set(sumColumn.name, sumColumn.sumOf.every((term) => types.get(term) === 'INTEGER') ? 'INTEGER' : 'DECIMAL');
    }
    if (dataset.period && types.get(dataset.period.field) !== 'DATETIME') {
      problems.push(`dataset ${dataset.key}: the period ${dataset.period.field} is not a date column of the dataset`);
    }
    datasetTypes.set(dataset.key, types);
  }

  const isNumeric = (type: DatasetColumnType | undefined): boolean => type === 'INTEGER' || type === 'DECIMAL';
  const visualIds = new Set<string>();
  for (const sheet of spec.sheets) {
    for (const visual of sheet.visuals) {
      const where = `sheet ${sheet.id}, visual ${visual.id}`;
      if (visualIds.has(visual.id)) problems.push(`${where}: the id is used twice`);
      visualIds.add(visual.id);
      const types = datasetTypes.get(visual.dataset);
      if (!types) {
        problems.push(`${where}: dataset ${visual.dataset} does not exist`);
        continue;
      }
      for (const field of fieldsUsed(visual)) {
        if (!types.has(field)) problems.push(`${where}: field ${field} is not in dataset ${visual.dataset}`);
      }
      const measures: Measure[] =
        visual.kind === 'line' ? [...visual.measures] : visual.kind === 'table' ? [] : [visual.measure];
      const textField = (field: string, what: string): void => {
        const type = types.get(field);
        if (type !== undefined && type !== 'STRING') problems.push(`${where}: ${what} ${field}, which is not text`);
      };
      for (const measure of measures) {
        const numericFields = 'ratioOf' in measure ? [...measure.ratioOf] : measure.aggregation === 'SUM' || measure.aggregation === 'AVERAGE' ? [measure.field] : [];
        for (const field of numericFields) {
          if (types.has(field) && !isNumeric(types.get(field))) problems.push(`${where}: ${measure.label} aggregates ${field}, which is not numeric`);
        }
      }
      if (visual.kind === 'line' && types.has(visual.date.field) && types.get(visual.date.field) !== 'DATETIME') {
        problems.push(`${where}: the x axis ${visual.date.field} is not a date`);
      }
      if (visual.kind === 'line' && visual.seriesBy) {
        textField(visual.seriesBy.field, 'the lines are split by');
        if (visual.measures.length !== 1) problems.push(`${where}: a line per ${visual.seriesBy.field} takes exactly one measure, not ${visual.measures.length}`);
      }
      if (visual.kind === 'pivot') {
        for (const row of visual.rows) textField(row.field, 'a row is');
        if (types.has(visual.columns.field) && types.get(visual.columns.field) !== 'DATETIME') problems.push(`${where}: the columns ${visual.columns.field} are not a date`);
      }
      if (visual.kind === 'bar') {
        const category = types.get(visual.category.field);
        if (visual.shareBy) {
          const shareBy = types.get(visual.shareBy.field);
          if (shareBy !== undefined && shareBy !== 'STRING') problems.push(`${where}: the shares are split by ${visual.shareBy.field}, which is not text`);
          if (category !== undefined && category !== 'STRING' && category !== 'DATETIME') problems.push(`${where}: the bars ${visual.category.field} are neither text nor a date`);
          if (visual.top !== undefined) problems.push(`${where}: top and shareBy do not go together`);
        } else if (category !== undefined && category !== 'STRING') {
          problems.push(`${where}: the bars ${visual.category.field} are not text`);
        }
      }
      if (visual.kind === 'table') {
        for (const column of visual.columns) {
          if (column.format && types.has(column.field) && !isNumeric(types.get(column.field))) problems.push(`${where}: column ${column.field} has a number format but is not numeric`);
        }
        const shown = new Set(visual.columns.map((column) => column.field));
        for (const key of [visual.sortBy, ...(visual.thenBy ?? [])]) {
          if (!shown.has(key.field)) problems.push(`${where}: sorts by ${key.field}, which is not one of its columns`);
        }
        const filtered = visual.rowFilter?.field;
        if (filtered !== undefined && types.has(filtered) && !isNumeric(types.get(filtered))) problems.push(`${where}: the row filter reads ${filtered}, which is not numeric`);
      }
    }
    const filterIds = new Set<string>();
    for (const filter of sheet.filters ?? []) {
      const where = `sheet ${sheet.id}, filter ${filter.id}`;
      if (filterIds.has(filter.id)) problems.push(`${where}: the id is used twice`);
      filterIds.add(filter.id);
      const narrowed = filteredVisuals(spec, sheet, filter);
      if (narrowed.length === 0) problems.push(`${where}: narrows no visual of the sheet`);
      for (const visual of narrowed) {
        const type = datasetTypes.get(visual.dataset)?.get(filter.field);
        if (type !== undefined && type !== 'STRING') problems.push(`${where}: ${filter.field} is not text in dataset ${visual.dataset}`);
      }
    }
  }
  return problems;
}
