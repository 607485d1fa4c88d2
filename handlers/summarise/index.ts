/** Lambda entry of Summarise. */
import { lambdaEntry } from '../shared/lambda-entry.js';
import { summariseHandler } from './handler.js';

export const handler = lambdaEntry(summariseHandler);
