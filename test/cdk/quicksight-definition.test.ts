import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnAnalysis, CfnDataSet } from 'aws-cdk-lib/aws-quicksight';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../handlers/shared/config.js';
import { buildDashboardDefinition, GRID_SPANS, ratioFieldName, rowFilterGroupId, TABLE_DATE_FORMAT } from '../../stacks/dashboards/quicksight-definition.js';
import { serviceModel } from '../contracts/support/aws-models.js';
import { checkRequest } from '../contracts/support/parameters.js';
import { DATASET_OWNER_ACTIONS, datasetProperties } from '../../stacks/dashboards/quicksight-datasets.js';
import { dashboardDatasetId, incrementalDatasetIds, refreshedDatasetIds } from '../../sql/dashboard-spec.js';
import { DASHBOARD, filteredVisuals, type DashboardSpec, type DatasetSpec, type VisualSpec } from '../../sql/dashboard-spec.js';

/** Plain JSON, so tests can walk it without the L1 types' IResolvable unions. */
type Json = any;

const ARNS = Object.fromEntries(DASHBOARD.datasets.map((dataset) => [dataset.key, `arn:aws:quicksight:eu-west-1:123456789012:dataset/kiro-${dataset.key}`]));
const VISUAL_KEYS: Record<VisualSpec['kind'], string> = {
  kpi: 'kpiVisual',
  line: 'lineChartVisual',
  bar: 'barChartVisual',
  pie: 'pieChartVisual',
  table: 'tableVisual',
  pivot: 'pivotTableVisual',
};

function definition(spec: DashboardSpec = DASHBOARD): Json {
  return JSON.parse(JSON.stringify(buildDashboardDefinition(spec, ARNS)));
}

/** The one visual of the definition with the spec visual's id, unwrapped from its kind key. */
function visualOf(def: Json, id: string): { key: string; body: Json } {
  const wrapped = def.sheets.flatMap((sheet: Json) => sheet.visuals).find((visual: Json) => (Object.values(visual)[0] as Json).visualId === id);
  const [key, body] = Object.entries(wrapped)[0] as [string, Json];
  return { key, body };
}

/** Every object with a `columnName` under `node`: the columns a visual reads. */
function columnRefs(node: Json): Array<{ dataSetIdentifier: string; columnName: string }> {
  if (Array.isArray(node)) return node.flatMap(columnRefs);
  if (node === null || typeof node !== 'object') return [];
  return [...(typeof node.columnName === 'string' ? [node] : []), ...Object.values(node).flatMap(columnRefs)];
}

/** Every `fieldId` declared by a field well under `node`. */
function fieldIds(node: Json): string[] {
  if (Array.isArray(node)) return node.flatMap(fieldIds);
  if (node === null || typeof node !== 'object') return [];
  const own = typeof node.fieldId === 'string' && node.column !== undefined ? [node.fieldId as string] : [];
  return [...own, ...Object.values(node).flatMap(fieldIds)];
}

const allVisuals = DASHBOARD.sheets.flatMap((sheet) => sheet.visuals);
const visualById = (id: string): VisualSpec => allVisuals.find((visual) => visual.id === id)!;

