/** Lambda entry of the deploy-time views custom resource (stacks/constructs/deployed-views.ts). */
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { awsPorts } from '../shared/aws-ports.js';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { tracer } from '../shared/tracer.js';
import { createHandler } from './handler.js';

const ports = awsPorts(import.meta.url);
// Our own backoff (deploy-views.ts, VIEW_RETRY) replaces the SDK's, so attempts are counted once.
const queries = athenaQueryRunner(tracer.captureAWSv3Client(new AthenaClient({ maxAttempts: 1 })), ports.settings);

export const handler = lambdaEntry(createHandler({ settings: ports.settings, sqlDir: ports.sqlDir, effects: ports.effects, queries }));
