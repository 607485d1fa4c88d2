/** Summarise: the compact execution output. */
import { eventObject } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { PipelineState } from '../../statemachines/steps.js';
import { summarise, type RunSummary } from './summarise.js';

/** The Summarise handler: the whole state (`$`) → the execution output. */
export async function summariseHandler(event: unknown): Promise<RunSummary> {
  const summary = summarise(eventObject(event, 'summarise') as PipelineState);
  logger.info('run summarised', { ...summary });
  return summary;
}
