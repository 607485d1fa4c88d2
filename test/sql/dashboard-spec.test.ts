import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { DASHBOARD, datasetByKey, type DashboardSpec } from '../../sql/dashboard-spec.js';
import { specProblems, type ViewColumns } from './dashboard-spec-check.js';
import { createFixtureAthena } from './fixture-engine.js';

let athena: LocalAthena;
let views: ViewColumns;

beforeAll(async () => {
  athena = await createFixtureAthena();
  views = {};
  for (const view of await athena.listViews()) {
    const columns = await athena.run(`DESCRIBE SELECT * FROM ${view}`);
    views[view] = Object.fromEntries(columns.map((column) => [String(column.column_name), String(column.column_type)]));
  }
});

afterAll(() => athena.close());

describe('the dashboard spec against the views DuckDB really creates', () => {
  it('finds every dataset column in its view with a compatible type, and every visual field in its dataset', () => {
    // Act
    const problems = specProblems(DASHBOARD, views);

    // Assess
    expect(problems).toEqual([]);
  });

  it('has the four sheets of the issue, each with visuals', () => {
    // Assess
    expect(DASHBOARD.sheets.map((sheet) => sheet.title)).toEqual(['Overview', 'Behaviour', 'Cost', 'People']);
    expect(DASHBOARD.sheets.every((sheet) => sheet.visuals.length > 0)).toBe(true);
  });

  it('reports a column the view lacks, a type the view cannot give, and a visual reading a missing field', () => {
    // Prepare: three mistakes made on purpose.
    const credits = datasetByKey(DASHBOARD, 'credits_by_person');
    const broken: DashboardSpec = {
      ...DASHBOARD,
      datasets: [
        {
          ...credits,
          columns: [
            ...credits.columns.filter((column) => column.name !== 'display_name'),
            { name: 'display_name', type: 'INTEGER' },
            { name: 'no_such_column', type: 'STRING' },
          ],
        },
      ],
      sheets: [
        {
          id: 'overview',
          title: 'Overview',
          visuals: [{ kind: 'kpi', id: 'k', title: 'K', dataset: 'credits_by_person', measure: { label: 'X', field: 'missing_field', aggregation: 'SUM', format: 'number' } }],
        },
      ],
    };

    // Act
    const problems = specProblems(broken, views);

    // Assess
    expect(problems).toEqual([
      'dataset credits_by_person: column display_name is VARCHAR in the view, not INTEGER',
      'dataset credits_by_person: column no_such_column is not in view credits_by_person',
      'sheet overview, visual k: field missing_field is not in dataset credits_by_person',
    ]);
  });

  it('refuses to sum a text column', () => {
    // Prepare
    const spec: DashboardSpec = {
      ...DASHBOARD,
      sheets: [
        {
          id: 'people',
          title: 'People',
          visuals: [{ kind: 'kpi', id: 'k', title: 'K', dataset: 'user_summary', measure: { label: 'Tiers', field: 'latest_tier', aggregation: 'SUM', format: 'number' } }],
        },
      ],
    };

    // Act + Assess
    expect(specProblems(spec, views)).toEqual(['sheet people, visual k: Tiers aggregates latest_tier, which is not numeric']);
  });
});
