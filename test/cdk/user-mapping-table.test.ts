import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { UserMappingTable } from '../../stacks/constructs/user-mapping-table.js';

function tableInput(): any {
  const stack = new Stack(new App(), 'MappingTableTest');
  new UserMappingTable(stack, 'Mapping', { databaseName: 'kiro_activity', bucket: new Bucket(stack, 'Analytics') });
  return (Object.values(Template.fromStack(stack).findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;
}

describe('the user_mapping table', () => {
  it('reads a damaged JSON line as an empty row instead of failing every query (ignore.malformed.json)', () => {
    // Act
    const input = tableInput();

    // Assess
    expect(input.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'ignore.malformed.json': 'true' },
    });
  });

  it('reads only the partitions of the date projection: a folder that is not a day of its range is never read', () => {
    // Act
    const input = tableInput();

    // Assess
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.resolved_date.type': 'date',
      'projection.resolved_date.format': 'yyyy-MM-dd',
    });
    expect(input.Parameters['storage.location.template']['Fn::Join'][1].at(-1)).toBe('/user-mapping/resolved_date=${resolved_date}/');
  });
});