describe('buildDashboardDefinition', () => {
  it('declares every spec dataset under its key with its ARN', () => {
    // Act
    const def = definition();

    // Assess
    expect(def.dataSetIdentifierDeclarations).toEqual(DASHBOARD.datasets.map((dataset) => ({ identifier: dataset.key, dataSetArn: ARNS[dataset.key] })));
  });

  it('has the six sheets of the spec, each with its visuals in a grid', () => {
    // Act
    const def = definition();

    // Assess
    expect(def.sheets.map((sheet: Json) => [sheet.sheetId, sheet.name])).toEqual([
      ['overview', 'Overview'],
      ['behaviour', 'Behaviour'],
      ['cost', 'Cost'],
      ['people', 'People'],
      ['engagement', 'Engagement'],
      ['teams', 'Teams'],
    ]);
    for (const [index, sheet] of DASHBOARD.sheets.entries()) {
      const built = def.sheets[index];
      expect(built.visuals.map((visual: Json) => Object.keys(visual))).toEqual(sheet.visuals.map((visual) => [VISUAL_KEYS[visual.kind]]));
      expect(built.visuals.map((visual: Json) => (Object.values(visual)[0] as Json).visualId)).toEqual(sheet.visuals.map((visual) => visual.id));
      expect(built.layouts[0].configuration.gridLayout.elements).toEqual(
        sheet.visuals.map((visual) => ({ elementId: visual.id, elementType: 'VISUAL', ...GRID_SPANS[visual.kind] })),
      );
    }
  });

  it('titles every visual with the spec title', () => {
    // Act
    const def = definition();

    // Assess
    for (const visual of allVisuals) {
      expect(visualOf(def, visual.id).body.title).toEqual({ visibility: 'VISIBLE', formatText: { plainText: visual.title } });
    }
  });

  it("reads every field from its visual's dataset: a column, a sum column or a calculated field of that dataset", () => {
    // Prepare
    const def = definition();
    const calculated = def.calculatedFields.map((field: Json) => `${field.dataSetIdentifier}/${field.name}`);

    // Act
    const problems = allVisuals.flatMap((visual) => {
      const dataset = DASHBOARD.datasets.find((candidate) => candidate.key === visual.dataset)!;
      const known = [...dataset.columns.map((column) => column.name), ...(dataset.sumColumns ?? []).map((column) => column.name)];
      return columnRefs(visualOf(def, visual.id).body)
        .filter((ref) => ref.dataSetIdentifier !== visual.dataset || !(known.includes(ref.columnName) || calculated.includes(`${visual.dataset}/${ref.columnName}`)))
        .map((ref) => `${visual.id}: ${ref.dataSetIdentifier}/${ref.columnName}`);
    });

    // Assess
    expect(problems).toEqual([]);
    expect(columnRefs(visualOf(def, 'behaviour-ai-code-lines').body)).toEqual([{ dataSetIdentifier: 'activity_by_person', columnName: 'ai_code_lines' }]);
  });

  it('gives every field an id unique in the whole definition', () => {
    // Act
    const ids = fieldIds(definition().sheets);

    // Assess
    expect(ids.length).toBeGreaterThan(allVisuals.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('turns a ratio into a calculated field of sums, shown as a percentage without a second aggregation', () => {
    // Act
    const def = definition();
    const line = visualOf(def, 'behaviour-inline-acceptance').body;

    // Assess
    const name = ratioFieldName(['inline_acceptancecount', 'inline_suggestionscount']);
    expect(def.calculatedFields).toEqual([
      { dataSetIdentifier: 'activity_by_person', name, expression: 'sum({inline_acceptancecount}) / sum({inline_suggestionscount})' },
    ]);
    expect(line.chartConfiguration.fieldWells.lineChartAggregatedFieldWells.values).toEqual([
      {
        numericalMeasureField: {
          fieldId: 'behaviour-inline-acceptance-m0',
          column: { dataSetIdentifier: 'activity_by_person', columnName: name },
          formatConfiguration: { formatConfiguration: { percentageDisplayFormatConfiguration: { decimalPlacesConfiguration: { decimalPlaces: 1 } } } },
        },
      },
    ]);
  });

  it('aggregates numbers as numerical measures and counts strings as categorical measures', () => {
    // Act
    const def = definition();

    // Assess
    expect(visualOf(def, 'overview-credits').body.chartConfiguration.fieldWells.values).toEqual([
      { numericalMeasureField: { fieldId: 'overview-credits-m0', column: { dataSetIdentifier: 'credits_by_person', columnName: 'credits_used' }, aggregationFunction: { simpleNumericalAggregation: 'SUM' } } },
    ]);
    expect(visualOf(def, 'overview-active-users').body.chartConfiguration.fieldWells.values).toEqual([
      { categoricalMeasureField: { fieldId: 'overview-active-users-m0', column: { dataSetIdentifier: 'credits_by_person', columnName: 'userid' }, aggregationFunction: 'DISTINCT_COUNT' } },
    ]);
    const average = visualOf(def, 'cost-credits-per-tier').body.chartConfiguration.fieldWells.barChartAggregatedFieldWells.values[0];
    expect(average.numericalMeasureField.aggregationFunction).toEqual({ simpleNumericalAggregation: 'AVERAGE' });
  });

  it('draws lines over the day, in date order', () => {
    // Act
    const line = visualOf(definition(), 'behaviour-code-generation').body.chartConfiguration;

    // Assess
    expect(line.fieldWells.lineChartAggregatedFieldWells.category).toEqual([
      { dateDimensionField: { fieldId: 'behaviour-code-generation-d', column: { dataSetIdentifier: 'activity_by_person', columnName: 'report_date' }, dateGranularity: 'DAY' } },
    ]);
    expect(line.fieldWells.lineChartAggregatedFieldWells.values).toHaveLength(2);
    expect(line.sortConfiguration).toEqual({ categorySort: [{ fieldSort: { fieldId: 'behaviour-code-generation-d', direction: 'ASC' } }] });
  });

  it('draws bars horizontally, largest first, limited to the top N', () => {
    // Act
    const def = definition();
    const top = visualOf(def, 'overview-top-credits').body.chartConfiguration;
    const all = visualOf(def, 'cost-credits-per-tier').body.chartConfiguration;

    // Assess
    expect(top.orientation).toBe('HORIZONTAL');
    expect(top.fieldWells.barChartAggregatedFieldWells.category).toEqual([
      { categoricalDimensionField: { fieldId: 'overview-top-credits-k', column: { dataSetIdentifier: 'credits_by_person', columnName: 'display_name' } } },
    ]);
    expect(top.sortConfiguration).toEqual({
      categorySort: [{ fieldSort: { fieldId: 'overview-top-credits-m0', direction: 'DESC' } }],
      categoryItemsLimit: { itemsLimit: 10, otherCategories: 'EXCLUDE' },
    });
    expect(all.sortConfiguration.categoryItemsLimit).toBeUndefined();
  });

  it('slices pies by category, largest first', () => {
    // Act
    const pie = visualOf(definition(), 'people-usage-categories').body.chartConfiguration;

    // Assess
    expect(pie.fieldWells.pieChartAggregatedFieldWells.category[0].categoricalDimensionField.column.columnName).toBe('usage_category');
    expect(pie.fieldWells.pieChartAggregatedFieldWells.values[0].categoricalMeasureField.aggregationFunction).toBe('COUNT');
    expect(pie.sortConfiguration.categorySort).toEqual([{ fieldSort: { fieldId: 'people-usage-categories-m0', direction: 'DESC' } }]);
  });

  it('lists table rows unaggregated with the spec labels, formats and sort', () => {
    // Prepare
    const spec = visualById('cost-per-person') as Extract<VisualSpec, { kind: 'table' }>;

    // Act
    const table = visualOf(definition(), spec.id).body.chartConfiguration;

    // Assess
    const values = table.fieldWells.tableUnaggregatedFieldWells.values;
    expect(values.map((value: Json) => value.column.columnName)).toEqual(spec.columns.map((column) => column.field));
    expect(table.fieldOptions.selectedFieldOptions.map((option: Json) => option.customLabel)).toEqual(spec.columns.map((column) => column.label));
    expect(table.fieldOptions.order).toEqual(values.map((value: Json) => value.fieldId));
    expect(values[0].formatConfiguration).toEqual({ dateTimeFormatConfiguration: { dateTimeFormat: TABLE_DATE_FORMAT } });
    expect(values[1].formatConfiguration).toBeUndefined();
    expect(values[3].formatConfiguration).toBeUndefined();
    expect(values[8].formatConfiguration.numberFormatConfiguration.formatConfiguration.currencyDisplayFormatConfiguration).toEqual({
      symbol: 'USD',
      decimalPlacesConfiguration: { decimalPlaces: 2 },
    });
    expect(table.sortConfiguration).toEqual({ rowSort: [{ fieldSort: { fieldId: 'cost-per-person-c8', direction: 'DESC' } }] });
  });

  it('names the visual and the field when the spec reads a column its dataset lacks', () => {
    // Prepare
    const broken: DashboardSpec = {
      ...DASHBOARD,
      sheets: [{ id: 's', title: 'S', visuals: [{ kind: 'kpi', id: 'bad-kpi', title: 'Bad', dataset: 'credits_by_person', measure: { label: 'x', field: 'nope', aggregation: 'SUM', format: 'number' } }] }],
    };

    // Act
    const act = (): unknown => buildDashboardDefinition(broken, ARNS);

    // Assess
    expect(act).toThrowError('visual bad-kpi: nope is not a column of dataset credits_by_person');
  });

  it('refuses a sum of a string column and a dataset without an ARN', () => {
    // Prepare
    const summingNames: DashboardSpec = {
      ...DASHBOARD,
      sheets: [{ id: 's', title: 'S', visuals: [{ kind: 'kpi', id: 'k', title: 'K', dataset: 'user_summary', measure: { label: 'x', field: 'display_name', aggregation: 'SUM', format: 'number' } }] }],
    };
    const { credits_by_person: _missing, ...withoutOne } = ARNS;

    // Act
    const sumOfNames = (): unknown => buildDashboardDefinition(summingNames, ARNS);
    const noArn = (): unknown => buildDashboardDefinition(DASHBOARD, withoutOne);

    // Assess
    expect(sumOfNames).toThrowError('visual k: cannot SUM the STRING column display_name');
    expect(noArn).toThrowError('dataset credits_by_person: no dataset ARN given');
  });
});

describe('the model mix', () => {
  it('draws the share of messages per model per day as upright 100% stacked bars, days in order, models largest first', () => {
    // Act
    const bar = visualOf(definition(), 'behaviour-model-mix').body.chartConfiguration;

    // Assess
    expect(bar.orientation).toBe('VERTICAL');
    expect(bar.barsArrangement).toBe('STACKED_PERCENT');
    expect(bar.fieldWells.barChartAggregatedFieldWells).toEqual({
      category: [{ dateDimensionField: { fieldId: 'behaviour-model-mix-d', column: { dataSetIdentifier: 'model_messages_daily', columnName: 'report_date' }, dateGranularity: 'DAY' } }],
      colors: [{ categoricalDimensionField: { fieldId: 'behaviour-model-mix-s', column: { dataSetIdentifier: 'model_messages_daily', columnName: 'model' } } }],
      values: [{ numericalMeasureField: { fieldId: 'behaviour-model-mix-m0', column: { dataSetIdentifier: 'model_messages_daily', columnName: 'messages' }, aggregationFunction: { simpleNumericalAggregation: 'SUM' } } }],
    });
    expect(bar.sortConfiguration).toEqual({
      categorySort: [{ fieldSort: { fieldId: 'behaviour-model-mix-d', direction: 'ASC' } }],
      colorSort: [{ fieldSort: { fieldId: 'behaviour-model-mix-m0', direction: 'DESC' } }],
    });
  });

  it('lists the top 10 people per model: sorted by the model, then rank, filtered to rank 10 by a filter group on that table only', () => {
    // Prepare
    const spec = visualById('behaviour-top-people-per-model') as Extract<VisualSpec, { kind: 'table' }>;
    const column = (field: string): string => `behaviour-top-people-per-model-c${spec.columns.findIndex((candidate) => candidate.field === field)}`;

    // Act
    const def = definition();
    const table = visualOf(def, spec.id).body.chartConfiguration;

    // Assess
    expect(table.sortConfiguration.rowSort).toEqual([
      { fieldSort: { fieldId: column('model_messages_30d'), direction: 'DESC' } },
      { fieldSort: { fieldId: column('model'), direction: 'ASC' } },
      { fieldSort: { fieldId: column('rank_in_model_30d'), direction: 'ASC' } },
    ]);
    expect(def.filterGroups.filter((group: Json) => group.crossDataset === 'SINGLE_DATASET')).toEqual([
      {
        filterGroupId: rowFilterGroupId(spec.id),
        crossDataset: 'SINGLE_DATASET',
        status: 'ENABLED',
        filters: [
          {
            numericRangeFilter: {
              filterId: `${rowFilterGroupId(spec.id)}-0`,
              column: { dataSetIdentifier: 'model_mix_by_person', columnName: 'rank_in_model_30d' },
              rangeMaximum: { staticValue: 10 },
              includeMaximum: true,
              nullOption: 'NON_NULLS_ONLY',
            },
          },
        ],
        scopeConfiguration: { selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: 'behaviour', scope: 'SELECTED_VISUALS', visualIds: [spec.id] }] } },
      },
    ]);
  });

  it('gives the People and Teams sheets a team dropdown, its filter scoped to the visuals it narrows', () => {
    // Act
    const def = definition();
    const sheet = (id: string): Json => def.sheets.find((candidate: Json) => candidate.sheetId === id);
    const group = (id: string): Json => def.filterGroups.find((candidate: Json) => candidate.filterGroupId === id);

    // Assess
    for (const id of ['people', 'teams']) {
      expect(sheet(id).filterControls).toEqual([{ dropdown: { filterControlId: `${id}-team-control`, title: 'Team', sourceFilterId: `${id}-team`, type: 'MULTI_SELECT' } }]);
      expect(sheet(id).sheetControlLayouts[0].configuration.gridLayout.elements).toEqual([{ elementId: `${id}-team-control`, elementType: 'FILTER_CONTROL', columnSpan: 2, rowSpan: 1 }]);
    }
    expect(group('people-team')).toEqual({
      filterGroupId: 'people-team',
      crossDataset: 'ALL_DATASETS',
      status: 'ENABLED',
      filters: [
        {
          categoryFilter: {
            filterId: 'people-team',
            column: { dataSetIdentifier: 'top_users_by_cost', columnName: 'team' },
            configuration: { filterListConfiguration: { matchOperator: 'CONTAINS', selectAllOptions: 'FILTER_ALL_VALUES' } },
          },
        },
      ],
      scopeConfiguration: { selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: 'people', scope: 'SELECTED_VISUALS', visualIds: ['people-top-cost', 'people-top-usage', 'people-inactive', 'people-usage-categories', 'people-recommendations', 'people-never-active', 'people-teams'] }] } },
    });
    expect(group('teams-team').scopeConfiguration.selectedSheets.sheetVisualScopingConfigurations[0].visualIds).toEqual(['teams-cost-per-month', 'teams-cost', 'teams-monthly', 'teams-seats']);
    expect(sheet('overview').filterControls).toBeUndefined();
  });

  it('refuses a sheet filter on a number and one that narrows no visual', () => {
    // Prepare
    const table = { kind: 'table', id: 't', title: 'T', dataset: 'team_seats', columns: [{ label: 'Team', field: 'team' }], sortBy: { field: 'team', direction: 'ASC' } } as const;
    const withFilter = (field: string): DashboardSpec => ({ ...DASHBOARD, sheets: [{ id: 's', title: 'S', visuals: [table], filters: [{ id: 'f', label: 'F', field }] }] });

    // Act
    const onNumber = (): unknown => buildDashboardDefinition(withFilter('idle_seats'), ARNS);
    const onNothing = (): unknown => buildDashboardDefinition(withFilter('display_name'), ARNS);

    // Assess
    expect(onNumber).toThrow('visual t: idle_seats is INTEGER, expected STRING');
    expect(onNothing).toThrow('sheet s, filter f: no visual it narrows');
  });

  it('refuses a share chart with a top, a sort key that is not a column and a row filter on text', () => {
    // Prepare
    const measure = { label: 'M', field: 'messages', aggregation: 'SUM', format: 'number' } as const;
    const sheet = (visual: VisualSpec): DashboardSpec => ({ ...DASHBOARD, sheets: [{ id: 's', title: 'S', visuals: [visual] }] });
    const table = { kind: 'table', id: 't', title: 'T', dataset: 'model_mix_by_person', columns: [{ label: 'Model', field: 'model' }], sortBy: { field: 'model', direction: 'ASC' } } as const;

    // Act
    const withTop = (): unknown =>
      buildDashboardDefinition(sheet({ kind: 'bar', id: 'b', title: 'B', dataset: 'model_messages_daily', category: { label: 'Day', field: 'report_date' }, shareBy: { label: 'Model', field: 'model' }, measure, top: 3 }), ARNS);
    const unshownSort = (): unknown => buildDashboardDefinition(sheet({ ...table, thenBy: [{ field: 'rank_in_model_30d', direction: 'ASC' }] }), ARNS);
    const textFilter = (): unknown => buildDashboardDefinition(sheet({ ...table, rowFilter: { field: 'display_name', atMost: 1 } }), ARNS);

    // Assess
    expect(withTop).toThrowError('visual b: top and shareBy do not go together');
    expect(unshownSort).toThrowError('visual t: sorts by rank_in_model_30d, which is not one of its columns');
    expect(textFilter).toThrowError('visual t: display_name is STRING, not a number');
  });
});

