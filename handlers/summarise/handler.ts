/** Summarise: the compact execution output. */
import type { PipelineState } from '../../statemachines/steps.js';
import { eventObject } from '../shared/event-fields.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { logger } from '../shared/logger.js';
import { summarise, type RunSummary } from './summarise.js';

/** Builds the Summarise handler: the whole state (`$`) → the execution output. It needs no port. */
export const createHandler = ((_ports: Pick<HandlerPorts, never>) => {
  return async (event: unknown): Promise<RunSummary> => {
    const summary = summarise(eventObject(event, 'summarise') as PipelineState);
    logger.info('run summarised', { ...summary });
    return summary;
  };
}) satisfies HandlerFactory<'summarise'>;
