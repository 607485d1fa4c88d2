/** Lambda entry of CheckData. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { loadSettings } from '../shared/settings.js';
import { createCheckDataHandler } from './handler.js';

const settings = loadSettings();
export const handler = createCheckDataHandler(settings, athenaQueryRunner(new AthenaClient({}), settings));
