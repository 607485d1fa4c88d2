/** Prepare: validates the execution input and picks the report date. */
import { eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { prepareRun, type RunPlan } from './prepare-run.js';

/** Builds the Prepare handler: `{input, executionStartTime}` → `$.run`. */
export const createHandler = (({ settings }: Pick<HandlerPorts, 'settings'>) => {
  return async (event: unknown): Promise<RunPlan> => {
    const fields = eventObject(event, 'prepare');
    const run = prepareRun({ input: fields.input, executionStartTime: fields.executionStartTime }, settings);
    logger.info('run prepared', { reportDate: run.reportDate, executionDate: run.executionDate });
    return run;
  };
}) satisfies HandlerFactory<'prepare'>;
