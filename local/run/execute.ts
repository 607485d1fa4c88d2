/**
 * The middle of a local run: the committed ASL with local substitutions, every Task bound to its
 * stand-in in `local/aws/`, executed by aws-local-stepfunctions.
 */
import { join } from 'node:path';
import type { PipelineSettings } from '../../handlers/shared/settings.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';
import { logger } from '../../handlers/shared/logger.js';
import { DEFINITION_FILE, LAMBDA_STEPS, definitionSubstitutions } from '../../statemachines/steps.js';
import type { LocalAthena } from '../aws/athena/local-athena.js';
import type { LocalCrawlers } from '../aws/glue-crawlers.js';
import type { DirectoryUserLookup } from '../aws/identity-center-directory.js';
import { LocalSpice } from '../aws/quicksight-spice.js';
import { FolderObjectStore } from '../aws/s3-folder-store.js';
import type { AlertRecorder } from '../aws/sns-recorder.js';
import { bindTaskStates } from '../aws/step-functions/bind-tasks.js';
import { allStates, loadDefinition, type AslDefinition } from '../aws/step-functions/definition.js';
import { runLocally, type ExecutionOutcome, type HistoryEvent } from '../aws/step-functions/run.js';
import { validateDefinition } from '../aws/step-functions/validate.js';
import { NormaliseWorkers, normaliseWorkerCount } from './normalise-workers.js';
import type { StepProgress } from './progress.js';
import { localTaskBindings } from './task-bindings.js';

/** The made-up account and region of the local run's ARNs. */
const LOCAL_ACCOUNT = '111122223333';
const LOCAL_REGION = 'us-east-1';

/** What one execution needs: the project, the settings, the stand-ins and where to stage datasets. */
export interface LocalExecutionPlan {
  projectDir: string;
  executionName: string;
  reportDate: string;
  settings: PipelineSettings;
  athena: LocalAthena;
  crawlers: LocalCrawlers;
  users: DirectoryUserLookup | undefined;
  alerts: AlertRecorder;
  outDir: string;
  mappingDir: string;
  /** The SPICE stand-in writes `datasets/` here; publishing moves it into place. */
  stagingDir: string;
  onEvent?: (event: HistoryEvent, output?: unknown) => void;
  /** Told as the long Maps advance. */
  onProgress?: (progress: StepProgress) => void;
  /**
   * The engine's threads: NormaliseReportBatch runs in as many worker threads (at most its Map's
   * `MaxConcurrency`), as its iterations run in parallel Lambdas in AWS. Unset or 1: in process.
   */
  threads?: number;
}

/** Runs the daily state machine once, locally. */
export async function executeLocally(plan: LocalExecutionPlan): Promise<ExecutionOutcome> {
  const { athena, settings } = plan;
  const definition = withAwsTaskTimeouts(await loadDefinition(join(plan.projectDir, DEFINITION_FILE), substitutions(settings)));
  validateDefinition(definition);
  const workers = normaliseWorkers(plan, definition);
  const mapState = LAMBDA_STEPS['normalise-reports'].mapState;
  const onEvent = (event: HistoryEvent, output?: unknown): void => {
    // The Map's workers hold some 100 MB each: they go once it is done, not at the end of the run.
    if (workers !== undefined && event.type === 'StateExited' && event.state === mapState && event.mapIndex === undefined) void workers.endIdle().catch(() => undefined);
    plan.onEvent?.(event, output);
  };
  try {
    const bindings = await localTaskBindings({
      settings,
      sqlDir: join(plan.projectDir, 'sql'),
      athena,
      store: new FolderObjectStore(plan.outDir),
      users: plan.users,
      crawlers: plan.crawlers,
      spice: new LocalSpice(athena, DASHBOARD, join(plan.stagingDir, 'datasets')),
      alerts: plan.alerts,
      mappingDir: plan.mappingDir,
      onProgress: plan.onProgress,
      ...(workers === undefined ? {} : { normaliseBatch: workers.invoke }),
    });
    return await runLocally(definition, {
      input: { reportDate: plan.reportDate },
      handlers: bindTaskStates(definition, bindings),
      executionName: plan.executionName,
      onEvent,
    });
  } finally {
    // Also after a failure: the workers would keep the process alive.
    await workers?.close();
  }
}

/** The worker threads of the NormaliseReports Map ({@link LocalExecutionPlan.threads}); none for one thread. */
function normaliseWorkers(plan: LocalExecutionPlan, definition: AslDefinition): NormaliseWorkers | undefined {
  const map = allStates(definition).find(([name]) => name === LAMBDA_STEPS['normalise-reports'].mapState)?.[1];
  const maxConcurrency = typeof map?.['MaxConcurrency'] === 'number' ? map['MaxConcurrency'] : undefined;
  const size = normaliseWorkerCount(plan.threads ?? 1, maxConcurrency);
  if (size === 1) return undefined;
  // The same ports the in-process handler gets: the report folder and the analytics bucket's folder.
  return new NormaliseWorkers(size, { reportsDir: plan.crawlers.reportsDir, bucketRoot: plan.outDir, logLevel: logger.getLevelName() });
}

/**
 * The timeout of a Task state that sets none. In AWS only the Lambda's own timeout bounds it
 * (Step Functions' default is 99999999 seconds); aws-local-stepfunctions would fail it after 60 s,
 * and a step over a large company's reports may take longer on a laptop. The longest a Node timer
 * holds (2^31 - 1 ms, about 24 days; a longer one fires at once).
 */
export const LOCAL_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The definition with {@link LOCAL_TASK_TIMEOUT_SECONDS} on each Task state that sets no timeout of its own. */
export function withAwsTaskTimeouts(definition: AslDefinition): AslDefinition {
  for (const [, state] of allStates(definition)) {
    if (state.Type === 'Task' && state['TimeoutSeconds'] === undefined && state['TimeoutSecondsPath'] === undefined) {
      state['TimeoutSeconds'] = LOCAL_TASK_TIMEOUT_SECONDS;
    }
  }
  return definition;
}

function substitutions(settings: PipelineSettings): Record<string, string> {
  return definitionSubstitutions({
    functionArn: (handler) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:kiro-local-${handler}`,
    alertTopicArn: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:kiro-local-alerts`,
    athenaWorkGroup: settings.athenaWorkGroup,
    glueDatabase: settings.glueDatabase,
    accountId: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    // Locally no other execution ever runs, so the wait for one never starts.
    overlapWaitMinutes: 1,
  });
}
