/** ReportStore over the customer's report bucket (read only). */
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { ReportObject, ReportStore } from './report-store.js';

/** Lists and reads the `.csv` objects below `prefixes` (the user_report and by_user_analytic key prefixes, each ending in `/`). */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefixes: readonly string[],
  ) {}

  async listReportFiles(): Promise<ReportObject[]> {
    const found: ReportObject[] = [];
    for (const prefix of this.prefixes) {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined || !object.Key.endsWith('.csv')) continue;
          found.push({ key: object.Key, etag: object.ETag ?? '', lastModified: object.LastModified?.toISOString() ?? '' });
        }
      }
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async getText(key: string): Promise<string> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!object.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return object.Body.transformToString('utf-8');
  }

  uriOf(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }
}
