/**
 * The dashboard spec as a QuickSight `Definition`, the same for the analysis (editable) and the
 * published dashboard. Pure: the spec and the dataset ARNs are all it reads.
 *
 * - kpi → KPIVisual; line → LineChartVisual over a DAY date dimension, `seriesBy` as its
 *   colours (one line per value); bar → horizontal
 *   BarChartVisual sorted by its measure, highest first, `top` as the category items limit;
 *   bar with `shareBy` → vertical STACKED_PERCENT BarChartVisual, the category (a DAY date
 *   dimension or text) in ascending order, `shareBy` as its colours, largest first;
 *   pie → PieChartVisual; table → TableVisual of unaggregated fields, sorted by `sortBy`, then
 *   `thenBy`; its `rowFilter` → a filter group scoped to the visual, a NumericRangeFilter with
 *   an inclusive maximum that leaves empty cells out.
 *   QuickSight tables have no row limit: a table's `limit` is not applied (the sort puts the
 *   rows it would keep first).
 * - pivot → PivotTableVisual: the `rows` as row dimensions, the date `columns` as a DAY column
 *   dimension, the measure in the cells; rows and days in ascending order.
 * - SUM / AVERAGE (and COUNT / DISTINCT_COUNT) of a numeric column → NumericalMeasureField;
 *   COUNT / DISTINCT_COUNT of a string column → CategoricalMeasureField; `ratioOf [a, b]` → the
 *   calculated field `sum({a}) / sum({b})` of the definition, shown as a percentage.
 * - a sheet's `filters` → a multi-select dropdown filter control each (in the sheet's control
 *   bar) over a filter group with a category filter, scoped to the visuals the filter narrows.
 */
import type { CfnAnalysis } from 'aws-cdk-lib/aws-quicksight';
import { filteredVisuals, importedColumns, type DashboardSpec, type DatasetColumnType, type DatasetSpec, type Dimension, type Measure, type NumberFormat, type SheetFilter, type SheetSpec, type SortKey, type VisualSpec } from '../../sql/dashboard-spec.js';

type Definition = CfnAnalysis.AnalysisDefinitionProperty;

/** Cells of each kind of visual on QuickSight's 36-column sheet grid. */
export const GRID_SPANS: Record<VisualSpec['kind'], { columnSpan: number; rowSpan: number }> = {
  kpi: { columnSpan: 9, rowSpan: 5 },
  line: { columnSpan: 18, rowSpan: 10 },
  bar: { columnSpan: 18, rowSpan: 10 },
  pie: { columnSpan: 18, rowSpan: 10 },
  table: { columnSpan: 36, rowSpan: 12 },
  pivot: { columnSpan: 36, rowSpan: 12 },
};

/** How dates show in tables. */
export const TABLE_DATE_FORMAT = 'YYYY-MM-DD';

/** Name of the calculated field of a ratio measure, e.g. `inline_acceptancecount_per_inline_suggestionscount`. */
export function ratioFieldName([numerator, denominator]: readonly [string, string]): string {
  return `${numerator}_per_${denominator}`;
}

/** Id of the filter group of a table's `rowFilter`, e.g. `behaviour-top-people-per-model-rows`. */
export function rowFilterGroupId(visualId: string): string {
  return `${visualId}-rows`;
}

/**
 * The QuickSight definition of `spec`: its datasets declared under their keys (each needs an
 * ARN in `dataSetArns`), the ratio measures as calculated fields, one sheet per spec sheet with
 * its visuals in a grid, a filter group per table row filter. Throws naming the visual when a
 * field is not in its dataset or cannot be used the way the spec uses it.
 */
