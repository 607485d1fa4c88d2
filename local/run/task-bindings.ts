/**
 * What runs the daily state machine's Tasks locally. The Lambda steps run the very handlers the
 * Lambdas run (same factories, local ports); the AWS service integrations are played by DuckDB
 * (Athena, Glue), a folder (S3), a file (Identity Center) and recorders.
 */
import { realSleep } from '../../handlers/shared/retry.js';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { join } from 'node:path';
import { GROUP_MEMBERSHIP_PREFIX } from '../../handlers/shared/report-format.js';
import type { GroupLookup, UserLookup } from '../../handlers/shared/user-lookup.js';
import type { LocalAthena } from '../aws/athena/local-athena.js';
import type { TaskBindings } from '../aws/step-functions/bind-tasks.js';
import { namedError, type LocalHandler } from '../aws/step-functions/handlers.js';
import { stepHandlers } from '../aws/step-functions/step-handlers.js';
import type { AlertRecorder } from '../aws/sns-recorder.js';
import type { FolderObjectStore } from '../aws/s3-folder-store.js';
import { ReportFolderStore } from '../aws/report-folder-store.js';
import { getCrawledTable, type LocalCrawlers } from '../aws/glue-crawlers.js';
import type { LocalSpice } from '../aws/quicksight-spice.js';
import type { NormalisedBatch } from '../../handlers/normalise-reports/normalise-batch.js';
import type { NormalisePlan } from '../../handlers/normalise-reports/plan.js';
import type { ViewPlan } from '../../handlers/render-views/plan-views.js';
import { LAMBDA_STEPS, type HandlerName } from '../../statemachines/steps.js';
import { SPICE_MAP, VIEWS_MAP, type StepProgress } from './progress.js';

/** The local services one run uses. */
export interface LocalServices {
  settings: PipelineSettings;
  sqlDir: string;
  athena: LocalAthena;
  store: FolderObjectStore;
  /** Identity Center stand-in (users and groups); without one, user ids stay unresolved and no group is found. */
  users: (UserLookup & GroupLookup) | undefined;
  crawlers: LocalCrawlers;
  spice: LocalSpice;
  alerts: AlertRecorder;
  /** Folder of the mapping partitions, re-read after each resolved batch. */
  mappingDir: string;
  /** Told as the long Maps advance (files normalised, views created, datasets refreshed). */
  onProgress?: (progress: StepProgress) => void;
  /** Runs NormaliseReportBatch instead of the in-process handler: the same handler in worker threads (`normalise-workers.ts`). */
  normaliseBatch?: LocalHandler;
}

const NORMALISE_MAP = LAMBDA_STEPS['normalise-reports'].mapState;
/** The steps after which the canonical tables' file lists are taken again before they are read. */
const CANONICAL_WRITERS = new Set<string>(['plan-normalise', 'normalise-reports'] satisfies HandlerName[]);

