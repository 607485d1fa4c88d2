/** Lambda entry of RenderViews. */
import { fileURLToPath } from 'node:url';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { loadSettings } from '../shared/settings.js';
import { createRenderViewsHandler } from './handler.js';

// The stack copies sql/*.sql beside the bundled module; SQL_DIR overrides it.
export const handler = lambdaEntry(
  createRenderViewsHandler(process.env.SQL_DIR || fileURLToPath(new URL('./sql/', import.meta.url)), loadSettings()),
);
