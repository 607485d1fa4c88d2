/**
 * The one structured logger of every handler. Log ids and counts only: never names or e-mail
 * addresses, which the execution history and the alert messages already carry where needed.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** Service name outside Lambda (local run, tests), where the stack's environment is not set. */
export const LOCAL_SERVICE_NAME = 'kiro-activity-pipeline';

/**
 * The service of logs and traces: `POWERTOOLS_SERVICE_NAME`, which the stack sets per function
 * (`kiro-activity-<handler>`), else {@link LOCAL_SERVICE_NAME}. Read when the module loads, as
 * Powertools does.
 */
export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME || LOCAL_SERVICE_NAME;

/** Shared Powertools logger; its service name tells the pipeline's functions apart in CloudWatch. */
export const logger = new Logger({ serviceName: SERVICE_NAME });
