/** Lambda entry of ResolveUserBatch. */
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { S3Client } from '@aws-sdk/client-s3';
import { IdentityCenterUserLookup } from '../shared/identity-center-user-lookup.js';
import { lambdaEntry } from '../shared/lambda-entry.js';
import { realSleep } from '../shared/retry.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { loadSettings } from '../shared/settings.js';
import { tracer } from '../shared/tracer.js';
import { createResolveUsersHandler } from './handler.js';

const settings = loadSettings();
// Our own backoff (with jitter, per id) replaces the SDK's, so attempts are counted once.
const identityStore = tracer.captureAWSv3Client(new IdentitystoreClient({ maxAttempts: 1 }));

export const handler = lambdaEntry(
  createResolveUsersHandler(settings, {
    store: new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({})), settings.analyticsBucket),
    users: new IdentityCenterUserLookup(identityStore, settings.identityStoreId),
    effects: { sleep: realSleep, random: Math.random },
    now: () => new Date(),
  }),
);
