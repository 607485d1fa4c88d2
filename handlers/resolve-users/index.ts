/** ResolveUserBatch: Identity Center names for one batch of ids, as one mapping file. */
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { S3Client } from '@aws-sdk/client-s3';
import { dateField, eventObject, executionNameField, indexField, stringField } from '../shared/event-fields.js';
import { IdentityCenterUserLookup } from '../shared/identity-center-user-lookup.js';
import { logger } from '../shared/logger.js';
import { realSleep } from '../shared/retry.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { loadSettings } from '../shared/settings.js';
import { DESCRIBE_RETRY_POLICY, resolveBatch, type ResolvedBatch } from './resolve-batch.js';

// Our own backoff (with jitter, per id) replaces the SDK's, so attempts are counted once.
const identityStore = new IdentitystoreClient({ maxAttempts: 1 });
const s3 = new S3Client({});

/** Lambda entry: `{key, batchIndex, executionDate, executionName}` → one `$.resolved` entry. */
export const handler = async (event: unknown): Promise<ResolvedBatch> => {
  const fields = eventObject(event, 'resolve-users');
  const settings = loadSettings();
  const result = await resolveBatch(
    {
      key: stringField(fields, 'key', 'resolve-users'),
      batchIndex: indexField(fields, 'batchIndex', 'resolve-users'),
      executionDate: dateField(fields, 'executionDate', 'resolve-users'),
      executionName: executionNameField(fields, 'resolve-users'),
    },
    {
      store: new S3ObjectStore(s3, settings.analyticsBucket),
      users: new IdentityCenterUserLookup(identityStore, settings.identityStoreId),
      mappingPrefix: settings.mappingPrefix,
      concurrency: settings.users.describeConcurrency,
      retryPolicy: DESCRIBE_RETRY_POLICY,
      effects: { sleep: realSleep, random: Math.random },
      now: () => new Date(),
    },
  );
  logger.info('batch resolved', { ...result });
  return result;
};