describe('engagement lines and the credits pivot', () => {
  it('draws one line per client as the colours of a line chart over the day', () => {
    // Act
    const line = visualOf(definition(), 'engagement-active-by-client').body.chartConfiguration;

    // Assess
    expect(line.fieldWells.lineChartAggregatedFieldWells).toEqual({
      category: [{ dateDimensionField: { fieldId: 'engagement-active-by-client-d', column: { dataSetIdentifier: 'active_users_daily', columnName: 'report_date' }, dateGranularity: 'DAY' } }],
      values: [{ numericalMeasureField: { fieldId: 'engagement-active-by-client-m0', column: { dataSetIdentifier: 'active_users_daily', columnName: 'active_users' }, aggregationFunction: { simpleNumericalAggregation: 'SUM' } } }],
      colors: [{ categoricalDimensionField: { fieldId: 'engagement-active-by-client-s', column: { dataSetIdentifier: 'active_users_daily', columnName: 'client_type' } } }],
    });
    expect(visualOf(definition(), 'engagement-active-users').body.chartConfiguration.fieldWells.lineChartAggregatedFieldWells.colors).toBeUndefined();
  });

  it('lays out credits per person and day as a pivot table: people as rows, days as columns, both ascending', () => {
    // Act
    const pivot = visualOf(definition(), 'people-credits-per-day');

    // Assess
    expect(pivot.key).toBe('pivotTableVisual');
    const config = pivot.body.chartConfiguration;
    const id = (role: string): string => `people-credits-per-day-${role}`;
    expect(config.fieldWells.pivotTableAggregatedFieldWells).toEqual({
      rows: [
        { categoricalDimensionField: { fieldId: id('r0'), column: { dataSetIdentifier: 'credits_by_person', columnName: 'display_name' } } },
        { categoricalDimensionField: { fieldId: id('r1'), column: { dataSetIdentifier: 'credits_by_person', columnName: 'userid' } } },
      ],
      columns: [{ dateDimensionField: { fieldId: id('d'), column: { dataSetIdentifier: 'credits_by_person', columnName: 'report_date' }, dateGranularity: 'DAY' } }],
      values: [{ numericalMeasureField: { fieldId: id('m0'), column: { dataSetIdentifier: 'credits_by_person', columnName: 'credits_used' }, aggregationFunction: { simpleNumericalAggregation: 'SUM' } } }],
    });
    expect(config.sortConfiguration.fieldSortOptions.map((option: Json) => [option.fieldId, option.sortBy.field.direction])).toEqual([
      [id('r0'), 'ASC'],
      [id('r1'), 'ASC'],
      [id('d'), 'ASC'],
    ]);
    expect(config.fieldOptions.selectedFieldOptions.map((option: Json) => option.customLabel)).toEqual(['Person', 'User id', 'Day', 'Credits']);
  });

  it('refuses lines per series with two measures, and a pivot over a text column as days', () => {
    // Prepare
    const sheet = (visual: VisualSpec): DashboardSpec => ({ ...DASHBOARD, sheets: [{ id: 's', title: 'S', visuals: [visual] }] });
    const measure = { label: 'A', field: 'active_users', aggregation: 'SUM', format: 'number' } as const;

    // Act
    const twoMeasures = (): unknown =>
      buildDashboardDefinition(
        sheet({ kind: 'line', id: 'l', title: 'L', dataset: 'active_users_daily', date: { label: 'Day', field: 'report_date' }, measures: [measure, measure], seriesBy: { label: 'Client', field: 'client_type' } }),
        ARNS,
      );
    const textDays = (): unknown =>
      buildDashboardDefinition(sheet({ kind: 'pivot', id: 'p', title: 'P', dataset: 'active_users_daily', rows: [{ label: 'Tier', field: 'subscription_tier' }], columns: { label: 'Client', field: 'client_type' }, measure }), ARNS);

    // Assess
    expect(twoMeasures).toThrowError('visual l: a line per client_type takes exactly one measure');
    expect(textDays).toThrowError('visual p: client_type is STRING, expected DATETIME');
  });
});

