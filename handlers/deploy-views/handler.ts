/**
 * DeployViews: the deploy-time custom resource that creates the views (see deploy-views.ts), so
 * that the QuickSight datasets over them can be created in the same deploy.
 */
import { createHandler as createRenderViewsHandler } from '../render-views/handler.js';
import type { HandlerPorts } from '../shared/handler-ports.js';
import { logger } from '../shared/logger.js';
import { deployViews, viewsResourceEvent, type ViewsResourceResult } from './deploy-views.js';

/** The ports the custom resource uses: Athena, the view files and the settings the plan renders. */
export type DeployViewsHandlerPorts = Pick<HandlerPorts, 'settings' | 'queries' | 'effects' | 'sqlDir'>;

/**
 * Builds the custom resource's `onEvent` handler (CDK Provider framework): a CloudFormation
 * event in, `{PhysicalResourceId, Data: {Views}}` out. The plan is the RenderViews step's own,
 * from the same bundled `sql/*.sql` files and settings.
 */
export const createHandler = ({ settings, queries, effects, sqlDir }: DeployViewsHandlerPorts) => {
  const renderPlan = createRenderViewsHandler({ sqlDir, settings });
  return async (event: unknown): Promise<ViewsResourceResult> => {
    const request = viewsResourceEvent(event);
    logger.info('views resource event', { requestType: request.RequestType, physicalResourceId: request.PhysicalResourceId });
    const result = await deployViews(request, { renderPlan, queries, effects, database: settings.glueDatabase });
    logger.info('views resource done', { requestType: request.RequestType, views: result.Data.Views });
    return result;
  };
};