/** What runs each Task of `statemachines/daily-pipeline.asl.json` locally (see `bindTaskStates`). */
export async function localTaskBindings(services: LocalServices): Promise<TaskBindings> {
  const { settings, athena, store, alerts } = services;
  const lambdas = await stepHandlers({
    settings,
    queries: athena,
    store,
    // The report bucket is the --reports folder the crawlers read.
    reports: new ReportFolderStore(services.crawlers.reportsDir),
    users: services.users ?? { describeUser: () => Promise.reject(new Error('ResolveUserBatch ran without a directory')) },
    // Difference no-directory: without a directory file no group exists.
    groups: services.users ?? { groupId: async () => null, members: async () => null },
    effects: { sleep: realSleep, random: Math.random },
    now: () => new Date(),
    sqlDir: services.sqlDir,
  });
  const findUsers = lambdas['find-users'];
  const resolveUsers = lambdas['resolve-users'];
  const readGroups = lambdas['read-groups'];
  const normaliseReports = services.normaliseBatch ?? lambdas['normalise-reports'];
  const planNormalise = lambdas['plan-normalise'];
  const renderViews = lambdas['render-views'];
  const progress = new StepCounters(services.onProgress);
  return withCanonicalTables(athena, settings.analyticsBucket, {
    lambdas: {
      ...lambdas,
      'find-users': async (input) => {
        const answer = (await findUsers(input)) as { Payload: { batches: unknown[] } };
        // Difference no-directory (local/aws/differences.ts): count the ids, look none up.
        return services.users ? answer : { Payload: { ...answer.Payload, batches: [] } };
      },
      'plan-normalise': async (input) => {
        const answer = (await planNormalise(input)) as { Payload: NormalisePlan };
        progress.start(NORMALISE_MAP, answer.Payload.changed, 'files');
        return answer;
      },
      'normalise-reports': async (input) => {
        const answer = (await normaliseReports(input)) as { Payload: NormalisedBatch };
        progress.add(NORMALISE_MAP, answer.Payload.files);
        return answer;
      },
      'render-views': async (input) => {
        const answer = (await renderViews(input)) as { Payload: ViewPlan };
        progress.start(VIEWS_MAP, answer.Payload.statements.length, 'views');
        return answer;
      },
      'read-groups': async (input) => {
        const answer = await readGroups(input);
        // Difference mapping-reread: later steps read the snapshot just written, as Athena reads S3.
        await athena.registerGroupMembership(join(settings.analyticsBucket, GROUP_MEMBERSHIP_PREFIX));
        return answer;
      },
      'resolve-users': async (input) => {
        const answer = await resolveUsers(input);
        // Difference mapping-reread: later steps read the names just written, as Athena reads S3.
        await athena.registerUserMapping(services.mappingDir);
        return answer;
      },
    },
    services: {
      startCrawler: services.crawlers.start,
      getCrawler: services.crawlers.get,
      startQueryExecution: async (input) => {
        const { QueryString } = input as { QueryString: string };
        try {
          await athena.createView(QueryString);
        } catch (error) {
          // What the athena .sync integration reports for a query that ends FAILED.
          throw namedError('States.TaskFailed', `Athena query failed: ${(error as Error).message}`);
        }
        progress.add(VIEWS_MAP, 1);
        return { QueryExecution: { Status: { State: 'SUCCEEDED' } } };
      },
      publish: alerts.publish,
      createIngestion: async (input) => {
        // The first import computes the views earlier steps did not read (difference views-computed-once): long on a long history.
        await athena.snapshotViews((done, total) => services.onProgress?.({ step: SPICE_MAP, done, total, unit: 'views computed' }));
        progress.start(SPICE_MAP, settings.quicksightDatasetIds.length, 'datasets', { keep: true });
        const answer = await services.spice.createIngestion(input);
        progress.add(SPICE_MAP, 1);
        return answer;
      },
      describeIngestion: services.spice.describeIngestion,
      // Difference single-execution (local/aws/differences.ts): no other execution exists to wait for.
      listExecutions: async () => ({ Executions: [] }),
      getTable: (input) => getCrawledTable(athena, input),
    },
  });
}

/**
 * Difference canonical-reread: the canonical tables read what `--out/canonical/` holds whenever a
 * later step reads them, as Athena reads S3 at query time. PlanNormalise and each
 * NormaliseReportBatch leave their file lists stale (also when they fail: they may have written);
 * the next step of any other kind lists the files again first. So the whole NormaliseReports Map
 * costs one listing, not one per batch.
 */
export function withCanonicalTables(athena: LocalAthena, bucketRoot: string, bindings: TaskBindings): TaskBindings {
  let stale = false;
  let loading: Promise<void> | undefined;
  const current = async (): Promise<void> => {
    if (stale) {
      stale = false;
      loading = athena.registerCanonicalTables(bucketRoot).finally(() => {
        loading = undefined;
      });
    }
    await loading;
  };
  const reading = (handler: LocalHandler): LocalHandler => async (input) => {
    await current();
    return handler(input);
  };
  const writing = (handler: LocalHandler): LocalHandler => async (input) => {
    try {
      return await handler(input);
    } finally {
      stale = true;
    }
  };
  const lambdas = Object.fromEntries(
    Object.entries(bindings.lambdas).map(([name, handler]) => [name, CANONICAL_WRITERS.has(name) ? writing(handler) : reading(handler)]),
  ) as TaskBindings['lambdas'];
  const services = Object.fromEntries(Object.entries(bindings.services).map(([name, handler]) => [name, reading(handler)])) as TaskBindings['services'];
  return { lambdas, services };
}

/** Counts what the long Maps have done, for {@link LocalServices.onProgress}. */
class StepCounters {
  private readonly counts = new Map<string, Omit<StepProgress, 'step'>>();

  constructor(private readonly onProgress: ((progress: StepProgress) => void) | undefined) {}

  /** `step` now has `total` `unit` to do, none done (`keep`: unless it was started already). */
  start(step: string, total: number, unit: string, options: { keep?: boolean } = {}): void {
    if (options.keep && this.counts.has(step)) return;
    this.counts.set(step, { done: 0, total, unit });
  }

  /** `done` more of `step` are done; tells the listener. */
  add(step: string, done: number): void {
    const count = this.counts.get(step);
    if (count === undefined) return;
    count.done = Math.min(count.total, count.done + done);
    this.onProgress?.({ step, ...count });
  }
}