describe("the definition against QuickSight's API model", () => {
  /** The definition as CloudFormation passes it on (PascalCase), from a synthesized CfnAnalysis. */
  function cloudFormationDefinition(spec: DashboardSpec): Json {
    const stack = new Stack(new App(), 'Definition');
    new CfnAnalysis(stack, 'Analysis', { awsAccountId: '123456789012', analysisId: 'a', name: 'a', definition: buildDashboardDefinition(spec, ARNS) });
    return Template.fromStack(stack).toJSON().Resources.Analysis.Properties.Definition;
  }
  const analysisDefinition = serviceModel('quicksight').structure('AnalysisDefinition')!;
  const check = (definition: Json) => checkRequest(definition, analysisDefinition, 'Definition', { dynamicKeys: false, naming: 'pascal' });

  it('uses only members the model has, sets every required one, and enum values the model lists', () => {
    // Act
    const problems = check(cloudFormationDefinition(DASHBOARD));

    // Assess
    expect(problems).toEqual([]);
  });

  it('reports a misspelt member and a value outside an enum, so the check can fail', () => {
    // Prepare
    const definition = cloudFormationDefinition(DASHBOARD);
    const bar = definition.Sheets[1].Visuals.find((visual: Json) => visual.BarChartVisual?.VisualId === 'behaviour-model-mix').BarChartVisual;
    bar.ChartConfiguration.BarsArrangement = 'PERCENT_STACKED';
    definition.FilterGroups[0].Filters[0].NumericRangeFilter.IncludeMax = true;

    // Act
    const problems = check(definition);

    // Assess
    expect(problems.map((problem) => problem.kind).sort()).toEqual(['enum', 'parameter']);
  });
});

