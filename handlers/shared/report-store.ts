/**
 * The customer's report bucket, read only: the user_report and by_user_analytic files below
 * the configured prefixes (S3 in AWS, the --reports folder in the local run). Keys are what the object's key says about
 * the file (account, region, day folder, stamp); the version stamp tells a rewritten key apart.
 */

/** One report file as listed. */
export interface ReportObject {
  key: string;
  /** Changes whenever the object's content does (S3's ETag; locally size and mtime). */
  etag: string;
  /** ISO-8601 instant of the last write. */
  lastModified: string;
}

/** The report files of the report bucket. */
export interface ReportStore {
  /** Every user_report and by_user_analytic CSV below the prefixes, all pages, sorted by key. Marker objects are left out. */
  listReportFiles(): Promise<ReportObject[]>;
  /** The file's text; rejects with an error naming the key. */
  getText(key: string): Promise<string>;
  /** The file as Athena's `"$path"` names it (`s3://bucket/key`; locally its path). */
  uriOf(key: string): string;
}
