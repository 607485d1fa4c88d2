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
import { namedError } from '../aws/step-functions/handlers.js';
import { stepHandlers } from '../aws/step-functions/step-handlers.js';
import type { AlertRecorder } from '../aws/sns-recorder.js';
import type { FolderObjectStore } from '../aws/s3-folder-store.js';
import { ReportFolderStore } from '../aws/report-folder-store.js';
import { getCrawledTable, type LocalCrawlers } from '../aws/glue-crawlers.js';
import type { LocalSpice } from '../aws/quicksight-spice.js';

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
}

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
  const normaliseReports = lambdas['normalise-reports'];
  const planNormalise = lambdas['plan-normalise'];
  return {
    lambdas: {
      ...lambdas,
      'find-users': async (input) => {
        const answer = (await findUsers(input)) as { Payload: { batches: unknown[] } };
        // Difference no-directory (local/aws/differences.ts): count the ids, look none up.
        return services.users ? answer : { Payload: { ...answer.Payload, batches: [] } };
      },
      'plan-normalise': async (input) => {
        const answer = await planNormalise(input);
        // Difference canonical-reread: what earlier runs wrote to --out/canonical/ is in the tables, as in S3.
        await athena.registerCanonicalTables(settings.analyticsBucket);
        return answer;
      },
      'normalise-reports': async (input) => {
        const answer = await normaliseReports(input);
        // Difference canonical-reread: later steps read the canonical objects just written, as Athena reads S3.
        await athena.registerCanonicalTables(settings.analyticsBucket);
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
        return { QueryExecution: { Status: { State: 'SUCCEEDED' } } };
      },
      publish: alerts.publish,
      createIngestion: services.spice.createIngestion,
      describeIngestion: services.spice.describeIngestion,
      // Difference single-execution (local/aws/differences.ts): no other execution exists to wait for.
      listExecutions: async () => ({ Executions: [] }),
      getTable: (input) => getCrawledTable(athena, input),
    },
  };
}
