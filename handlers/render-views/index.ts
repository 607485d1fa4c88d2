/** RenderViews: the ordered CREATE OR REPLACE VIEW statements for CreateViews. */
import { fileURLToPath } from 'node:url';
import { logger } from '../shared/logger.js';
import { planViews, type ViewPlan } from './plan-views.js';
import { readSqlFiles } from './read-sql-files.js';

/** The stack copies sql/*.sql beside the bundled module; the local run points SQL_DIR at sql/. */
function sqlDir(): string {
  return process.env.SQL_DIR || fileURLToPath(new URL('./sql/', import.meta.url));
}

/** Lambda entry: `{reportDate}` → `$.viewPlan`. The views do not depend on the day. */
export const handler = async (): Promise<ViewPlan> => {
  const plan = planViews(await readSqlFiles(sqlDir()));
  logger.info('views planned', { views: plan.statements.map((statement) => statement.view) });
  return plan;
};
