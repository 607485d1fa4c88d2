/**
 * Least-privilege IAM statements shared by the crawlers, the Lambdas and the state machine:
 * each names its bucket prefixes, catalog tables or workgroup instead of a wildcard.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** S3 access limited to key prefixes (each ending in `/`) of one bucket. */
export interface PrefixAccess {
  bucketArn: string;
  /** Prefixes whose objects may be read. */
  read?: readonly string[];
  /** Prefixes whose objects may be read and written (Athena results, mapping files). */
  write?: readonly string[];
}

/** GetObject/PutObject on the prefixes' objects, ListBucket only under those prefixes. */
export function prefixAccessStatements({ bucketArn, read = [], write = [] }: PrefixAccess): PolicyStatement[] {
  const objects = (prefixes: readonly string[]): string[] => prefixes.map((prefix) => `${bucketArn}/${prefix}*`);
  const all = [...read, ...write];
  const statements = [
    new PolicyStatement({ actions: ['s3:GetObject'], resources: objects(all) }),
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': all.map((prefix) => `${prefix}*`) } },
    }),
    new PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucketArn] }),
  ];
  if (write.length > 0) {
    statements.push(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], resources: objects(write) }),
      new PolicyStatement({ actions: ['s3:ListBucketMultipartUploads'], resources: [bucketArn] }),
    );
  }
  return statements;
}

/** ARNs of the Glue catalog, one database and the named tables (or views) in it. */
export function glueCatalogArns(scope: Construct, database: string, tables: readonly string[]): string[] {
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName?: string): string =>
    stack.formatArn({ service: 'glue', resource, ...(resourceName === undefined ? {} : { resourceName }) });
  return [arn('catalog'), arn('database', database), ...tables.map((table) => arn('table', `${database}/${table}`))];
}

/** Catalog reads Athena makes when it plans a query over `tables`. */
export function glueReadStatement(scope: Construct, database: string, tables: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
    resources: glueCatalogArns(scope, database, tables),
  });
}

/** ARN of an Athena workgroup in this stack's account and region. */
export function workGroupArn(scope: Construct, workGroup: string): string {
  return Stack.of(scope).formatArn({ service: 'athena', resource: 'workgroup', resourceName: workGroup });
}

/** Running queries (and polling or cancelling them) in one workgroup. */
export function athenaQueryStatement(scope: Construct, workGroup: string): PolicyStatement {
  return new PolicyStatement({
    actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
    resources: [workGroupArn(scope, workGroup)],
  });
}