export function buildDashboardDefinition(spec: DashboardSpec, dataSetArns: Readonly<Record<string, string>>): Definition {
  const datasets = new Map(spec.datasets.map((dataset) => [dataset.key, dataset]));
  const visuals = spec.sheets.flatMap((sheet) => sheet.visuals);
  const datasetOf = (visual: VisualSpec): DatasetSpec => {
    const dataset = datasets.get(visual.dataset);
    if (!dataset) throw new Error(`visual ${visual.id}: no dataset "${visual.dataset}" in the spec`);
    return dataset;
  };
  return {
    dataSetIdentifierDeclarations: spec.datasets.map((dataset) => {
      const dataSetArn = dataSetArns[dataset.key];
      if (dataSetArn === undefined) throw new Error(`dataset ${dataset.key}: no dataset ARN given`);
      return { identifier: dataset.key, dataSetArn };
    }),
    calculatedFields: ratioFields(visuals),
    sheets: spec.sheets.map((sheet) => sheetDefinition(sheet, datasetOf)),
    filterGroups: [
      ...spec.sheets.flatMap((sheet) => sheet.visuals.flatMap((visual) => rowFilterGroups(sheet, visual, new Fields(visual, datasetOf(visual))))),
      ...spec.sheets.flatMap((sheet) => (sheet.filters ?? []).map((filter) => sheetFilterGroup(spec, sheet, filter, datasetOf))),
    ],
  };
}

/** Id of the filter group of a sheet's filter control, e.g. `people-team`; `<id>-control` its control. */
export function sheetFilterGroupId(sheet: Pick<SheetSpec, 'id'>, filter: Pick<SheetFilter, 'id'>): string {
  return `${sheet.id}-${filter.id}`;
}

/**
 * A sheet filter's group: a category filter (all values until some are chosen) on the column of
 * the first visual it narrows, applied across datasets (QuickSight narrows every dataset of the
 * scope that has a column of that name) and scoped to the visuals it narrows.
 */
function sheetFilterGroup(spec: DashboardSpec, sheet: SheetSpec, filter: SheetFilter, datasetOf: (visual: VisualSpec) => DatasetSpec): CfnAnalysis.FilterGroupProperty {
  const visuals = filteredVisuals(spec, sheet, filter);
  const [first] = visuals;
  if (!first) throw new Error(`sheet ${sheet.id}, filter ${filter.id}: no visual it narrows`);
  const filterGroupId = sheetFilterGroupId(sheet, filter);
  return {
    filterGroupId,
    crossDataset: 'ALL_DATASETS',
    status: 'ENABLED',
    filters: [
      {
        categoryFilter: {
          filterId: filterGroupId,
          column: new Fields(first, datasetOf(first)).textColumn(filter.field),
          configuration: { filterListConfiguration: { matchOperator: 'CONTAINS', selectAllOptions: 'FILTER_ALL_VALUES' } },
        },
      },
    ],
    scopeConfiguration: {
      selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: sheet.id, scope: 'SELECTED_VISUALS', visualIds: visuals.map((visual) => visual.id) }] },
    },
  };
}

function rowFilterGroups(sheet: SheetSpec, visual: VisualSpec, fields: Fields): CfnAnalysis.FilterGroupProperty[] {
  if (visual.kind !== 'table' || visual.rowFilter === undefined) return [];
  const filterGroupId = rowFilterGroupId(visual.id);
  return [
    {
      filterGroupId,
      crossDataset: 'SINGLE_DATASET',
      status: 'ENABLED',
      filters: [
        {
          numericRangeFilter: {
            filterId: `${filterGroupId}-0`,
            column: fields.numericColumn(visual.rowFilter.field),
            rangeMaximum: { staticValue: visual.rowFilter.atMost },
            includeMaximum: true,
            nullOption: 'NON_NULLS_ONLY',
          },
        },
      ],
      scopeConfiguration: {
        selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: sheet.id, scope: 'SELECTED_VISUALS', visualIds: [visual.id] }] },
      },
    },
  ];
}

function ratioFields(visuals: readonly VisualSpec[]): CfnAnalysis.CalculatedFieldProperty[] {
  const fields = new Map<string, CfnAnalysis.CalculatedFieldProperty>();
  for (const visual of visuals) {
    for (const measure of measuresOf(visual)) {
      if (!('ratioOf' in measure)) continue;
      const [numerator, denominator] = measure.ratioOf;
      const name = ratioFieldName(measure.ratioOf);
      fields.set(`${visual.dataset}/${name}`, { dataSetIdentifier: visual.dataset, name, expression: `sum({${numerator}}) / sum({${denominator}})` });
    }
  }
  return [...fields.values()];
}

