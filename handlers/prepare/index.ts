/** Lambda entry of Prepare. */
import { lambdaEntry } from '../shared/lambda-entry.js';
import { loadSettings } from '../shared/settings.js';
import { createPrepareHandler } from './handler.js';

export const handler = lambdaEntry(createPrepareHandler(loadSettings()));
