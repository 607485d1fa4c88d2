/** Lambda entry of DetectSpikes. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { loadSettings } from '../shared/settings.js';
import { createDetectSpikesHandler } from './handler.js';

const settings = loadSettings();
export const handler = createDetectSpikesHandler(settings, athenaQueryRunner(new AthenaClient({}), settings));
