/**
 * One deploy from zero with QuickSight and Lake Formation on (issue 10): nothing in the template
 * waits for a pipeline run. The report tables are the stack's own and the crawlers only keep them;
 * the views resource creates the views after the tables, the workgroup and its Lake Formation
 * grants; every QuickSight dataset is created after it and reads only views it creates.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { REPORT_TABLES, USER_MAPPING_TABLE, CANONICAL_TABLES } from '../../handlers/shared/report-format.js';
import { viewNames } from '../../handlers/render-views/view-names.js';
import { VIEWS_RESOURCE_TYPE, viewsPlanHash } from '../../stacks/constructs/deployed-views.js';
import { PROJECT_ROOT } from '../../stacks/constructs/pipeline-function.js';
import { buildStack, exampleConfig } from './stack-fixture.js';
import { idsOfType, missingOrder, type TemplateJson } from './template-graph.js';
import { testSettings } from '../unit/support/settings.js';

/** Plain template JSON. */
type Json = any;

function everythingOn(): PipelineConfig {
  const base = exampleConfig();
  return { ...base, quicksight: { ...base.quicksight, enabled: true }, lakeFormation: { ...base.lakeFormation, enabled: true } };
}

/** The logical id of the Glue table named `name`. */
function tableId(template: TemplateJson, name: string): string {
  const id = idsOfType(template, 'AWS::Glue::Table').find((tableIdCandidate) => template.Resources[tableIdCandidate].Properties.TableInput.Name === name);
  if (id === undefined) throw new Error(`no table ${name}`);
  return id;
}

