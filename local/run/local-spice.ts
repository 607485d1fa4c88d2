/**
 * QuickSight SPICE in the local run: an ingestion of a dataset writes the rows of the view of
 * the same name to `datasets/<dataset>.csv` (into a staging folder the run publishes on success).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalAthena } from '../athena/local-athena.js';

interface IngestionCall {
  DataSetId?: unknown;
  IngestionId?: unknown;
}

/** Local `quicksight:createIngestion` and `quicksight:describeIngestion`. */
export class LocalSpice {
  constructor(
    private readonly athena: LocalAthena,
    private readonly datasetsDir: string,
  ) {}

  /** `quicksight:createIngestion`: exports the dataset's view; the ingestion is then complete. */
  createIngestion = async (input: unknown): Promise<{ IngestionId: string; IngestionStatus: string }> => {
    const { dataset, ingestionId } = ingestionCall(input);
    const views = await this.athena.listViews();
    if (!views.includes(dataset)) {
      throw new Error(`dataset ${dataset} has no view of that name (local datasets are views: ${views.join(', ')})`);
    }
    await mkdir(this.datasetsDir, { recursive: true });
    await this.athena.exportCsv(dataset, join(this.datasetsDir, `${dataset}.csv`));
    return { IngestionId: ingestionId, IngestionStatus: 'COMPLETED' };
  };

  /** `quicksight:describeIngestion`: always complete, since createIngestion did the work. */
  describeIngestion = async (input: unknown): Promise<{ Ingestion: { IngestionId: string; IngestionStatus: string } }> => {
    const { ingestionId } = ingestionCall(input);
    return { Ingestion: { IngestionId: ingestionId, IngestionStatus: 'COMPLETED' } };
  };
}

function ingestionCall(input: unknown): { dataset: string; ingestionId: string } {
  const { DataSetId, IngestionId } = input as IngestionCall;
  if (typeof DataSetId !== 'string' || typeof IngestionId !== 'string') {
    throw new Error('QuickSight ingestion call without DataSetId and IngestionId');
  }
  return { dataset: DataSetId, ingestionId: IngestionId };
}