function measuresOf(visual: VisualSpec): readonly Measure[] {
  switch (visual.kind) {
    case 'line':
      return visual.measures;
    case 'table':
      return [];
    default:
      return [visual.measure];
  }
}

function sheetDefinition(sheet: SheetSpec, datasetOf: (visual: VisualSpec) => DatasetSpec): CfnAnalysis.SheetDefinitionProperty {
  const filters = sheet.filters ?? [];
  return {
    sheetId: sheet.id,
    name: sheet.title,
    visuals: sheet.visuals.map((visual) => visualDefinition(visual, new Fields(visual, datasetOf(visual)))),
    ...(filters.length === 0
      ? {}
      : {
          filterControls: filters.map((filter) => ({
            dropdown: {
              filterControlId: `${sheetFilterGroupId(sheet, filter)}-control`,
              title: filter.label,
              sourceFilterId: sheetFilterGroupId(sheet, filter),
              type: 'MULTI_SELECT',
            },
          })),
          sheetControlLayouts: [
            {
              configuration: {
                gridLayout: {
                  elements: filters.map((filter) => ({ elementId: `${sheetFilterGroupId(sheet, filter)}-control`, elementType: 'FILTER_CONTROL', columnSpan: 2, rowSpan: 1 })),
                },
              },
            },
          ],
        }),
    layouts: [
      {
        configuration: {
          gridLayout: { elements: sheet.visuals.map((visual) => ({ elementId: visual.id, elementType: 'VISUAL', ...GRID_SPANS[visual.kind] })) },
        },
      },
    ],
  };
}

