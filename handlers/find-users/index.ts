/** Lambda entry of FindUsersToResolve. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { athenaQueryRunner } from '../shared/athena-query-runner.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { loadSettings } from '../shared/settings.js';
import { createFindUsersHandler } from './handler.js';

const settings = loadSettings();
export const handler = createFindUsersHandler(
  settings,
  athenaQueryRunner(new AthenaClient({}), settings),
  new S3ObjectStore(new S3Client({}), settings.analyticsBucket),
);
