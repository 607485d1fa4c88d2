/** PlanNormalise: the user_report files new or changed since they were last read, as batch files. */
import { dateField, eventObject, executionNameField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { planNormalise, type NormalisePlan } from '../normalise-reports/plan.js';

/** Builds the PlanNormalise handler: `{reportDate, executionName}` → `$.normalise`. */
export const createHandler = (({ settings, reports, store }: Pick<HandlerPorts, 'settings' | 'reports' | 'store'>) => {
  return async (event: unknown): Promise<NormalisePlan> => {
    const fields = eventObject(event, 'plan-normalise');
    const plan = await planNormalise(
      { reportDate: dateField(fields, 'reportDate', 'plan-normalise'), executionName: executionNameField(fields, 'plan-normalise') },
      { reports, store, workPrefix: settings.workPrefix },
    );
    logger.info('report files to read', { files: plan.files, changed: plan.changed, batches: plan.batches.length });
    return plan;
  };
}) satisfies HandlerFactory<'plan-normalise'>;
