/** Prepare: validates the execution input and picks the report date. */
import { eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { PipelineSettings } from '../shared/settings.js';
import { prepareRun, type RunPlan } from './prepare-run.js';

/** Builds the Prepare handler: `{input, executionStartTime}` → `$.run`. */
export function createPrepareHandler(settings: PipelineSettings): (event: unknown) => Promise<RunPlan> {
  return async (event) => {
    const fields = eventObject(event, 'prepare');
    const run = prepareRun({ input: fields.input, executionStartTime: fields.executionStartTime }, settings);
    logger.info('run prepared', { reportDate: run.reportDate, executionDate: run.executionDate });
    return run;
  };
}
