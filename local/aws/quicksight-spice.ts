/**
 * QuickSight SPICE in the local run: an ingestion of a dataset of the dashboard spec writes what
 * SPICE would import, the dataset's columns of its view plus its sum columns (and the team of
 * `teamOfPerson`), to
 * `datasets/<key>.csv` (into a staging folder the run publishes on success).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetByKey, PERSON_FIELDS, TEAM_COLUMN, type DashboardSpec, type DatasetSpec } from '../../sql/dashboard-spec.js';
import type { CreateIngestionResponse, DescribeIngestionResponse } from '@aws-sdk/client-quicksight';
import type { LocalAthena } from './athena/local-athena.js';
import type { SdkResultPart } from './sdk-results.js';
import { sqlIdentifier, sqlString } from '../../handlers/shared/sql-literals.js';

interface IngestionCall {
  DataSetId?: unknown;
  IngestionId?: unknown;
  IngestionType?: unknown;
}

/** The ingestion types of `quicksight:createIngestion` (absent: a full refresh). */
const INGESTION_TYPES: readonly unknown[] = [undefined, 'FULL_REFRESH', 'INCREMENTAL_REFRESH'];

/** Local `quicksight:createIngestion` and `quicksight:describeIngestion` (difference `spice-synchronous`). */
export class LocalSpice {
  constructor(
    private readonly athena: LocalAthena,
    private readonly spec: DashboardSpec,
    private readonly datasetsDir: string,
  ) {}

  /**
   * `quicksight:createIngestion`: exports the dataset from its view; the ingestion is then
   * complete. An INCREMENTAL_REFRESH is refused for a dataset without `incrementalRefresh`, as
   * QuickSight refuses it without refresh properties; otherwise it exports the whole view too:
   * the rows SPICE holds after importing the look-back window again, as long as older days did
   * not change.
   */
  createIngestion = async (input: unknown): Promise<{ IngestionId: string; IngestionStatus: string }> => {
    const { datasetId, ingestionId, ingestionType } = ingestionCall(input);
    const dataset = datasetByKey(this.spec, datasetId);
    if (ingestionType === 'INCREMENTAL_REFRESH' && dataset.incrementalRefresh === undefined) {
      throw new Error(`QuickSight ingestion INCREMENTAL_REFRESH of dataset ${datasetId}, which has no incremental refresh`);
    }
    await mkdir(this.datasetsDir, { recursive: true });
    // Difference views-computed-once: every view is computed once for all the datasets (and views/).
    await this.athena.snapshotViews();
    await this.athena.run(`COPY (${datasetQuery(dataset)}) TO ${sqlString(join(this.datasetsDir, `${dataset.key}.csv`))} (FORMAT csv, HEADER true)`);
    return { IngestionId: ingestionId, IngestionStatus: 'COMPLETED' } satisfies SdkResultPart<CreateIngestionResponse>;
  };

  /** `quicksight:describeIngestion`: always complete, since createIngestion did the work. */
  describeIngestion = async (input: unknown): Promise<{ Ingestion: { IngestionId: string; IngestionStatus: string } }> => {
    const { ingestionId } = ingestionCall(input);
    return { Ingestion: { IngestionId: ingestionId, IngestionStatus: 'COMPLETED' } } satisfies SdkResultPart<DescribeIngestionResponse>;
  };
}

/**
 * The rows SPICE imports for a dataset: its columns, then each sum column, then the team of
 * `teamOfPerson` (a left join on userid, as the dataset's join in QuickSight), sorted by all
 * columns so the same data always gives the same bytes.
 */
export function datasetQuery(dataset: DatasetSpec): string {
  const columns = dataset.columns.map((column) => `v.${sqlIdentifier(column.name)}`);
  // `a + b`, like the QuickSight calculated column: NULL when a part is NULL.
  const sums = (dataset.sumColumns ?? []).map((sum) => `${sum.sumOf.map((term) => `v.${sqlIdentifier(term)}`).join(' + ')} AS ${sqlIdentifier(sum.name)}`);
  const from = `${sqlIdentifier(dataset.view)} AS v`;
  if (!dataset.teamOfPerson) return `SELECT ${[...columns, ...sums].join(', ')} FROM ${from} ORDER BY ALL`;
  const team = `t.${sqlIdentifier(TEAM_COLUMN.name)}`;
  return `SELECT ${[...columns, ...sums, team].join(', ')} FROM ${from} LEFT JOIN ${sqlIdentifier(TEAM_COLUMN.view)} AS t ON t.${sqlIdentifier(PERSON_FIELDS.id)} = v.${sqlIdentifier(PERSON_FIELDS.id)} ORDER BY ALL`;
}

function ingestionCall(input: unknown): { datasetId: string; ingestionId: string; ingestionType: unknown } {
  const { DataSetId, IngestionId, IngestionType } = input as IngestionCall;
  if (typeof DataSetId !== 'string' || typeof IngestionId !== 'string') {
    throw new Error('QuickSight ingestion call without DataSetId and IngestionId');
  }
  if (!INGESTION_TYPES.includes(IngestionType)) throw new Error(`QuickSight ingestion call with IngestionType ${String(IngestionType)}`);
  return { datasetId: DataSetId, ingestionId: IngestionId, ingestionType: IngestionType };
}
