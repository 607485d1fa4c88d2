/**
 * Entry of a worker thread whose code is TypeScript: loads `workerData.entry` (a `.ts` file URL)
 * through tsx's own scoped loader, so the same worker starts under `tsx`, `node --import tsx` and
 * Vitest (whose TypeScript loading does not reach worker threads). Plain JavaScript on purpose:
 * it is what Node runs before any TypeScript can be.
 */
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
