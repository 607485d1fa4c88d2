/** The canonical tables of issue 11 and the grants of the normalise steps. */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL_COLUMNS, CANONICAL_TABLES, FIRST_REPORT_DAY } from '../../handlers/shared/report-format.js';
import { buildStack } from './stack-fixture.js';

type Json = any;

const USER_REPORT_PREFIX = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/';
const ANALYTIC_PREFIX = 'kiro/AWSLogs/111122223333/KiroLogs/by_user_analytic/';

/** Every statement of the policies attached to the role whose logical id starts with `rolePrefix`. */
function roleStatements(template: Template, rolePrefix: string): Json[] {
  const policies = [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))] as Json[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${rolePrefix}`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** `[action, resource text]` of each statement, resources flattened to text. */
function grants(statements: Json[]): Array<[string, string]> {
  return statements.flatMap((statement) =>
    [statement.Action].flat().map((action: string) => [action, JSON.stringify([statement.Resource, statement.Condition ?? null])] as [string, string]),
  );
}

describe('canonical tables', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = buildStack());
  });

  it('registers each canonical table as Parquet with report_date partition projection and typed columns', () => {
    const tables = Object.values(template.findResources('AWS::Glue::Table'))
      .map((table) => (table as Json).Properties.TableInput)
      .filter((input) => (CANONICAL_TABLES as readonly string[]).includes(input.Name));
    expect(tables.map((input) => input.Name).sort()).toEqual([...CANONICAL_TABLES].sort());
    for (const input of tables) {
      expect(input.PartitionKeys).toEqual([{ Name: 'report_date', Type: 'string' }]);
      expect(input.StorageDescriptor.Columns).toEqual(
        CANONICAL_COLUMNS[input.Name as (typeof CANONICAL_TABLES)[number]].map((column) => ({ Name: column.name, Type: column.type })),
      );
      expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
      expect(input.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
      expect(input.StorageDescriptor.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
      expect(input.Parameters.classification).toBe('parquet');
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.report_date.type': 'date',
        'projection.report_date.format': 'yyyy-MM-dd',
        'projection.report_date.range': '2024-01-01,NOW+1DAYS',
      });
      expect(input.Parameters['storage.location.template']['Fn::Join'][1].at(-1)).toBe(`/canonical/${input.Name}/report_date=\${report_date}/`);
    }
  });

  it('writes a projection range Athena parses: a yyyy-MM-dd day or a relative NOW, both ends, the first day the normaliser keeps', () => {
    // The relative form as Athena's partition projection documents it (Supported types: Date type).
    const relative = /^\s*NOW\s*(([+-])\s*([0-9]+)\s*(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?)\s*)?$/;
    const ranges = Object.values(template.findResources('AWS::Glue::Table'))
      .map((table) => (table as Json).Properties.TableInput)
      .filter((input) => (CANONICAL_TABLES as readonly string[]).includes(input.Name))
      .map((input) => input.Parameters['projection.report_date.range'] as string);
    expect(ranges).toHaveLength(CANONICAL_TABLES.length);
    for (const range of ranges) {
      const ends = range.split(',');
      expect(ends).toHaveLength(2);
      for (const end of ends) expect(/^\d{4}-\d{2}-\d{2}$/.test(end) || relative.test(end)).toBe(true);
      expect(ends[0]).toBe(FIRST_REPORT_DAY);
    }
  });

  it('lets plan-normalise list both report prefixes, read the manifests and write batch files only', () => {
    const statements = grants(roleStatements(template, 'FunctionsPlanNormalise'));
    const puts = statements.filter(([action]) => action === 's3:PutObject').map(([, resource]) => resource);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toContain('/work/*');
    const lists = statements.filter(([action]) => action === 's3:ListBucket').map(([, resource]) => resource);
    for (const prefix of [USER_REPORT_PREFIX, ANALYTIC_PREFIX]) {
      expect(lists.some((resource) => resource.includes('example-kiro-reports') && resource.includes(`${prefix}*`))).toBe(true);
    }
    expect(statements.some(([action, resource]) => action === 's3:GetObject' && resource.includes('canonical/*'))).toBe(true);
    expect(statements.some(([action]) => action.startsWith('athena:'))).toBe(false);
  });

  it('lets normalise-reports read the report files and batch files and write the canonical prefix only', () => {
    const statements = grants(roleStatements(template, 'FunctionsNormaliseReports'));
    const puts = statements.filter(([action]) => action === 's3:PutObject').map(([, resource]) => resource);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toContain('/canonical/*');
    for (const prefix of [USER_REPORT_PREFIX, ANALYTIC_PREFIX]) {
      expect(statements.some(([action, resource]) => action === 's3:GetObject' && resource.includes(`${prefix}*`))).toBe(true);
    }
    expect(statements.some(([action, resource]) => action === 's3:GetObject' && resource.includes('/work/*'))).toBe(true);
    expect(statements.some(([action]) => action.startsWith('athena:') || action.startsWith('glue:'))).toBe(false);
  });

  it('lets the querying functions read the canonical prefix the views read', () => {
    const statements = grants(roleStatements(template, 'FunctionsCheckData'));
    expect(statements.some(([action, resource]) => action === 's3:GetObject' && resource.includes('canonical/*'))).toBe(true);
  });
});
