/**
 * The views at deploy time (issue 10, "one deploy from zero"): a CloudFormation custom resource
 * runs the RenderViews plan, every view statement in order, through Athena in the stack's
 * workgroup, so the QuickSight datasets that read the views can be created in the same deploy.
 * Create and Update run the plan (CREATE OR REPLACE VIEW is idempotent); Delete does nothing:
 * the views go with the Glue database. The daily run's CreateViews step replaces them again.
 */
import type { QueryRunner } from '../shared/query-runner.js';
import { isTransientAwsError, retry, type RetryEffects, type RetryPolicy } from '../shared/retry.js';
import type { ViewPlan } from '../render-views/plan-views.js';

/** The request types CloudFormation sends a custom resource. */
export const REQUEST_TYPES = ['Create', 'Update', 'Delete'] as const;
/** One request type. */
export type RequestType = (typeof REQUEST_TYPES)[number];

/** The parts of a custom resource event (as the CDK Provider framework passes it) this handler reads. */
export interface ViewsResourceEvent {
  RequestType: RequestType;
  /** Absent on Create. */
  PhysicalResourceId?: string;
}

/** What the Provider framework reports back to CloudFormation. */
export interface ViewsResourceResult {
  PhysicalResourceId: string;
  /** `Views`: how many views the plan created (`0` on Delete), readable with `Fn::GetAtt`. */
  Data: { Views: number };
}

/** What {@link deployViews} needs. */
export interface DeployViewsPorts {
  /** The RenderViews plan: the same statements the daily run's CreateViews step runs. */
  renderPlan: () => Promise<ViewPlan>;
  /** Athena in the stack's workgroup and database. */
  queries: QueryRunner;
  effects: RetryEffects;
  /** Where the views live: names the resource. */
  database: string;
}

/**
 * How often one statement is tried when Athena throttles or fails internally (the Athena client
 * itself is built without retries, so attempts are counted here once).
 */
export const VIEW_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 20_000 };

/** A view the plan could not create: CloudFormation shows the message as the resource's failure reason. */
export class ViewDeployError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ViewDeployError';
  }
}

/** The resource's physical id: one views resource per database. */
export function viewsResourceId(database: string): string {
  return `${database}/views`;
}

/**
 * Handles one custom resource event: on Create and Update runs every statement of the plan in
 * order (later views select from earlier ones), retrying throttled or internal Athena errors;
 * on Delete does nothing.
 *
 * @throws ViewDeployError naming the first view that could not be created, its file and
 * Athena's reason; the views after it are not attempted.
 */
export async function deployViews(event: ViewsResourceEvent, ports: DeployViewsPorts): Promise<ViewsResourceResult> {
  const physicalResourceId = event.PhysicalResourceId ?? viewsResourceId(ports.database);
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: physicalResourceId, Data: { Views: 0 } };
  }
  const plan = await ports.renderPlan();
  for (const statement of plan.statements) {
    try {
      await retry(() => ports.queries.run(statement.sql), isTransientAwsError, VIEW_RETRY, ports.effects);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
      throw new ViewDeployError(`View ${statement.view} (${statement.file}) could not be created in database ${ports.database}: ${reason}`, { cause: error });
    }
  }
  return { PhysicalResourceId: viewsResourceId(ports.database), Data: { Views: plan.statements.length } };
}

/** The event as {@link ViewsResourceEvent}, or an error naming what is wrong. */
export function viewsResourceEvent(event: unknown): ViewsResourceEvent {
  const fields = typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : undefined;
  const requestType = fields?.['RequestType'];
  if (!REQUEST_TYPES.includes(requestType as RequestType)) {
    throw new Error(`deploy-views: event.RequestType: expected one of ${REQUEST_TYPES.join(', ')} (a CloudFormation custom resource event), got ${JSON.stringify(requestType)}`);
  }
  const physicalResourceId = fields?.['PhysicalResourceId'];
  if (physicalResourceId !== undefined && typeof physicalResourceId !== 'string') {
    throw new Error(`deploy-views: event.PhysicalResourceId: expected a string, got ${JSON.stringify(physicalResourceId)}`);
  }
  return { RequestType: requestType as RequestType, ...(physicalResourceId === undefined ? {} : { PhysicalResourceId: physicalResourceId }) };
}
