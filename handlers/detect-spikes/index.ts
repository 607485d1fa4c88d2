/** Lambda entry of DetectSpikes. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { loadSettings } from '../shared/settings.js';
import { tracer } from '../shared/tracer.js';
import { createDetectSpikesHandler } from './handler.js';

const settings = loadSettings();
const athena = tracer.captureAWSv3Client(new AthenaClient({}));
export const handler = lambdaEntry(createDetectSpikesHandler(settings, athenaQueryRunner(athena, settings)));
