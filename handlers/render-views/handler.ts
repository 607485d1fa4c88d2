/** RenderViews: the ordered CREATE OR REPLACE VIEW statements for CreateViews. */
import { logger } from '../shared/logger.js';
import { planViews, type ViewPlan } from './plan-views.js';
import { readSqlFiles } from './read-sql-files.js';

/** Builds the RenderViews handler over a folder of view files: `{reportDate}` → `$.viewPlan` (views do not depend on the day). */
export function createRenderViewsHandler(sqlDir: string): () => Promise<ViewPlan> {
  return async () => {
    const plan = planViews(await readSqlFiles(sqlDir));
    logger.info('views planned', { views: plan.statements.map((statement) => statement.view) });
    return plan;
  };
}
