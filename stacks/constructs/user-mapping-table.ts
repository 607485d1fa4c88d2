/**
 * The `user_mapping` table over the JSON lines resolve-users writes. Partition projection on
 * `resolved_date` makes new partitions visible without a crawler or MSCK REPAIR, and reads only
 * folders whose name is a day of its range: a misnamed folder is never read.
 *
 * One damaged line must not fail every query of every view that names people (and with them the
 * whole run): the OpenX JSON SerDe's `ignore.malformed.json` reads such a line as a row without
 * a userid instead of failing. user_directory leaves those rows out, so the ids on them have no
 * directory entry and FindUsersToResolve looks them up again; CheckData names the object.
 */
import { Aws } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { USER_MAPPING_COLUMNS, USER_MAPPING_TABLE } from '../../handlers/shared/report-format.js';
import { MAPPING_PREFIX } from '../../handlers/shared/build-settings.js';

/** Props of {@link UserMappingTable}. */
export interface UserMappingTableProps {
  databaseName: string;
  bucket: IBucket;
}

/** The Glue table; created after the database it lives in. */
export class UserMappingTable extends Construct {
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: UserMappingTableProps) {
    super(scope, id);
    const location = props.bucket.s3UrlForObject(MAPPING_PREFIX);
    this.table = new CfnTable(this, 'Table', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: USER_MAPPING_TABLE,
        description: 'Identity Center names of report user ids, one JSON line per lookup',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.resolved_date.type': 'date',
          'projection.resolved_date.format': 'yyyy-MM-dd',
          'projection.resolved_date.range': '2026-01-01,NOW',
          'projection.resolved_date.interval': '1',
          'projection.resolved_date.interval.unit': 'DAYS',
          'storage.location.template': `${location}resolved_date=\${resolved_date}/`,
        },
        partitionKeys: [{ name: 'resolved_date', type: 'string' }],
        storageDescriptor: {
          location,
          columns: USER_MAPPING_COLUMNS.map((name) => ({ name, type: 'string' })),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            parameters: { 'ignore.malformed.json': 'true' },
          },
        },
      },
    });
  }
}