/** The policy statements of the role whose logical id starts with `rolePrefix`. */
function roleStatements(template: TemplateJson, rolePrefix: string): Json[] {
  return Object.values(template.Resources)
    .filter((resource: Json) => resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy')
    .filter((policy: Json) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${rolePrefix}`))
    .flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement);
}

describe('one deploy from zero, QuickSight and Lake Formation on', () => {
  let template: TemplateJson;
  let viewsId: string;

  beforeAll(() => {
    template = buildStack(everythingOn()).template.toJSON() as TemplateJson;
    const ids = idsOfType(template, VIEWS_RESOURCE_TYPE);
    expect(ids).toHaveLength(1);
    viewsId = ids[0]!;
  }, 120_000);

  it('creates every QuickSight dataset (and the data source) after the views resource', () => {
    // Prepare
    const datasets = idsOfType(template, 'AWS::QuickSight::DataSet');

    // Act
    const problems = missingOrder(template, [...datasets, ...idsOfType(template, 'AWS::QuickSight::DataSource')], viewsId);

    // Assess
    expect(datasets.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('reports a dataset that could be created before the views (planted: the dependency dropped)', () => {
    // Prepare: the datasets wait for the views only through their own DependsOn and the data source's.
    const doctored = structuredClone(template);
    const [first, ...others] = idsOfType(doctored, 'AWS::QuickSight::DataSet');
    const withoutViews = (id: string): void => {
      const resource = doctored.Resources[id];
      resource.DependsOn = [resource.DependsOn ?? []].flat().filter((dependency: string) => dependency !== viewsId);
    };
    withoutViews(first!);
    for (const source of idsOfType(doctored, 'AWS::QuickSight::DataSource')) withoutViews(source);

    // Act
    const problems = missingOrder(doctored, [first!, ...others], viewsId);

    // Assess
    expect(problems).toEqual([`${first} (AWS::QuickSight::DataSet) does not depend on ${viewsId} (${VIEWS_RESOURCE_TYPE})`]);
  });

  it('creates the views after the raw report tables, the tables they read, the workgroup and every Lake Formation grant', () => {
    // Prepare
    const prerequisites = [
      ...[...REPORT_TABLES, USER_MAPPING_TABLE, ...CANONICAL_TABLES].map((name) => tableId(template, name)),
      ...idsOfType(template, 'AWS::Athena::WorkGroup'),
      ...idsOfType(template, 'AWS::Glue::Database'),
      ...idsOfType(template, 'AWS::LakeFormation::PrincipalPermissions'),
    ];

    // Act
    const problems = prerequisites.flatMap((prerequisite) => missingOrder(template, [viewsId], prerequisite));

    // Assess
    expect(prerequisites.filter((id) => template.Resources[id].Type === 'AWS::LakeFormation::PrincipalPermissions').length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('reports views that could be created before a raw table (planted: the views resource waits for nothing)', () => {
    // Prepare: the table is reached through the crawlers and the other tables too, so all of it goes.
    const doctored = structuredClone(template);
    const userReport = tableId(doctored, 'user_report');
    delete doctored.Resources[viewsId].DependsOn;

    // Act
    const problems = missingOrder(doctored, [viewsId], userReport);

    // Assess
    expect(problems).toEqual([`${viewsId} (${VIEWS_RESOURCE_TYPE}) does not depend on ${userReport} (AWS::Glue::Table)`]);
  });

  it('grants Lake Formation to the views Lambda as to CreateViews', () => {
    // Act
    const grants = idsOfType(template, 'AWS::LakeFormation::PrincipalPermissions')
      .map((id) => template.Resources[id].Properties)
      .filter((props) => JSON.stringify(props.Principal).includes('"ViewsFunctionRole'));

    // Assess
    expect(grants.map((props) => props.Permissions)).toEqual([
      ['DESCRIBE', 'CREATE_TABLE'],
      ['DESCRIBE', 'SELECT', 'ALTER', 'DROP'],
    ]);
  });

  it('gives every dataset a view the views resource creates: none needs a prior run', () => {
    // Prepare
    const planned = new Set(viewNames(`${PROJECT_ROOT}sql`));

    // Act
    const read = idsOfType(template, 'AWS::QuickSight::DataSet').flatMap((id) =>
      Object.values(template.Resources[id].Properties.PhysicalTableMap as Record<string, Json>).map((table) => table.RelationalTable.Name as string),
    );

    // Assess
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((name) => !planned.has(name))).toEqual([]);
  });

  it('crawls through catalog targets on exactly the stack’s report tables, each crawler after its table', () => {
    // Prepare
    const crawlers = idsOfType(template, 'AWS::Glue::Crawler').map((id) => [id, template.Resources[id].Properties] as const);
    const database = template.Resources[idsOfType(template, 'AWS::Glue::Database')[0]!].Properties.DatabaseInput.Name;

    // Act
    const targets = crawlers.flatMap(([, props]) => props.Targets.CatalogTargets as Json[]);

    // Assess
    expect(crawlers.map(([, props]) => Object.keys(props.Targets))).toEqual([['CatalogTargets'], ['CatalogTargets']]);
    expect(targets.map((target) => [target.DatabaseName, target.Tables])).toEqual([
      [database, ['user_report']],
      [database, ['by_user_analytic']],
    ]);
    for (const [id, props] of crawlers) {
      // With catalog targets Glue accepts only LOG as delete behaviour.
      expect(props.SchemaChangePolicy.DeleteBehavior).toBe('LOG');
      expect(missingOrder(template, [id], tableId(template, props.Targets.CatalogTargets[0].Tables[0]))).toEqual([]);
    }
  });

  it('lets the views Lambda create and replace only the views, and read no report data', () => {
    // Prepare
    const views = viewNames(`${PROJECT_ROOT}sql`);

    // Act
    const statements = roleStatements(template, 'ViewsFunctionRole');
    const ddl = statements.find((statement) => [statement.Action].flat().includes('glue:CreateTable'));

    // Assess
    const tables = (JSON.stringify(ddl?.Resource).match(/table\/kiro_activity\/\w+/g) ?? []).map((arn) => arn.replace('table/kiro_activity/', ''));
    expect(tables.sort()).toEqual([...views].sort());
    expect(JSON.stringify(statements)).not.toContain('example-kiro-reports');
  });

  it('runs the plan again when the SQL or the rendered settings change: their hash is a property', () => {
    // Assess
    expect(template.Resources[viewsId].Properties).toMatchObject({ Database: 'kiro_activity', WorkGroup: 'KiroActivityPipeline', ViewsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('viewsPlanHash', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'views-hash-'));
    writeFileSync(join(dir, '01_credits_daily.sql'), 'CREATE OR REPLACE VIEW credits_daily AS SELECT 1');
    writeFileSync(join(dir, 'README.md'), 'not a view');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('changes with a view file or a rendered price, and with nothing else', () => {
    // Prepare
    const settings = testSettings();
    const before = viewsPlanHash(dir, settings);

    // Act
    const same = viewsPlanHash(dir, testSettings());
    const pricier = viewsPlanHash(dir, { ...settings, pricing: { ...settings.pricing, overagePricePerCredit: 0.05 } });
    writeFileSync(join(dir, 'README.md'), 'still not a view');
    const otherReadme = viewsPlanHash(dir, settings);
    writeFileSync(join(dir, '01_credits_daily.sql'), 'CREATE OR REPLACE VIEW credits_daily AS SELECT 2');
    const otherSql = viewsPlanHash(dir, settings);

    // Assess
    expect(same).toBe(before);
    expect(otherReadme).toBe(before);
    expect(pricier).not.toBe(before);
    expect(otherSql).not.toBe(before);
  });
});
