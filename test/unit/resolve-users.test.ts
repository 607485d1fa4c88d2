import {
  DescribeUserCommand,
  IdentitystoreClient,
  InternalServerException,
  ResourceNotFoundException,
  ThrottlingException,
  AccessDeniedException,
} from '@aws-sdk/client-identitystore';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mappingKey, mappingRecord, toJsonLines } from '../../handlers/resolve-users/mapping-record.js';
import { parseBatchFile } from '../../handlers/resolve-users/batch-file.js';
import { DESCRIBE_RETRY_POLICY, resolveBatch } from '../../handlers/resolve-users/resolve-batch.js';
import { IdentityCenterUserLookup } from '../../handlers/shared/identity-center-user-lookup.js';
import { USER_MAPPING_COLUMNS } from '../../handlers/shared/report-format.js';
import { exponentialDelayMs } from '../../handlers/shared/retry.js';
import { S3ObjectStore } from '../../handlers/shared/s3-object-store.js';
import type { UserLookup } from '../../handlers/shared/user-lookup.js';
import { MemoryStore } from './support/memory-store.js';

const identityStore = mockClient(IdentitystoreClient);
const s3 = mockClient(S3Client);
// Test files share their worker's modules: give the next one the real client back.
afterAll(() => {
  identityStore.restore();
  s3.restore();
});

const BUCKET = 'example-analytics-bucket';
const BATCH_KEY = 'work/daily-2026-11-21/batch-0001.json';
const MAPPING_KEY = 'user-mapping/resolved_date=2026-11-21/daily-2026-11-21-0000.json';
const NOW = new Date('2026-11-21T03:04:05.678Z');
const event = { key: BATCH_KEY, batchIndex: 0, executionDate: '2026-11-21', executionName: 'daily-2026-11-21' };

const meta = { $metadata: {} };
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', ...meta });
const notFound = () => new ResourceNotFoundException({ message: 'User not found', ...meta });

function givenBatch(ids: string[]) {
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: BATCH_KEY }).resolves({
    // The SDK's streaming body; only transformToString is used.
    Body: { transformToString: async () => JSON.stringify({ ids }) } as never,
  });
}

function awsDeps(sleep = vi.fn<(ms: number) => Promise<void>>(async () => undefined)) {
  return {
    sleep,
    deps: {
      store: new S3ObjectStore(new S3Client({}), BUCKET),
      users: new IdentityCenterUserLookup(new IdentitystoreClient({}), 'd-1234567890'),
      mappingPrefix: 'user-mapping/',
      concurrency: 5,
      retryPolicy: DESCRIBE_RETRY_POLICY,
      effects: { sleep, random: () => 0.5 },
      now: () => NOW,
    },
  };
}

