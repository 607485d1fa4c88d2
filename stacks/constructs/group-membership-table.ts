/**
 * The `group_membership` table over the JSON lines read-groups writes (one snapshot of the
 * configured Identity Center groups per run, gzipped: for text and JSON tables Athena takes the
 * compression from the object's name, so `.json.gz` snapshots and the plain `.json` ones of
 * earlier versions read alike, billed by their stored bytes). Like `user_mapping`: partition
 * projection on `read_date`, so a new day is visible without a crawler, and the OpenX JSON
 * SerDe's `ignore.malformed.json`, so one damaged line cannot fail every view that names a team
 * (it reads as a row without a snapshot, which the views leave out).
 */
import { Aws } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { GROUP_MEMBERSHIP_COLUMNS, GROUP_MEMBERSHIP_PREFIX, GROUP_MEMBERSHIP_TABLE } from '../../handlers/shared/report-format.js';

/** Props of {@link GroupMembershipTable}. */
export interface GroupMembershipTableProps {
  databaseName: string;
  bucket: IBucket;
}

/** The Glue table; created after the database it lives in. */
export class GroupMembershipTable extends Construct {
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: GroupMembershipTableProps) {
    super(scope, id);
    const location = props.bucket.s3UrlForObject(GROUP_MEMBERSHIP_PREFIX);
    this.table = new CfnTable(this, 'Table', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: GROUP_MEMBERSHIP_TABLE,
        description: 'Members of the configured Identity Center groups (teams, licensed seats), one snapshot per run',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.read_date.type': 'date',
          'projection.read_date.format': 'yyyy-MM-dd',
          'projection.read_date.range': '2026-01-01,NOW',
          'projection.read_date.interval': '1',
          'projection.read_date.interval.unit': 'DAYS',
          'storage.location.template': `${location}read_date=\${read_date}/`,
        },
        partitionKeys: [{ name: 'read_date', type: 'string' }],
        storageDescriptor: {
          location,
          columns: GROUP_MEMBERSHIP_COLUMNS.map((name) => ({ name, type: 'string' })),
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
