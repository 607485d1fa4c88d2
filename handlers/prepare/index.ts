/** Prepare: validates the execution input and picks the report date. */
import { eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import { loadSettings } from '../shared/settings.js';
import { prepareRun, type RunPlan } from './prepare-run.js';

/** Lambda entry: `{input, executionStartTime}` → `$.run`. */
export const handler = async (event: unknown): Promise<RunPlan> => {
  const fields = eventObject(event, 'prepare');
  const run = prepareRun({ input: fields.input, executionStartTime: fields.executionStartTime }, loadSettings());
  logger.info('run prepared', { reportDate: run.reportDate, executionDate: run.executionDate });
  return run;
};
