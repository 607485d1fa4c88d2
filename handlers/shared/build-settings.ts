/**
 * Builds the handlers' {@link PipelineSettings} from the config and the deployed resource names.
 * Pure, so the stack and the local runner produce the same settings from the same config.
 */
import type { PipelineConfig } from './config.js';
import type { PipelineSettings } from './settings.js';
import { refreshedDatasetIds } from '../../sql/dashboard-spec.js';
import { reportPrefixes } from './report-format.js';

/** The account folder of the report prefix when neither the config nor the deployment names one (the local run reads a folder). */
const UNKNOWN_ACCOUNT = '000000000000';

/** Key prefix of the user mapping partitions in the analytics bucket. */
export const MAPPING_PREFIX = 'user-mapping/';
/** Key prefix of one execution's scratch files in the analytics bucket. */
export const WORK_PREFIX = 'work/';
/** Key prefix of the Athena query results in the analytics bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

/** Names of the resources the handlers work with (tokens in the stack, plain strings locally). */
export interface PipelineResourceNames {
  athenaWorkGroup: string;
  analyticsBucket: string;
  /** `[user_report crawler, by_user_analytic crawler]`. */
  crawlerNames: string[];
  /** The account of the report keys' `AWSLogs/<account>/` when the config names none (the stack's own). */
  reportAccountId?: string;
}

/** The settings every handler receives as `PIPELINE_SETTINGS`. */
export function buildPipelineSettings(config: PipelineConfig, names: PipelineResourceNames): PipelineSettings {
  return {
    glueDatabase: config.glueDatabase,
    athenaWorkGroup: names.athenaWorkGroup,
    analyticsBucket: names.analyticsBucket,
    mappingPrefix: MAPPING_PREFIX,
    workPrefix: WORK_PREFIX,
    reportBucket: config.report.bucket,
    userReportPrefix: reportPrefixes(config.report, config.report.accountId ?? names.reportAccountId ?? UNKNOWN_ACCOUNT)[0].keyPrefix,
    analyticReportPrefix: reportPrefixes(config.report, config.report.accountId ?? names.reportAccountId ?? UNKNOWN_ACCOUNT)[1].keyPrefix,
    identityStoreId: config.identityStoreId,
    crawlerNames: [...names.crawlerNames],
    // The datasets the stack deploys (when QuickSight is on) and any extra ones configured.
    quicksightDatasetIds: refreshedDatasetIds(config),
    staleAfterDays: config.staleAfterDays,
    users: { ...config.users },
    spikes: { ...config.spikes },
    pricing: structuredClone(config.pricing),
    people: structuredClone(config.people),
    budget: { ...config.budget },
    allowance: structuredClone(config.allowance),
    engagement: structuredClone(config.engagement),
    ...(config.teams === undefined ? {} : { teams: structuredClone(config.teams) }),
    licensedGroups: structuredClone(config.licensedGroups),
  };
}
