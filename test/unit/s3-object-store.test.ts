import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../handlers/shared/s3-object-store.js';

const s3 = mockClient(S3Client);
// Test files share their worker's modules: give the next one the real client back.
afterAll(() => {
  s3.restore();
});

describe('S3ObjectStore', () => {
  beforeEach(() => s3.reset());

  it('puts text into the analytics bucket under the key, JSON typed', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');

    // Act
    await store.putText('work/run-1/batch-0001.json', '{"ids":["u-1"]}');

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'example-analytics-bucket',
      Key: 'work/run-1/batch-0001.json',
      Body: '{"ids":["u-1"]}',
      ContentType: 'application/json',
    });
  });

  it('types the statement files as HTML and CSV', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');

    // Act
    await store.putText('reports/monthly/2026-06/statement.html', '<!doctype html>');
    await store.putText('reports/monthly/2026-06/statement.csv', 'section\r\n');

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'reports/monthly/2026-06/statement.html', ContentType: 'text/html; charset=utf-8' });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'reports/monthly/2026-06/statement.csv', ContentType: 'text/csv; charset=utf-8' });
  });

  it('puts a gzipped object as its bytes, gzip typed and without a content encoding', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');
    const body = new Uint8Array([0x1f, 0x8b, 0x08, 0x00]);

    // Act
    await store.putBytes('group-membership/read_date=2026-11-21/daily.json.gz', body);

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'group-membership/read_date=2026-11-21/daily.json.gz', Body: body, ContentType: 'application/gzip' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.ContentEncoding).toBeUndefined();
  });

  it('puts a Parquet object as its bytes, Parquet typed', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');
    const body = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

    // Act
    await store.putBytes('canonical/user_report_rows/report_date=2026-09-15/x.parquet', body);

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'example-analytics-bucket',
      Key: 'canonical/user_report_rows/report_date=2026-09-15/x.parquet',
      Body: body,
      ContentType: 'application/vnd.apache.parquet',
    });
  });

  it('lists the objects below a prefix with their sizes, to the last page', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { Bucket: 'example-analytics-bucket', Prefix: 'canonical/user_report_rows/' })
      .resolvesOnce({ Contents: [{ Key: 'canonical/user_report_rows/report_date=2026-09-15/a.json', Size: 12 }], IsTruncated: true, NextContinuationToken: 't-1' })
      .resolvesOnce({ Contents: [{ Key: 'canonical/user_report_rows/report_date=2026-09-15/a.parquet', Size: 0 }], IsTruncated: false });
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');

    // Act
    const objects = await store.listObjects('canonical/user_report_rows/');

    // Assess
    expect(objects).toEqual([
      { key: 'canonical/user_report_rows/report_date=2026-09-15/a.json', size: 12 },
      { key: 'canonical/user_report_rows/report_date=2026-09-15/a.parquet', size: 0 },
    ]);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { ContinuationToken: 't-1' });
  });

  it('reads an object back as text', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'example-analytics-bucket', Key: 'work/run-1/batch-0001.json' }).resolves({
      // The SDK's streaming body; only transformToString is used.
      Body: { transformToString: async (encoding?: string) => (encoding === 'utf-8' ? '{"ids":["u-1"]}' : 'wrong encoding') } as never,
    });
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');

    // Act
    const text = await store.getText('work/run-1/batch-0001.json');

    // Assess
    expect(text).toBe('{"ids":["u-1"]}');
  });

  it('names the missing object', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    const store = new S3ObjectStore(new S3Client({}), 'example-analytics-bucket');

    // Act + Assess
    await expect(store.getText('work/run-1/batch-0009.json')).rejects.toThrow(
      's3://example-analytics-bucket/work/run-1/batch-0009.json does not exist',
    );
  });
});
