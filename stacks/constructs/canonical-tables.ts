/**
 * The canonical tables normalise-reports writes (issue 11): user_report and by_user_analytic
 * read by header into our own column order, the long per-model counts and the issue counts, as
 * Parquet files below `canonical/<table>/report_date=YYYY-MM-DD/` (one per table, day and report
 * file). Defined by the stack like `user_mapping`, with partition projection on `report_date`, so
 * a new day is visible without a crawler or MSCK REPAIR, a query bounded on `report_date` reads
 * only those days' folders, Parquet lets it read only the columns it names, and no view depends
 * on a column's position in a vendor file. Parquet columns are read by name.
 */
import { Aws } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  CANONICAL_COLUMNS,
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_PROJECTION_RANGE,
  CANONICAL_TABLES,
  canonicalTablePrefix,
  type CanonicalTable,
} from '../../handlers/shared/report-format.js';

/** Props of {@link CanonicalTables}. */
export interface CanonicalTablesProps {
  databaseName: string;
  bucket: IBucket;
}

const DESCRIPTIONS: Record<CanonicalTable, string> = {
  user_report_rows: 'user_report rows read by header (normalise-reports), Parquet, one row per report row',
  user_report_model_messages: 'Non-zero per-model message counts of user_report rows, Parquet, one row per (row, model)',
  by_user_analytic_rows: 'by_user_analytic rows read by header (normalise-reports), Parquet, one row per report row',
  report_issue_counts: 'Report rows with a data-quality issue, per (report_date, report, source_file, issue)',
};

/** The Glue tables; created after the database they live in. */
export class CanonicalTables extends Construct {
  readonly tables: CfnTable[];

  constructor(scope: Construct, id: string, props: CanonicalTablesProps) {
    super(scope, id);
    this.tables = CANONICAL_TABLES.map((name) => {
      const location = props.bucket.s3UrlForObject(canonicalTablePrefix(name));
      return new CfnTable(this, name, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: props.databaseName,
        tableInput: {
          name,
          description: DESCRIPTIONS[name],
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            classification: 'parquet',
            'projection.enabled': 'true',
            [`projection.${CANONICAL_PARTITION_COLUMN}.type`]: 'date',
            [`projection.${CANONICAL_PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
            [`projection.${CANONICAL_PARTITION_COLUMN}.range`]: CANONICAL_PROJECTION_RANGE,
            [`projection.${CANONICAL_PARTITION_COLUMN}.interval`]: '1',
            [`projection.${CANONICAL_PARTITION_COLUMN}.interval.unit`]: 'DAYS',
            'storage.location.template': `${location}${CANONICAL_PARTITION_COLUMN}=\${${CANONICAL_PARTITION_COLUMN}}/`,
          },
          partitionKeys: [{ name: CANONICAL_PARTITION_COLUMN, type: 'string' }],
          storageDescriptor: {
            location,
            columns: CANONICAL_COLUMNS[name].map((column) => ({ name: column.name, type: column.type })),
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
          },
        },
      });
    });
  }
}
