/** NormaliseReportBatch: one batch of user_report files read by header into the canonical tables. */
import { dateField, eventObject, stringField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { normaliseBatch, type NormalisedBatch } from './normalise-batch.js';

/** Builds the NormaliseReportBatch handler: `{key, reportDate}` → one `$.normalised` entry. */
export const createHandler = (({ reports, store }: Pick<HandlerPorts, 'reports' | 'store'>) => {
  return async (event: unknown): Promise<NormalisedBatch> => {
    const fields = eventObject(event, 'normalise-reports');
    const result = await normaliseBatch(
      { key: stringField(fields, 'key', 'normalise-reports'), reportDate: dateField(fields, 'reportDate', 'normalise-reports') },
      { reports, store },
    );
    // Counts only: no row, id or e-mail reaches the logs.
    logger.info('batch normalised', { key: result.key, files: result.files, rows: result.rows, modelRows: result.modelRows });
    return result;
  };
}) satisfies HandlerFactory<'normalise-reports'>;