function visualDefinition(visual: VisualSpec, fields: Fields): CfnAnalysis.VisualProperty {
  const common = { visualId: visual.id, title: { visibility: 'VISIBLE', formatText: { plainText: visual.title } } };
  switch (visual.kind) {
    case 'kpi':
      return { kpiVisual: { ...common, chartConfiguration: { fieldWells: { values: [fields.measure(visual.measure, 0)] } } } };
    case 'line': {
      const date = fields.date(visual.date);
      if (visual.seriesBy && visual.measures.length !== 1) throw new Error(`visual ${visual.id}: a line per ${visual.seriesBy.field} takes exactly one measure`);
      const colors = visual.seriesBy ? { colors: [fields.category(visual.seriesBy, 's')] } : {};
      return {
        lineChartVisual: {
          ...common,
          chartConfiguration: {
            fieldWells: {
              lineChartAggregatedFieldWells: { category: [date], values: visual.measures.map((measure, index) => fields.measure(measure, index)), ...colors },
            },
            sortConfiguration: { categorySort: [{ fieldSort: { fieldId: fields.id('d'), direction: 'ASC' } }] },
          },
        },
      };
    }
    case 'bar':
      if (visual.shareBy) {
        if (visual.top !== undefined) throw new Error(`visual ${visual.id}: top and shareBy do not go together (every bar of a share chart is 100%)`);
        const category = fields.dimension(visual.category);
        return {
          barChartVisual: {
            ...common,
            chartConfiguration: {
              orientation: 'VERTICAL',
              barsArrangement: 'STACKED_PERCENT',
              fieldWells: {
                barChartAggregatedFieldWells: { category: [category.field], colors: [fields.category(visual.shareBy, 's')], values: [fields.measure(visual.measure, 0)] },
              },
              sortConfiguration: {
                categorySort: [{ fieldSort: { fieldId: category.fieldId, direction: 'ASC' } }],
                colorSort: [{ fieldSort: { fieldId: fields.id('m0'), direction: 'DESC' } }],
              },
            },
          },
        };
      }
      return {
        barChartVisual: {
          ...common,
          chartConfiguration: {
            orientation: 'HORIZONTAL',
            fieldWells: { barChartAggregatedFieldWells: { category: [fields.category(visual.category)], values: [fields.measure(visual.measure, 0)] } },
            sortConfiguration: {
              categorySort: [{ fieldSort: { fieldId: fields.id('m0'), direction: 'DESC' } }],
              ...(visual.top === undefined ? {} : { categoryItemsLimit: { itemsLimit: visual.top, otherCategories: 'EXCLUDE' } }),
            },
          },
        },
      };
    case 'pie':
      return {
        pieChartVisual: {
          ...common,
          chartConfiguration: {
            fieldWells: { pieChartAggregatedFieldWells: { category: [fields.category(visual.category)], values: [fields.measure(visual.measure, 0)] } },
            sortConfiguration: { categorySort: [{ fieldSort: { fieldId: fields.id('m0'), direction: 'DESC' } }] },
          },
        },
      };
    case 'table': {
      const rowSort = [visual.sortBy, ...(visual.thenBy ?? [])].map((key: SortKey) => {
        const index = visual.columns.findIndex((column) => column.field === key.field);
        if (index < 0) throw new Error(`visual ${visual.id}: sorts by ${key.field}, which is not one of its columns`);
        return { fieldSort: { fieldId: fields.id(`c${index}`), direction: key.direction } };
      });
      return {
        tableVisual: {
          ...common,
          chartConfiguration: {
            fieldWells: { tableUnaggregatedFieldWells: { values: visual.columns.map((column, index) => fields.unaggregated(column.field, index, column.format)) } },
            fieldOptions: {
              order: visual.columns.map((_column, index) => fields.id(`c${index}`)),
              selectedFieldOptions: visual.columns.map((column, index) => ({ fieldId: fields.id(`c${index}`), customLabel: column.label })),
            },
            sortConfiguration: { rowSort },
          },
        },
      };
    }
    case 'pivot': {
      const rows = visual.rows.map((row, index) => fields.category(row, `r${index}`));
      const ascending = (fieldId: string): CfnAnalysis.PivotFieldSortOptionsProperty => ({ fieldId, sortBy: { field: { fieldId, direction: 'ASC' } } });
      return {
        pivotTableVisual: {
          ...common,
          chartConfiguration: {
            fieldWells: { pivotTableAggregatedFieldWells: { rows, columns: [fields.date(visual.columns)], values: [fields.measure(visual.measure, 0)] } },
            sortConfiguration: { fieldSortOptions: [...visual.rows.map((_row, index) => ascending(fields.id(`r${index}`))), ascending(fields.id('d'))] },
            fieldOptions: {
              selectedFieldOptions: [
                ...visual.rows.map((row, index) => ({ fieldId: fields.id(`r${index}`), customLabel: row.label })),
                { fieldId: fields.id('d'), customLabel: visual.columns.label },
                { fieldId: fields.id('m0'), customLabel: visual.measure.label },
              ],
            },
          },
        },
      };
    }
  }
}

/** The fields of one visual: ids unique in the definition, columns checked against its dataset. */
class Fields {
  constructor(
    private readonly visual: VisualSpec,
    private readonly dataset: DatasetSpec,
  ) {}

  /**
   * `<visual id>-<role>`: `d` the date, `k` the category, `s` the share or line colours, `m<i>` a
   * measure, `c<i>` a table column, `r<i>` a pivot row.
   */
  id(role: string): string {
    return `${this.visual.id}-${role}`;
  }

  measure(measure: Measure, index: number): CfnAnalysis.MeasureFieldProperty {
    const fieldId = this.id(`m${index}`);
    if ('ratioOf' in measure) {
      for (const field of measure.ratioOf) this.numeric(field);
      // An aggregated calculated field takes no aggregation function of its own.
      return { numericalMeasureField: { fieldId, column: this.column(ratioFieldName(measure.ratioOf)), ...numberFormat(measure.format) } };
    }
    const type = this.typeOf(measure.field);
    if (type === 'INTEGER' || type === 'DECIMAL') {
      return {
        numericalMeasureField: {
          fieldId,
          column: this.column(measure.field),
          aggregationFunction: { simpleNumericalAggregation: measure.aggregation },
          ...numberFormat(measure.format),
        },
      };
    }
    if (type === 'STRING' && (measure.aggregation === 'COUNT' || measure.aggregation === 'DISTINCT_COUNT')) {
      return { categoricalMeasureField: { fieldId, column: this.column(measure.field), aggregationFunction: measure.aggregation } };
    }
    throw new Error(`visual ${this.visual.id}: cannot ${measure.aggregation} the ${type} column ${measure.field}`);
  }

