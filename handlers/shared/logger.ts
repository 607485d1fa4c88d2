/**
 * The one structured logger of every handler. Log ids and counts only: never names or e-mail
 * addresses, which the execution history and the alert messages already carry where needed.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** Shared Powertools logger; the service name groups all pipeline functions in CloudWatch. */
export const logger = new Logger({ serviceName: 'kiro-activity-pipeline' });
