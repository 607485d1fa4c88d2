/**
 * The spec's SPICE datasets as QuickSight CloudFormation properties. Pure: the same spec, config and names give the same properties.
 */
import type { CfnDataSetProps } from 'aws-cdk-lib/aws-quicksight';
import { dashboardDatasetId, type DatasetSpec } from '../../sql/dashboard-spec.js';

/** What an owner of a dataset may do in QuickSight (the console's "Owner" permission). */
export const DATASET_OWNER_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:UpdateDataSet',
  'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion',
  'quicksight:CancelIngestion',
  'quicksight:UpdateDataSetPermissions',
];

/** Key of the one physical table (the view) in every dataset. */
export const PHYSICAL_TABLE_ID = 'view';
/** Key of the one logical table (the view plus the sum columns) in every dataset. */
export const LOGICAL_TABLE_ID = 'dataset';

/** Where a dataset reads from. */
export interface DatasetSource {
  /** ARN of the Athena data source. */
  dataSourceArn: string;
  /** The Glue database holding the views. */
  database: string;
  /** Asset id prefix (`quicksight.datasetIdPrefix`). */
  idPrefix: string;
  /** QuickSight users and groups given {@link DATASET_OWNER_ACTIONS}. */
  principalArns: readonly string[];
  /** The look-back window of an incremental refresh, in days (`quicksight.refreshLookbackDays`). */
  refreshLookbackDays: number;
}

/**
 * A SPICE dataset over one view: the view as a relational table with the spec's columns and
 * types, each `sumColumns` entry as a calculated column `{a} + {b}`. CloudFormation does not wait
 * for the first ingestion: the daily run's RefreshSpice step loads the data. A dataset with
 * `incrementalRefresh` has SPICE's incremental refresh configured: an INCREMENTAL_REFRESH ingestion
 * imports again the rows whose day column is within the look-back window.
 */
export function datasetProperties(dataset: DatasetSpec, source: DatasetSource): CfnDataSetProps {
  const sumColumns = dataset.sumColumns ?? [];
  return {
    dataSetId: dashboardDatasetId(source.idPrefix, dataset),
    name: dataset.title,
    importMode: 'SPICE',
    physicalTableMap: {
      [PHYSICAL_TABLE_ID]: {
        relationalTable: {
          dataSourceArn: source.dataSourceArn,
          catalog: 'AwsDataCatalog',
          schema: source.database,
          name: dataset.view,
          inputColumns: dataset.columns.map((column) => ({ name: column.name, type: column.type })),
        },
      },
    },
    logicalTableMap: {
      [LOGICAL_TABLE_ID]: {
        alias: dataset.view,
        source: { physicalTableId: PHYSICAL_TABLE_ID },
        ...(sumColumns.length === 0
          ? {}
          : {
              dataTransforms: [
                {
                  createColumnsOperation: {
                    columns: sumColumns.map((column) => ({
                      columnId: column.name.replaceAll('_', '-'),
                      columnName: column.name,
                      expression: column.sumOf.map((term) => `{${term}}`).join(' + '),
                    })),
                  },
                },
              ],
            }),
      },
    },
    ...(dataset.incrementalRefresh === undefined
      ? {}
      : {
          dataSetRefreshProperties: {
            refreshConfiguration: {
              incrementalRefresh: {
                lookbackWindow: { columnName: dataset.incrementalRefresh.column, size: source.refreshLookbackDays, sizeUnit: 'DAY' },
              },
            },
          },
        }),
    permissions: source.principalArns.map((principal) => ({ principal, actions: [...DATASET_OWNER_ACTIONS] })),
    ingestionWaitPolicy: { waitForSpiceIngestion: false },
  };
}
