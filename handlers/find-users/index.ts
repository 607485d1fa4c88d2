/** FindUsersToResolve: new and stale-name user ids, written as batch files. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { AthenaQueryRunner } from '../shared/athena-query-runner.js';
import { dateField, eventObject, executionNameField } from '../shared/event-fields.js';
import { logger } from '../shared/logger.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { loadSettings } from '../shared/settings.js';
import { findUsers, type UserLookupPlan } from './find-users.js';

const athena = new AthenaClient({});
const s3 = new S3Client({});

/** Lambda entry: `{reportDate, executionDate, executionName}` → `$.lookup` (ids of every day count, not just the report date's). */
export const handler = async (event: unknown): Promise<UserLookupPlan> => {
  const fields = eventObject(event, 'find-users');
  const settings = loadSettings();
  const plan = await findUsers(
    {
      executionDate: dateField(fields, 'executionDate', 'find-users'),
      executionName: executionNameField(fields, 'find-users'),
    },
    {
      queries: new AthenaQueryRunner(athena, { workGroup: settings.athenaWorkGroup, database: settings.glueDatabase }),
      store: new S3ObjectStore(s3, settings.analyticsBucket),
      workPrefix: settings.workPrefix,
      users: settings.users,
    },
  );
  logger.info('users to resolve', { newUsers: plan.newUsers, refreshUsers: plan.refreshUsers, batches: plan.batches.length });
  return plan;
};
