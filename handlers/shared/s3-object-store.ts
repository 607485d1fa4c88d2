/** ObjectStore over one S3 bucket (the stack's analytics bucket). */
import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, StoredObject } from './object-store.js';

/** Reads and writes text objects, and writes binary ones, in `bucket`. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putText(key: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentTypeOf(key) }),
    );
  }

  async putBytes(key: string, body: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentTypeOf(key) }));
  }

  async getText(key: string): Promise<string> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
      return await object.Body.transformToString('utf-8');
    } catch (error) {
      if ((error as { name?: unknown }).name === 'NoSuchKey') throw new Error(`s3://${this.bucket}/${key} does not exist`);
      throw error;
    }
  }

  async listObjects(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) objects.push({ key: object.Key, size: object.Size ?? 0 });
      }
    }
    return objects;
  }

  async findText(key: string): Promise<string | undefined> {
    try {
      return await this.getText(key);
    } catch (error) {
      if (error instanceof Error && error.message === `s3://${this.bucket}/${key} does not exist`) return undefined;
      throw error;
    }
  }
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  // A gzipped object (a group snapshot) is stored as it is: no Content-Encoding, which would make
  // clients unpack it on download while Athena reads it by its `.gz` name.
  if (key.endsWith('.gz')) return 'application/gzip';
  // The monthly statement's files open in a browser or a spreadsheet from the console.
  if (key.endsWith('.html')) return 'text/html; charset=utf-8';
  if (key.endsWith('.csv')) return 'text/csv; charset=utf-8';
  return key.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
}
