/** RenderViews: the ordered CREATE OR REPLACE VIEW statements for CreateViews. */
import { logger } from '../shared/logger.js';
import type { HandlerFactory } from '../shared/handler-ports.js';
import { planViews, type ViewPlan } from './plan-views.js';
import { readSqlFiles } from './read-sql-files.js';
import { settingsViews, type ViewSettings } from './settings-views.js';

/**
 * Builds the RenderViews handler over a folder of view files: `{reportDate}` → `$.viewPlan`
 * (views do not depend on the day). The views generated from the settings come first, since
 * the files read prices and thresholds from them.
 */
export const createHandler = (({ sqlDir, settings }: { sqlDir: string; settings: ViewSettings }) => {
  return async (): Promise<ViewPlan> => {
    const files = planViews(await readSqlFiles(sqlDir));
    const plan = { statements: [...settingsViews(settings), ...files.statements] };
    logger.info('views planned', { views: plan.statements.map((statement) => statement.view) });
    return plan;
  };
}) satisfies HandlerFactory<'render-views'>;
