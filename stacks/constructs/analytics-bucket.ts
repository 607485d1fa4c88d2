/**
 * The stack's own bucket: Athena query results, the user mapping and per-execution scratch
 * files. Private, encrypted, TLS only, with server access logs in a sibling bucket.
 */
import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ATHENA_RESULTS_PREFIX, WORK_PREFIX } from '../../handlers/shared/build-settings.js';
import { acknowledge } from './nag.js';

/** Props of {@link AnalyticsBucket}. */
export interface AnalyticsBucketProps {
  /** Days after which Athena results expire. */
  athenaResultsExpiryDays: number;
  /** Days the server access logs are kept. */
  accessLogRetentionDays: number;
}

/** Scratch files only matter during one execution; a few days leave room to debug a failed run. */
export const WORK_EXPIRY_DAYS = 7;

/** The analytics bucket and its access log bucket. */
export class AnalyticsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AnalyticsBucketProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays) }],
    });
    acknowledge(accessLogs, 'AwsSolutions-S1', 'This is the server access log bucket itself; logging it would need another log bucket without end.');

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'analytics/',
      lifecycleRules: [
        { id: 'ExpireAthenaResults', prefix: ATHENA_RESULTS_PREFIX, expiration: Duration.days(props.athenaResultsExpiryDays) },
        { id: 'ExpireWorkFiles', prefix: WORK_PREFIX, expiration: Duration.days(WORK_EXPIRY_DAYS) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
