/**
 * The handler ports in Lambda: settings from `PIPELINE_SETTINGS` at cold start, each AWS client
 * created (and traced) the first time a handler uses it, so a function builds only its own.
 */
import { fileURLToPath } from 'node:url';
import { AthenaClient } from '@aws-sdk/client-athena';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { S3Client } from '@aws-sdk/client-s3';
import { athenaQueryRunner } from './athena-query-runner.js';
import type { HandlerPorts } from './handler-ports.js';
import { IdentityCenterGroupLookup, IdentityCenterUserLookup } from './identity-center-user-lookup.js';
import type { ObjectStore } from './object-store.js';
import type { QueryRunner } from './query-runner.js';
import { realSleep } from './retry.js';
import { S3ObjectStore } from './s3-object-store.js';
import type { ReportStore } from './report-store.js';
import { S3ReportStore } from './s3-report-store.js';
import { loadSettings } from './settings.js';
import { tracer } from './tracer.js';
import type { GroupLookup, UserLookup } from './user-lookup.js';

/**
 * The ports of the Lambda whose entry module is `entryUrl` (`import.meta.url`): the stack copies
 * `sql/*.sql` beside the bundled entry; `SQL_DIR` overrides that folder.
 */
export function awsPorts(entryUrl: string): HandlerPorts {
  const settings = loadSettings();
  let queries: QueryRunner | undefined;
  let store: ObjectStore | undefined;
  let users: UserLookup | undefined;
  let groups: GroupLookup | undefined;
  let reports: ReportStore | undefined;
  return {
    settings,
    get queries() {
      queries ??= athenaQueryRunner(tracer.captureAWSv3Client(new AthenaClient({})), settings);
      return queries;
    },
    get store() {
      store ??= new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({})), settings.analyticsBucket);
      return store;
    },
    get reports() {
      reports ??= new S3ReportStore(tracer.captureAWSv3Client(new S3Client({})), settings.reportBucket, [
        settings.userReportPrefix,
        settings.analyticReportPrefix,
      ]);
      return reports;
    },
    get users() {
      // Our own backoff (with jitter, per id) replaces the SDK's, so attempts are counted once.
      users ??= new IdentityCenterUserLookup(tracer.captureAWSv3Client(new IdentitystoreClient({ maxAttempts: 1 })), settings.identityStoreId);
      return users;
    },
    get groups() {
      // As for users: our own backoff per call.
      groups ??= new IdentityCenterGroupLookup(tracer.captureAWSv3Client(new IdentitystoreClient({ maxAttempts: 1 })), settings.identityStoreId);
      return groups;
    },
    effects: { sleep: realSleep, random: Math.random },
    now: () => new Date(),
    sqlDir: process.env['SQL_DIR'] || fileURLToPath(new URL('./sql/', entryUrl)),
  };
}
