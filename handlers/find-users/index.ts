/** Lambda entry of FindUsersToResolve. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { loadSettings } from '../shared/settings.js';
import { tracer } from '../shared/tracer.js';
import { createFindUsersHandler } from './handler.js';

const settings = loadSettings();
export const handler = lambdaEntry(
  createFindUsersHandler(
    settings,
    athenaQueryRunner(tracer.captureAWSv3Client(new AthenaClient({})), settings),
    new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({})), settings.analyticsBucket),
  ),
);