/** The JSON-lines body of the one PutObject call. */
function writtenLines(): unknown[] {
  const puts = s3.commandCalls(PutObjectCommand);
  expect(puts).toHaveLength(1);
  return String(puts[0]?.args[0].input.Body)
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('resolveBatch against Identity Center and S3', () => {
  beforeEach(() => {
    identityStore.reset();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('describes each id in the identity store and writes one JSON-lines mapping file', async () => {
    // Prepare
    givenBatch(['u-ada', 'u-bo']);
    identityStore
      .on(DescribeUserCommand, { UserId: 'u-ada' })
      .resolves({ UserId: 'u-ada', IdentityStoreId: 'd-1234567890', UserName: 'ada.example', DisplayName: '  Ada\r\nExample ' })
      .on(DescribeUserCommand, { UserId: 'u-bo' })
      .resolves({ UserId: 'u-bo', IdentityStoreId: 'd-1234567890', UserName: 'bo.example', DisplayName: 'Bo Example' });
    const { deps } = awsDeps();

    // Act
    const result = await resolveBatch(event, deps);

    // Assess
    expect(result).toEqual({ key: MAPPING_KEY, resolved: 2, deleted: 0 });
    expect(identityStore).toHaveReceivedCommandWith(DescribeUserCommand, { IdentityStoreId: 'd-1234567890', UserId: 'u-ada' });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: BUCKET, Key: MAPPING_KEY });
    expect(writtenLines()).toEqual([
      { userid: 'u-ada', user_name: 'ada.example', display_name: 'Ada Example', status: 'ACTIVE', resolved_at: '2026-11-21T03:04:05.678Z', team: null, team_attribute: null },
      { userid: 'u-bo', user_name: 'bo.example', display_name: 'Bo Example', status: 'ACTIVE', resolved_at: '2026-11-21T03:04:05.678Z', team: null, team_attribute: null },
    ]);
  });

  it('backs off on throttling twice and then succeeds (its own retries, counted)', async () => {
    // Prepare
    givenBatch(['u-ada']);
    identityStore
      .on(DescribeUserCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(new InternalServerException({ message: 'oops', ...meta }))
      .resolves({ UserId: 'u-ada', IdentityStoreId: 'd-1234567890', UserName: 'ada.example', DisplayName: 'Ada Example' });
    const { deps, sleep } = awsDeps();

    // Act
    const result = await resolveBatch(event, deps);

    // Assess
    expect(result).toEqual({ key: MAPPING_KEY, resolved: 1, deleted: 0 });
    expect(identityStore).toHaveReceivedCommandTimes(DescribeUserCommand, 3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 200]); // full jitter at random()=0.5 of 200 ms, 400 ms
  });

  it('records a user Identity Center no longer knows as DELETED without retrying', async () => {
    // Prepare
    givenBatch(['u-gone']);
    identityStore.on(DescribeUserCommand).rejects(notFound());
    const { deps } = awsDeps();

    // Act
    const result = await resolveBatch(event, deps);

    // Assess
    expect(result).toEqual({ key: MAPPING_KEY, resolved: 0, deleted: 1 });
    expect(identityStore).toHaveReceivedCommandTimes(DescribeUserCommand, 1);
    expect(writtenLines()).toEqual([
      { userid: 'u-gone', user_name: null, display_name: null, status: 'DELETED', resolved_at: '2026-11-21T03:04:05.678Z', team: null, team_attribute: null },
    ]);
  });

  it('writes what was resolved, then fails naming how many ids failed for good', async () => {
    // Prepare
    givenBatch(['u-ada', 'u-stuck', 'u-gone']);
    identityStore
      .on(DescribeUserCommand, { UserId: 'u-ada' })
      .resolves({ UserId: 'u-ada', IdentityStoreId: 'd-1234567890', UserName: 'ada.example', DisplayName: 'Ada Example' })
      .on(DescribeUserCommand, { UserId: 'u-stuck' })
      .rejects(throttled())
      .on(DescribeUserCommand, { UserId: 'u-gone' })
      .rejects(notFound());
    const { deps } = awsDeps();

    // Act
    const outcome = resolveBatch(event, deps);

    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'UserResolutionFailed',
      message: `resolve-users: 1 of 3 ids could not be resolved (first error: ThrottlingException: Rate exceeded); the 2 resolved are saved in ${MAPPING_KEY}`,
    });
    expect(identityStore.commandCalls(DescribeUserCommand, { UserId: 'u-stuck' })).toHaveLength(DESCRIBE_RETRY_POLICY.maxAttempts);
    expect(writtenLines().map((line) => (line as { userid: string }).userid)).toEqual(['u-ada', 'u-gone']);
  });

  it('does not retry an error that is not transient, and writes nothing when nothing resolved', async () => {
    // Prepare
    givenBatch(['u-ada', 'u-bo']);
    identityStore.on(DescribeUserCommand).rejects(new AccessDeniedException({ message: 'not allowed', ...meta }));
    const { deps } = awsDeps();

    // Act + Assess
    await expect(resolveBatch(event, deps)).rejects.toThrow(
      'resolve-users: 2 of 2 ids could not be resolved (first error: AccessDeniedException: not allowed); nothing was written',
    );
    expect(identityStore).toHaveReceivedCommandTimes(DescribeUserCommand, 2);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});

describe('resolveBatch at full batch size', () => {
  it('resolves 500 ids with at most describeConcurrency calls in flight, in well under a second of work', async () => {
    // Prepare
    const ids = Array.from({ length: 500 }, (_, index) => `u-${index}`);
    const store = new MemoryStore();
    await store.putText(BATCH_KEY, JSON.stringify({ ids }));
    let inFlight = 0;
    let peak = 0;
    const users: UserLookup = {
      async describeUser(id) {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        return id.endsWith('7') ? null : { userName: `${id}.name`, displayName: `Person ${id}` };
      },
    };
    const started = Date.now();

    // Act
    const result = await resolveBatch(event, {
      store,
      users,
      mappingPrefix: 'user-mapping/',
      concurrency: 5,
      retryPolicy: DESCRIBE_RETRY_POLICY,
      effects: { sleep: async () => undefined, random: () => 0 },
      now: () => NOW,
    });

    // Assess
    expect(result).toEqual({ key: MAPPING_KEY, resolved: 450, deleted: 50 });
    expect(peak).toBe(5);
    expect(store.objects.get(MAPPING_KEY)?.trimEnd().split('\n')).toHaveLength(500);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('bounds the backoff one throttled id can add to well under a minute', () => {
    // Act
    const worstCaseMs = Array.from({ length: DESCRIBE_RETRY_POLICY.maxAttempts - 1 }, (_, index) =>
      exponentialDelayMs(index + 1, DESCRIBE_RETRY_POLICY.baseDelayMs, DESCRIBE_RETRY_POLICY.maxDelayMs),
    ).reduce((sum, ms) => sum + ms, 0);

    // Assess
    expect(worstCaseMs).toBeLessThan(15_000);
  });
});

describe('resolveBatch with teams from an enterprise attribute', () => {
  beforeEach(() => {
    identityStore.reset();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('reads the team from the enterprise extension of the same DescribeUser call', async () => {
    // Prepare
    givenBatch(['u-ada', 'u-bo', 'u-cy', 'u-gone']);
    const enterprise = (attributes: Record<string, string>) => ({ 'aws:identitystore:enterprise': attributes });
    identityStore
      .on(DescribeUserCommand, { UserId: 'u-ada' })
      .resolves({ UserId: 'u-ada', IdentityStoreId: 'd-1234567890', UserName: 'ada', DisplayName: 'Ada', Extensions: enterprise({ department: ' Platform\r\n', costCenter: 'CC-1' }) })
      .on(DescribeUserCommand, { UserId: 'u-bo' })
      .resolves({ UserId: 'u-bo', IdentityStoreId: 'd-1234567890', UserName: 'bo', DisplayName: 'Bo', Extensions: enterprise({ costCenter: 'CC-2', department: '  ' }) })
      .on(DescribeUserCommand, { UserId: 'u-cy' })
      .resolves({ UserId: 'u-cy', IdentityStoreId: 'd-1234567890', UserName: 'cy', DisplayName: 'Cy' })
      .on(DescribeUserCommand, { UserId: 'u-gone' })
      .rejects(notFound());
    const { deps } = awsDeps();

    // Act
    const result = await resolveBatch(event, { ...deps, teamAttribute: 'department' });

    // Assess: one call per id, the extension asked for in it; a blank or missing attribute is no team.
    expect(result).toEqual({ key: MAPPING_KEY, resolved: 3, deleted: 1 });
    expect(identityStore).toHaveReceivedCommandTimes(DescribeUserCommand, 4);
    expect(identityStore).toHaveReceivedCommandWith(DescribeUserCommand, { UserId: 'u-ada', Extensions: ['aws:identitystore:enterprise'] });
    expect(writtenLines()).toEqual([
      expect.objectContaining({ userid: 'u-ada', team: 'Platform', team_attribute: 'department' }),
      expect.objectContaining({ userid: 'u-bo', team: null, team_attribute: 'department' }),
      expect.objectContaining({ userid: 'u-cy', team: null, team_attribute: 'department' }),
      expect.objectContaining({ userid: 'u-gone', status: 'DELETED', team: null, team_attribute: 'department' }),
    ]);
  });

  it('reads another attribute when configured so', async () => {
    // Prepare
    givenBatch(['u-ada']);
    identityStore.on(DescribeUserCommand).resolves({
      UserId: 'u-ada',
      IdentityStoreId: 'd-1234567890',
      UserName: 'ada',
      DisplayName: 'Ada',
      Extensions: { 'aws:identitystore:enterprise': { department: 'Platform', costCenter: 'CC-1', manager: { value: 'u-boss' } } },
    });
    const { deps } = awsDeps();

    // Act
    await resolveBatch(event, { ...deps, teamAttribute: 'costCenter' });

    // Assess
    expect(writtenLines()).toEqual([expect.objectContaining({ userid: 'u-ada', team: 'CC-1', team_attribute: 'costCenter' })]);
  });
});

describe('mapping records and batch files', () => {
  it('falls back to the user name when the display name is blank', () => {
    // Act
    const record = mappingRecord('u-1', { userName: 'cy.example', displayName: ' \r\n ' }, '2026-11-21T00:00:00.000Z');

    // Assess
    expect(record).toEqual({
      userid: 'u-1',
      user_name: 'cy.example',
      display_name: 'cy.example',
      status: 'ACTIVE',
      resolved_at: '2026-11-21T00:00:00.000Z',
      team: null,
      team_attribute: null,
    });
  });

  it.each([
    ['an active user', { userName: 'ada.example', displayName: 'Ada Example' }],
    ['a deleted user', null],
  ])('writes exactly the user_mapping columns, in table order, for %s', (_label, user) => {
    // Act
    const line = toJsonLines([mappingRecord('u-1', user, '2026-11-21T00:00:00.000Z')]);

    // Assess
    expect(Object.keys(JSON.parse(line) as object)).toEqual([...USER_MAPPING_COLUMNS]);
  });

  it('pads the batch index to four digits in the partition key', () => {
    // Act + Assess
    expect(mappingKey('user-mapping/', '2026-11-21', 'run-7', 12)).toBe('user-mapping/resolved_date=2026-11-21/run-7-0012.json');
  });

  it.each([
    ['not JSON', 'ids: u-1', 'is not valid JSON'],
    ['ids missing', '{"users": ["u-1"]}', 'expected {"ids": ["<user id>", ...]}'],
    ['a non-string id', '{"ids": ["u-1", 7]}', 'expected {"ids": ["<user id>", ...]}'],
    ['no ids', '{"ids": []}', 'holds no ids'],
  ])('rejects a batch file with %s, naming the key', (_label, text, message) => {
    // Act + Assess
    expect(() => parseBatchFile(text, BATCH_KEY)).toThrow(`resolve-users: batch file ${BATCH_KEY}`);
    expect(() => parseBatchFile(text, BATCH_KEY)).toThrow(message);
  });
});