  date(dimension: Dimension): CfnAnalysis.DimensionFieldProperty {
    this.expect(dimension.field, 'DATETIME');
    return { dateDimensionField: { fieldId: this.id('d'), column: this.column(dimension.field), dateGranularity: 'DAY' } };
  }

  category(dimension: Dimension, role = 'k'): CfnAnalysis.DimensionFieldProperty {
    this.expect(dimension.field, 'STRING');
    return { categoricalDimensionField: { fieldId: this.id(role), column: this.column(dimension.field) } };
  }

  /** A date column as a DAY date dimension, a text column as a category; with the field id. */
  dimension(dimension: Dimension): { field: CfnAnalysis.DimensionFieldProperty; fieldId: string } {
    return this.typeOf(dimension.field) === 'DATETIME'
      ? { field: this.date(dimension), fieldId: this.id('d') }
      : { field: this.category(dimension), fieldId: this.id('k') };
  }

  /** A numeric column of the dataset. */
  numericColumn(field: string): CfnAnalysis.ColumnIdentifierProperty {
    this.numeric(field);
    return this.column(field);
  }

  /** A text column of the dataset. */
  textColumn(field: string): CfnAnalysis.ColumnIdentifierProperty {
    this.expect(field, 'STRING');
    return this.column(field);
  }

  unaggregated(field: string, index: number, format: NumberFormat | undefined): CfnAnalysis.UnaggregatedFieldProperty {
    const numbers = format === undefined ? undefined : numberFormat(format).formatConfiguration;
    const formatConfiguration: CfnAnalysis.FormatConfigurationProperty | undefined =
      this.typeOf(field) === 'DATETIME'
        ? { dateTimeFormatConfiguration: { dateTimeFormat: TABLE_DATE_FORMAT } }
        : numbers && { numberFormatConfiguration: numbers };
    return { fieldId: this.id(`c${index}`), column: this.column(field), ...(formatConfiguration ? { formatConfiguration } : {}) };
  }

  private column(columnName: string): CfnAnalysis.ColumnIdentifierProperty {
    return { dataSetIdentifier: this.dataset.key, columnName };
  }

  private numeric(field: string): void {
    const type = this.typeOf(field);
    if (type !== 'INTEGER' && type !== 'DECIMAL') throw new Error(`visual ${this.visual.id}: ${field} is ${type}, not a number`);
  }

  private expect(field: string, expected: DatasetColumnType): void {
    const type = this.typeOf(field);
    if (type !== expected) throw new Error(`visual ${this.visual.id}: ${field} is ${type}, expected ${expected}`);
  }

  /** The column's type; a sum column is a DECIMAL. */
  private typeOf(field: string): DatasetColumnType {
    const column = importedColumns(this.dataset).find((candidate) => candidate.name === field);
    if (column) return column.type;
    if (this.dataset.sumColumns?.some((candidate) => candidate.name === field)) return 'DECIMAL';
    throw new Error(`visual ${this.visual.id}: ${field} is not a column of dataset ${this.dataset.key}`);
  }
}

/** Dollars with cents, percentages with one decimal; plain numbers keep QuickSight's default. */
function numberFormat(format: NumberFormat): { formatConfiguration?: CfnAnalysis.NumberFormatConfigurationProperty } {
  switch (format) {
    case 'number':
      return {};
    case 'usd':
      return { formatConfiguration: { formatConfiguration: { currencyDisplayFormatConfiguration: { symbol: 'USD', decimalPlacesConfiguration: { decimalPlaces: 2 } } } } };
    case 'percent':
      return { formatConfiguration: { formatConfiguration: { percentageDisplayFormatConfiguration: { decimalPlacesConfiguration: { decimalPlaces: 1 } } } } };
  }
}