describe('datasetProperties', () => {
  const source = { dataSourceArn: 'arn:aws:quicksight:eu-west-1:123456789012:datasource/kiro-athena', database: 'kiro_activity', idPrefix: 'kiro', principalArns: ['arn:aws:quicksight:us-east-1:123456789012:user/default/ana'], refreshLookbackDays: 7 };

  it('imports the view into SPICE with the spec columns and types, owned by the principals', () => {
    // Prepare
    const dataset = DASHBOARD.datasets.find((candidate) => candidate.key === 'credits_by_person')!;

    // Act
    const props = JSON.parse(JSON.stringify(datasetProperties(dataset, source)));

    // Assess
    expect(props.dataSetId).toBe('kiro-credits-by-person');
    expect(props.importMode).toBe('SPICE');
    expect(props.physicalTableMap.view.relationalTable).toEqual({
      dataSourceArn: source.dataSourceArn,
      catalog: 'AwsDataCatalog',
      schema: 'kiro_activity',
      name: 'credits_by_person',
      inputColumns: dataset.columns.map((column) => ({ name: column.name, type: column.type })),
    });
    expect(props.logicalTableMap.dataset).toEqual({ alias: 'credits_by_person', source: { physicalTableId: 'view' } });
    expect(props.permissions).toEqual([{ principal: source.principalArns[0], actions: DATASET_OWNER_ACTIONS }]);
    expect(props.ingestionWaitPolicy).toEqual({ waitForSpiceIngestion: false });
  });

  it('configures an incremental refresh with the look-back window on the day column of the daily datasets only', () => {
    // Prepare
    const byKey = (key: string) => DASHBOARD.datasets.find((candidate) => candidate.key === key)!;

    // Act
    const daily = JSON.parse(JSON.stringify(datasetProperties(byKey('credits_by_person'), { ...source, refreshLookbackDays: 10 })));
    const summary = JSON.parse(JSON.stringify(datasetProperties(byKey('user_summary'), source)));

    // Assess: CloudFormation's AWS::QuickSight::DataSet DataSetRefreshProperties
    expect(daily.dataSetRefreshProperties).toEqual({
      refreshConfiguration: { incrementalRefresh: { lookbackWindow: { columnName: 'report_date', size: 10, sizeUnit: 'DAY' } } },
    });
    expect(summary.dataSetRefreshProperties).toBeUndefined();
    for (const dataset of DASHBOARD.datasets.filter((candidate) => candidate.incrementalRefresh !== undefined)) {
      // The look-back column is a day the dataset imports.
      expect(dataset.columns).toContainEqual({ name: dataset.incrementalRefresh!.column, type: 'DATETIME' });
    }
  });

  it('adds each sum column as a calculated column {a} + {b}', () => {
    // Prepare
    const dataset = DASHBOARD.datasets.find((candidate) => candidate.key === 'activity_by_person')!;

    // Act
    const props = JSON.parse(JSON.stringify(datasetProperties(dataset, source)));

    // Assess
    expect(props.logicalTableMap.dataset.dataTransforms).toEqual([
      { createColumnsOperation: { columns: [{ columnId: 'ai-code-lines', columnName: 'ai_code_lines', expression: '{chat_aicodelines} + {inline_aicodelines}' }] } },
    ]);
  });
});

