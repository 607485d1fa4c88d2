/**
 * What a step handler may use, one object for all of them: the Lambda entries fill it with AWS
 * adapters (`aws-ports.ts`), the local run with its stand-ins, tests with fakes. Each handler
 * takes only the parts it names, so a test passes just those.
 */
import type { HandlerName, StepResult } from '../../statemachines/steps.js';
import type { ObjectStore } from './object-store.js';
import type { QueryRunner } from './query-runner.js';
import type { ReportStore } from './report-store.js';
import type { RetryEffects } from './retry.js';
import type { PipelineSettings } from './settings.js';
import type { GroupLookup, UserLookup } from './user-lookup.js';

/** The ports and effects of the step handlers. */
export interface HandlerPorts {
  settings: PipelineSettings;
  /** Athena. */
  queries: QueryRunner;
  /** The analytics bucket. */
  store: ObjectStore;
  /** The customer's report bucket (user_report files, read only). */
  reports: ReportStore;
  /** Identity Center. */
  users: UserLookup;
  /** Identity Center's groups. */
  groups: GroupLookup;
  effects: RetryEffects;
  now: () => Date;
  /** The folder holding the view files `NN_<view>.sql`. */
  sqlDir: string;
}

/**
 * The factory `handlers/<name>/handler.ts` exports as `createHandler`: ports in, the step's
 * handler (event in, the step's registered result out) back.
 */
export type HandlerFactory<H extends HandlerName> = (ports: HandlerPorts) => (event: unknown) => Promise<StepResult<H>>;
