/**
 * One worker thread of {@link NormaliseWorkers}: the NormaliseReportBatch handler, built by the
 * same `createHandler` over its own file ports (the report folder, the analytics bucket folder),
 * answering one iteration input at a time as the in-process handler would: `{Payload}` back, or
 * what it threw (see `thrown.ts`). Started through `ts-worker.mjs`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHandler } from '../../handlers/normalise-reports/handler.js';
import { logger } from '../../handlers/shared/logger.js';
import { FolderObjectStore } from '../aws/s3-folder-store.js';
import { ReportFolderStore } from '../aws/report-folder-store.js';
import { lambdaHandler } from '../aws/step-functions/handlers.js';
import type { NormaliseWorkerData, WorkerAnswer } from './normalise-workers.js';
import { toThrown } from './thrown.js';

const data = workerData as NormaliseWorkerData;
const port = parentPort;
if (port === null) throw new Error('normalise-worker.ts runs only as a worker thread (see NormaliseWorkers)');
// This thread has its own logger: it logs as the run's does (the bench and the CLI quieten it).
logger.setLogLevel(data.logLevel);
const handler = lambdaHandler(createHandler({ reports: new ReportFolderStore(data.reportsDir), store: new FolderObjectStore(data.bucketRoot) }));

port.on('message', (input: unknown) => {
  handler(input).then(
    (answer) => port.postMessage({ answer } satisfies WorkerAnswer),
    (thrown: unknown) => port.postMessage({ thrown: toThrown(thrown) } satisfies WorkerAnswer),
  );
});
