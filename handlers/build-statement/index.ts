/** Lambda entry of the build-statement step (statemachines/steps.ts). */
import { awsPorts } from '../shared/aws-ports.js';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { createHandler } from './handler.js';

export const handler = lambdaEntry(createHandler(awsPorts(import.meta.url)));
