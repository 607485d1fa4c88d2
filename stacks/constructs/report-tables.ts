/**
 * The two raw report tables, defined by the stack instead of left to the first crawl (issue 10):
 * their names, columns and partitions are known at deploy time, so the views (and the QuickSight
 * datasets over them) can be created in the same deploy, and a crawler with a catalog target
 * can only add partitions and merge new columns into them, never make a table of its own.
 *
 * Columns are the fixed, position-safe ones of `handlers/shared/report-format.ts` (a CSV SerDe
 * reads by position, so only those are listed); the partitions are the `partition_0..4` a crawl
 * from the report prefix makes of `<region>/<yyyy>/<mm>/<dd>/00/`. Storage, SerDe and table
 * properties are what a crawler writes for CSV with the stack's OpenCSVSerDe classifier.
 */
import { Aws } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import {
  BY_USER_ANALYTIC_COLUMNS,
  BY_USER_ANALYTIC_TABLE,
  PARTITION_COLUMNS,
  USER_REPORT_FIXED_COLUMNS,
  USER_REPORT_TABLE,
  type ReportPrefix,
  type ReportTable,
} from '../../handlers/shared/report-format.js';

/** The columns each report table is defined with, in file order, as the crawler names them. */
export const REPORT_TABLE_COLUMNS: Readonly<Record<ReportTable, readonly string[]>> = {
  [USER_REPORT_TABLE]: USER_REPORT_FIXED_COLUMNS,
  [BY_USER_ANALYTIC_TABLE]: BY_USER_ANALYTIC_COLUMNS,
};

/** The SerDe of the stack's CSV classifier (`Serde: OpenCSVSerDe`): quoted values lose their quotes. */
export const OPEN_CSV_SERDE = {
  serializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  parameters: { separatorChar: ',', quoteChar: '"' },
} as const;

/** Table properties a crawl of these CSV files writes; Athena skips the header line by `skip.header.line.count`. */
export const CSV_TABLE_PARAMETERS = {
  classification: 'csv',
  delimiter: ',',
  'skip.header.line.count': '1',
  columnsOrdered: 'true',
  compressionType: 'none',
  typeOfData: 'file',
} as const;

const DESCRIPTIONS: Record<ReportTable, string> = {
  [USER_REPORT_TABLE]: 'Kiro user_report files (credits per user, client type and day): the fixed leading columns; partitions and new columns by the crawler',
  [BY_USER_ANALYTIC_TABLE]: 'Kiro by_user_analytic files (activity metrics per user and day); partitions by the crawler',
};

/** Props of {@link ReportTables}. */
export interface ReportTablesProps {
  databaseName: string;
  reportBucketName: string;
  /** `[user_report, by_user_analytic]` prefixes of the report bucket: each table's location. */
  reportPrefixes: readonly ReportPrefix[];
}

/** The Glue tables of the report prefixes; created after the database they live in. */
export class ReportTables extends Construct {
  /** The tables, in the order of the report prefixes. */
  readonly tables: CfnTable[];

  constructor(scope: Construct, id: string, props: ReportTablesProps) {
    super(scope, id);
    this.tables = props.reportPrefixes.map(
      (prefix) =>
        new CfnTable(this, prefix.table, {
          catalogId: Aws.ACCOUNT_ID,
          databaseName: props.databaseName,
          tableInput: {
            name: prefix.table,
            description: DESCRIPTIONS[prefix.table],
            tableType: 'EXTERNAL_TABLE',
            parameters: { ...CSV_TABLE_PARAMETERS },
            partitionKeys: PARTITION_COLUMNS.map((name) => ({ name, type: 'string' })),
            storageDescriptor: {
              location: `s3://${props.reportBucketName}/${prefix.keyPrefix}`,
              columns: REPORT_TABLE_COLUMNS[prefix.table].map((name) => ({ name, type: 'string' })),
              inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
              outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
              serdeInfo: { serializationLibrary: OPEN_CSV_SERDE.serializationLibrary, parameters: { ...OPEN_CSV_SERDE.parameters } },
            },
          },
        }),
    );
  }
}
