/** Lambda entry of Prepare. */
import { loadSettings } from '../shared/settings.js';
import { createPrepareHandler } from './handler.js';

export const handler = createPrepareHandler(loadSettings());