describe('datasets with the team of each person', () => {
  const source = { dataSourceArn: 'arn:aws:quicksight:eu-west-1:123456789012:datasource/kiro-athena', database: 'kiro_activity', idPrefix: 'kiro', principalArns: ['arn:aws:quicksight:us-east-1:123456789012:user/default/ana'], refreshLookbackDays: 7 };
  /** A dataset's properties as CloudFormation passes them on (PascalCase), from a synthesized CfnDataSet. */
  function cloudFormationDataset(dataset: DatasetSpec): Json {
    const stack = new Stack(new App(), 'Dataset');
    new CfnDataSet(stack, 'Dataset', { awsAccountId: '123456789012', ...datasetProperties(dataset, source) });
    return Template.fromStack(stack).toJSON().Resources.Dataset.Properties;
  }
  /** The members CreateDataSet takes that the stack's datasets set, checked against QuickSight's API model. */
  function problemsOf(dataset: DatasetSpec) {
    const { AwsAccountId, DataSetId, Name, ImportMode, PhysicalTableMap, LogicalTableMap, Permissions } = cloudFormationDataset(dataset);
    const request = { AwsAccountId, DataSetId, Name, ImportMode, PhysicalTableMap, LogicalTableMap, Permissions };
    return checkRequest(request, serviceModel('quicksight').operation('CreateDataSet')!.input, 'DataSet', { dynamicKeys: false, naming: 'pascal' });
  }

  it('ends every dataset in one logical table; a join names tables of the map and columns of its sides, and keeps the view columns, the sums and team', () => {
    for (const dataset of DASHBOARD.datasets) {
      // Act
      const { physicalTableMap, logicalTableMap } = JSON.parse(JSON.stringify(datasetProperties(dataset, source)));

      // Assess: the columns each logical table gives, after its renames and projection
      const columnsOf = (id: string): string[] => {
        const table = logicalTableMap[id];
        const join = table.source.joinInstruction;
        let columns: string[] = join
          ? [...columnsOf(join.leftOperand), ...columnsOf(join.rightOperand)]
          : physicalTableMap[table.source.physicalTableId].relationalTable.inputColumns.map((column: Json) => column.name);
        for (const transform of table.dataTransforms ?? []) {
          if (transform.renameColumnOperation) {
            expect(columns).toContain(transform.renameColumnOperation.columnName);
            columns = columns.map((name) => (name === transform.renameColumnOperation.columnName ? transform.renameColumnOperation.newColumnName : name));
          }
          if (transform.createColumnsOperation) columns = [...columns, ...transform.createColumnsOperation.columns.map((column: Json) => column.columnName)];
          if (transform.projectOperation) {
            for (const name of transform.projectOperation.projectedColumns) expect(columns).toContain(name);
            columns = transform.projectOperation.projectedColumns;
          }
        }
        if (join) {
          const [left, right] = [...join.onClause.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
          expect(columnsOf(join.leftOperand)).toContain(left);
          expect(columnsOf(join.rightOperand)).toContain(right);
          expect(columnsOf(join.leftOperand).filter((name) => columnsOf(join.rightOperand).includes(name))).toEqual([]);
        }
        return columns;
      };
      const operands = Object.values(logicalTableMap).flatMap((table: Json) => (table.source.joinInstruction ? [table.source.joinInstruction.leftOperand, table.source.joinInstruction.rightOperand] : []));
      for (const operand of operands) expect(Object.keys(logicalTableMap)).toContain(operand);
      expect(Object.keys(logicalTableMap).filter((id) => !operands.includes(id))).toEqual(['dataset']);
      const imported = [...dataset.columns.map((column) => column.name), ...(dataset.sumColumns ?? []).map((column) => column.name), ...(dataset.teamOfPerson ? ['team'] : [])];
      expect(columnsOf('dataset')).toEqual(imported);
    }
  });

  it('refuses a dataset with the team of each person and an incremental refresh', () => {
    // Prepare
    const dataset = { ...DASHBOARD.datasets.find((candidate) => candidate.key === 'inactive_users')!, incrementalRefresh: { column: 'last_seen' } };

    // Act, Assess
    expect(() => datasetProperties(dataset, source)).toThrow('dataset inactive_users: teamOfPerson and incrementalRefresh do not go together');
  });

  it("sets only members QuickSight's API model has for every dataset, joined or not", () => {
    // Act
    const problems = DASHBOARD.datasets.flatMap((dataset) => problemsOf(dataset).map((problem) => `${dataset.key}: ${problem.at}: ${problem.message}`));

    // Assess
    expect(DASHBOARD.datasets.filter((dataset) => dataset.teamOfPerson).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('reports a join type the model does not list, so the check can fail', () => {
    // Prepare
    const dataset = DASHBOARD.datasets.find((candidate) => candidate.key === 'inactive_users')!;
    const props = cloudFormationDataset(dataset);
    props.LogicalTableMap.dataset.Source.JoinInstruction.Type = 'LEFT_OUTER';
    props.LogicalTableMap.team.DataTransforms[0].RenameColumnOperation.NewName = 'x';

    // Act
    const { LogicalTableMap } = props;
    const problems = checkRequest({ LogicalTableMap }, serviceModel('quicksight').structure('CreateDataSetRequest')!, 'DataSet', { dynamicKeys: false, naming: 'pascal' });

    // Assess
    expect(problems.map((problem) => problem.kind).sort()).toEqual(expect.arrayContaining(['enum', 'parameter']));
  });

  it('lets the People sheet team filter narrow its tables and its pie of people, not the pivot over a dataset without teams', () => {
    // Act
    const people = DASHBOARD.sheets.find((sheet) => sheet.id === 'people')!;
    const narrowed = filteredVisuals(DASHBOARD, people, people.filters![0]!).map((visual) => visual.id);

    // Assess
    expect(narrowed).toEqual(people.visuals.filter((visual) => visual.kind === 'table' || visual.kind === 'pie').map((visual) => visual.id));
    expect(narrowed).toContain('people-usage-categories');
    expect(narrowed).not.toContain('people-credits-per-day');
  });

  it('lets a filter narrow a line chart only when its lines are the column and its dataset imports it', () => {
    // Prepare: the Teams sheet's cost line, once over a copy of its dataset without the team column.
    const teams = DASHBOARD.sheets.find((sheet) => sheet.id === 'teams')!;
    const line = teams.visuals.find((visual) => visual.kind === 'line' && visual.seriesBy?.field === 'team')!;
    const dataset = DASHBOARD.datasets.find((candidate) => candidate.key === line.dataset)!;
    const teamless: DashboardSpec = {
      ...DASHBOARD,
      datasets: DASHBOARD.datasets.map((candidate) => (candidate === dataset ? { ...candidate, columns: candidate.columns.filter((column) => column.name !== 'team') } : candidate)),
    };

    // Act
    const narrowed = filteredVisuals(DASHBOARD, teams, teams.filters![0]!).map((visual) => visual.id);
    const teamlessNarrowed = filteredVisuals(teamless, teams, teams.filters![0]!).map((visual) => visual.id);

    // Assess
    expect(narrowed).toContain(line.id);
    expect(teamlessNarrowed).not.toContain(line.id);
  });
});

describe('refreshedDatasetIds', () => {
  const config = (quicksight: unknown, quicksightDatasetIds: string[]) =>
    validateConfig(
      { report: { bucket: 'acme-kiro-reports', prefix: 'kiro' }, identityStoreId: 'd-1234567890', alertEmails: ['ops@example.com'], quicksight, quicksightDatasetIds },
      'test.json',
    );
  const principalArns = ['arn:aws:quicksight:us-east-1:123456789012:user/default/ana'];

  it('refreshes only the configured ids when QuickSight is off', () => {
    // Act
    const ids = refreshedDatasetIds(config({ enabled: false, principalArns }, ['legacy']));

    // Assess
    expect(ids).toEqual(['legacy']);
  });

  it('refreshes every deployed dataset, then the extra ids, each once', () => {
    // Act
    const ids = refreshedDatasetIds(config({ enabled: true, principalArns, datasetIdPrefix: 'kiro' }, ['legacy', 'kiro-user-summary']));

    // Assess
    expect(ids).toEqual([...DASHBOARD.datasets.map((dataset) => dashboardDatasetId('kiro', dataset)), 'legacy']);
    expect(ids).toContain('kiro-tier-recommendation');
  });

  it('refreshes incrementally the deployed daily datasets only, none when QuickSight is off', () => {
    // Act
    const on = incrementalDatasetIds(config({ enabled: true, principalArns, datasetIdPrefix: 'kiro' }, ['legacy']));
    const off = incrementalDatasetIds(config({ enabled: false, principalArns }, ['legacy']));

    // Assess
    expect(on).toEqual(['kiro-credits-by-person', 'kiro-activity-by-person', 'kiro-model-messages-daily']);
    expect(off).toEqual([]);
  });
});
