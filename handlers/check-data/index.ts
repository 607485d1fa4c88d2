/** Lambda entry of CheckData. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { loadSettings } from '../shared/settings.js';
import { tracer } from '../shared/tracer.js';
import { createCheckDataHandler } from './handler.js';

const settings = loadSettings();
const athena = tracer.captureAWSv3Client(new AthenaClient({}));
export const handler = lambdaEntry(createCheckDataHandler(settings, athenaQueryRunner(athena, settings)));
