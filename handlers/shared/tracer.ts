/**
 * The one X-Ray tracer of every handler: the Lambda entries pass their AWS SDK clients through
 * it so each call shows as a subsegment. Outside Lambda (local run, tests) Powertools disables
 * it, and `captureAWSv3Client` then returns the client untouched.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './logger.js';

/** Shared Powertools tracer, with the same service name as the logs. */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });
