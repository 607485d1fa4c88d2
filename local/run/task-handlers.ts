/**
 * What runs the daily state machine's Tasks locally. The Lambda steps run
 * the very handlers the Lambdas run (same factories, local ports); the AWS service integrations
 * are played by DuckDB (Athena, Glue), a folder (S3), a file (Identity Center) and recorders.
 */
import { createCheckDataHandler } from '../../handlers/check-data/handler.js';
import { createDetectSpikesHandler } from '../../handlers/detect-spikes/handler.js';
import { createFindUsersHandler } from '../../handlers/find-users/handler.js';
import { createPrepareHandler } from '../../handlers/prepare/handler.js';
import { createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import { createResolveUsersHandler } from '../../handlers/resolve-users/handler.js';
import { realSleep } from '../../handlers/shared/retry.js';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import type { UserLookup } from '../../handlers/shared/user-lookup.js';
import { summariseHandler } from '../../handlers/summarise/handler.js';
import type { LocalAthena } from '../athena/local-athena.js';
import type { TaskBindings } from '../state-machine/bind-tasks.js';
import { lambdaHandler, namedError } from '../state-machine/handlers.js';
import type { AlertRecorder } from './alert-recorder.js';
import type { FolderObjectStore } from './folder-object-store.js';
import type { LocalCrawlers } from './local-crawlers.js';
import type { LocalSpice } from './local-spice.js';

/** The views over the raw report text that every other view reads (see LocalAthena.materializeView). */
const BASE_VIEWS = ['credits_daily', 'activity_daily'];

const stripComments = (sql: string): string => sql.replace(/^\s*--.*$/gm, '');

/** The local services one run uses. */
export interface LocalServices {
  settings: PipelineSettings;
  sqlDir: string;
  athena: LocalAthena;
  store: FolderObjectStore;
  /** Identity Center stand-in; without one, user ids stay unresolved. */
  users: UserLookup | undefined;
  crawlers: LocalCrawlers;
  spice: LocalSpice;
  alerts: AlertRecorder;
  /** Folder of the mapping partitions, re-read after each resolved batch. */
  mappingDir: string;
}

/** What runs each Task of `statemachines/daily-pipeline.asl.json` locally (see `bindTaskStates`). */
export function localTaskBindings(services: LocalServices): TaskBindings {
  const { settings, athena, store, alerts } = services;
  const findUsers = createFindUsersHandler(settings, athena, store);
  const resolveUsers = services.users
    ? createResolveUsersHandler(settings, {
        store,
        users: services.users,
        effects: { sleep: realSleep, random: Math.random },
        now: () => new Date(),
      })
    : undefined;
  return {
    lambdas: {
      prepare: lambdaHandler(createPrepareHandler(settings)),
      'render-views': lambdaHandler(createRenderViewsHandler(services.sqlDir, settings)),
      'check-data': lambdaHandler(createCheckDataHandler(settings, athena)),
      'find-users': lambdaHandler(async (event: unknown) => {
        const plan = await findUsers(event);
        // No directory: say how many ids need names, but look none up.
        return resolveUsers ? plan : { ...plan, batches: [] };
      }),
      'resolve-users': lambdaHandler(async (event: unknown) => {
        if (!resolveUsers) throw new Error('ResolveUserBatch ran without a directory');
        const result = await resolveUsers(event);
        // Later steps (names in the spike alert, the views) read the mapping just written.
        await athena.registerUserMapping(services.mappingDir);
        return result;
      }),
      'detect-spikes': lambdaHandler(createDetectSpikesHandler(settings, athena)),
      summarise: lambdaHandler(summariseHandler),
    },
    services: {
      startCrawler: services.crawlers.start,
      getCrawler: services.crawlers.get,
      startQueryExecution: async (input) => {
        const { QueryString } = input as { QueryString: string };
        try {
          await athena.run(QueryString);
          const base = BASE_VIEWS.find((view) => new RegExp(`^\\s*CREATE OR REPLACE VIEW ${view}\\b`, 'im').test(stripComments(QueryString)));
          if (base) await athena.materializeView(base);
        } catch (error) {
          // What the athena .sync integration reports for a query that ends FAILED.
          throw namedError('States.TaskFailed', `Athena query failed: ${(error as Error).message}`);
        }
        return { QueryExecution: { Status: { State: 'SUCCEEDED' } } };
      },
      publish: alerts.publish,
      createIngestion: services.spice.createIngestion,
      describeIngestion: services.spice.describeIngestion,
    },
  };
}
