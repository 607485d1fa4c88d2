/**
 * The spec's SPICE datasets as QuickSight CloudFormation properties. Pure: the same spec, config and names give the same properties.
 */
import type { CfnDataSet, CfnDataSetProps } from 'aws-cdk-lib/aws-quicksight';
import { dashboardDatasetId, PERSON_FIELDS, TEAM_COLUMN, type DatasetSpec } from '../../sql/dashboard-spec.js';

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

/** Key of the physical table (the view) in every dataset, and of its logical table in a join. */
export const PHYSICAL_TABLE_ID = 'view';
/** Key of the logical table every dataset ends in (the view plus the sum columns, and the team of `teamOfPerson`). */
export const LOGICAL_TABLE_ID = 'dataset';
/** Key of the physical and the logical table of `user_directory` in a dataset with `teamOfPerson`. */
export const TEAM_TABLE_ID = 'team';
/** The directory's userid as the join's right side names it. */
const TEAM_JOIN_KEY = 'team_userid';

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
 * types, each `sumColumns` entry as a calculated column `{a} + {b}`. A dataset with
 * `teamOfPerson` also reads `user_directory` (userid, team) as a second table, left-joined on
 * the person (the directory has one row per userid, so the join adds no row), and keeps the
 * view's columns, the sums and `team`. CloudFormation does not wait for the first ingestion: the
 * daily run's RefreshSpice step loads the data. A dataset with `incrementalRefresh` has SPICE's
 * incremental refresh configured: an INCREMENTAL_REFRESH ingestion imports again the rows whose
 * day column is within the look-back window.
 */
export function datasetProperties(dataset: DatasetSpec, source: DatasetSource): CfnDataSetProps {
  if (dataset.teamOfPerson && dataset.incrementalRefresh) {
    // An incremental refresh keeps older rows as imported: their team would stay what it was.
    throw new Error(`dataset ${dataset.key}: teamOfPerson and incrementalRefresh do not go together (older rows would keep an old team)`);
  }
  const sumColumns = dataset.sumColumns ?? [];
  const relationalTable = (name: string, columns: readonly { name: string; type: string }[]): CfnDataSet.PhysicalTableProperty => ({
    relationalTable: { dataSourceArn: source.dataSourceArn, catalog: 'AwsDataCatalog', schema: source.database, name, inputColumns: columns.map(({ name, type }) => ({ name, type })) },
  });
  const sums: CfnDataSet.TransformOperationProperty[] =
    sumColumns.length === 0
      ? []
      : [
          {
            createColumnsOperation: {
              columns: sumColumns.map((column) => ({
                columnId: column.name.replaceAll('_', '-'),
                columnName: column.name,
                expression: column.sumOf.map((term) => `{${term}}`).join(' + '),
              })),
            },
          },
        ];
  const withTransforms = (transforms: CfnDataSet.TransformOperationProperty[]) => (transforms.length === 0 ? {} : { dataTransforms: transforms });
  const tables: Pick<CfnDataSetProps, 'physicalTableMap' | 'logicalTableMap'> = dataset.teamOfPerson
    ? {
        physicalTableMap: {
          [PHYSICAL_TABLE_ID]: relationalTable(dataset.view, dataset.columns),
          [TEAM_TABLE_ID]: relationalTable(TEAM_COLUMN.view, [{ name: PERSON_FIELDS.id, type: 'STRING' }, { name: TEAM_COLUMN.name, type: TEAM_COLUMN.type }]),
        },
        logicalTableMap: {
          [PHYSICAL_TABLE_ID]: { alias: dataset.view, source: { physicalTableId: PHYSICAL_TABLE_ID } },
          // The directory's userid renamed: the columns of a join's two sides must differ.
          [TEAM_TABLE_ID]: {
            alias: TEAM_COLUMN.view,
            source: { physicalTableId: TEAM_TABLE_ID },
            dataTransforms: [{ renameColumnOperation: { columnName: PERSON_FIELDS.id, newColumnName: TEAM_JOIN_KEY } }],
          },
          [LOGICAL_TABLE_ID]: {
            alias: `${dataset.view} with team`,
            source: {
              joinInstruction: {
                leftOperand: PHYSICAL_TABLE_ID,
                rightOperand: TEAM_TABLE_ID,
                type: 'LEFT',
                onClause: `{${PERSON_FIELDS.id}} = {${TEAM_JOIN_KEY}}`,
                rightJoinKeyProperties: { uniqueKey: true },
              },
            },
            ...withTransforms([
              ...sums,
              { projectOperation: { projectedColumns: [...dataset.columns.map((column) => column.name), ...sumColumns.map((column) => column.name), TEAM_COLUMN.name] } },
            ]),
          },
        },
      }
    : {
        physicalTableMap: { [PHYSICAL_TABLE_ID]: relationalTable(dataset.view, dataset.columns) },
        logicalTableMap: { [LOGICAL_TABLE_ID]: { alias: dataset.view, source: { physicalTableId: PHYSICAL_TABLE_ID }, ...withTransforms(sums) } },
      };
  return {
    dataSetId: dashboardDatasetId(source.idPrefix, dataset),
    name: dataset.title,
    importMode: 'SPICE',
    ...tables,
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
