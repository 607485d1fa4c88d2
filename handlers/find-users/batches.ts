/** Splitting user ids into resolve batches and naming their scratch files. */

/** One batch file of ids for ResolveUserBatch. */
export interface BatchRef {
  key: string;
  count: number;
}

/** Consecutive chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`batch size must be a positive integer, got ${String(size)}`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** `<workPrefix><executionName>/batch-0001.json` for the first batch (numbered from 1). */
export function batchKey(workPrefix: string, executionName: string, batchNumber: number): string {
  return `${workPrefix}${executionName}/batch-${String(batchNumber).padStart(4, '0')}.json`;
}

/** The batch file body ResolveUserBatch reads. */
export function batchBody(ids: readonly string[]): string {
  return JSON.stringify({ ids });
}
