/**
 * ReadGroupMemberships against Identity Center (aws-sdk-client-mock): one GetGroupId per
 * configured group, ListGroupMemberships paged to the end, our own retries on throttling, a group
 * that does not exist or is deleted between runs or between two pages, and the snapshot's lines.
 */
import {
  GetGroupIdCommand,
  IdentitystoreClient,
  InternalServerException,
  ListGroupMembershipsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  AccessDeniedException,
} from '@aws-sdk/client-identitystore';
import { gunzipSync } from 'node:zlib';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../handlers/read-groups/handler.js';
import { logger } from '../../handlers/shared/logger.js';
import { configuredGroups, membershipRecords, type SnapshotConfig } from '../../handlers/read-groups/membership-records.js';
import { GROUP_RETRY_POLICY, readGroups } from '../../handlers/read-groups/read-groups.js';
import { IdentityCenterGroupLookup } from '../../handlers/shared/identity-center-user-lookup.js';
import { GROUP_MEMBERSHIP_COLUMNS } from '../../handlers/shared/report-format.js';
import { MemoryStore } from './support/memory-store.js';
import { testSettings } from './support/settings.js';

const identityStore = mockClient(IdentitystoreClient);
// Test files share their worker's modules: give the next one the real client back.
afterAll(() => {
  identityStore.restore();
});
const meta = { $metadata: {} };
const NOW = new Date('2026-11-21T03:04:05.678Z');
const event = { executionDate: '2026-11-21', executionName: 'daily-2026-11-21' };
const SNAPSHOT_KEY = 'group-membership/read_date=2026-11-21/daily-2026-11-21.json.gz';
const CONFIG: SnapshotConfig = {
  teams: { groups: ['Platform', 'Data'] },
  licensedGroups: [
    { group: 'kiro-pro', tier: 'PRO' },
    { group: 'Data', tier: 'PRO_PLUS' },
  ],
};

function givenGroup(name: string, id: string): void {
  identityStore
    .on(GetGroupIdCommand, { AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: name } } })
    .resolves({ GroupId: id, IdentityStoreId: 'd-1234567890' });
}

function members(...userIds: string[]) {
  return userIds.map((UserId) => ({ IdentityStoreId: 'd-1234567890', GroupId: 'g', MemberId: { UserId } }));
}

function deps(store = new MemoryStore(), sleep = vi.fn<(ms: number) => Promise<void>>(async () => undefined)) {
  return {
    store,
    sleep,
    deps: {
      groups: new IdentityCenterGroupLookup(new IdentitystoreClient({}), 'd-1234567890'),
      store,
      config: CONFIG,
      retryPolicy: GROUP_RETRY_POLICY,
      effects: { sleep, random: () => 0.5 },
      now: () => NOW,
    },
  };
}

function snapshotLines(store: MemoryStore): Record<string, string | null>[] {
  const object = store.binaries.get(SNAPSHOT_KEY);
  if (object === undefined) throw new Error(`no snapshot at ${SNAPSHOT_KEY}`);
  return gunzipSync(object)
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, string | null>);
}

beforeEach(() => {
  identityStore.reset();
  identityStore.on(GetGroupIdCommand).rejects(new ResourceNotFoundException({ message: 'no such group', ...meta }));
});

describe('readGroups against Identity Center', () => {
  it('reads each configured group once, every page, and writes one snapshot', async () => {
    // Prepare
    givenGroup('Platform', 'g-platform');
    givenGroup('Data', 'g-data');
    givenGroup('kiro-pro', 'g-pro');
    identityStore
      .on(ListGroupMembershipsCommand, { GroupId: 'g-platform' })
      .resolves({ GroupMemberships: members('u-ana', 'u-ben') })
      .on(ListGroupMembershipsCommand, { GroupId: 'g-data', NextToken: undefined })
      .resolves({ GroupMemberships: members('u-ben', 'u-cara'), NextToken: 'page-2' })
      .on(ListGroupMembershipsCommand, { GroupId: 'g-data', NextToken: 'page-2' })
      .resolves({ GroupMemberships: [...members('u-dan'), { IdentityStoreId: 'd-1234567890', GroupId: 'g-data', MemberId: { $unknown: ['Group', 'x'] } }] })
      .on(ListGroupMembershipsCommand, { GroupId: 'g-pro' })
      .resolves({ GroupMemberships: members('u-ana', 'u-eve') });
    const { store, deps: ports } = deps();

    // Act
    const result = await readGroups(event, ports);

    // Assess
    expect(result).toEqual({ key: SNAPSHOT_KEY, groups: 3, missingGroups: 0, members: 5 });
    // Data is both a team and a licensed group: still one GetGroupId and one listing.
    expect(identityStore).toHaveReceivedCommandTimes(GetGroupIdCommand, 3);
    expect(identityStore).toHaveReceivedCommandTimes(ListGroupMembershipsCommand, 4);
    expect(identityStore).toHaveReceivedCommandWith(ListGroupMembershipsCommand, { IdentityStoreId: 'd-1234567890', GroupId: 'g-data', MaxResults: 100 });
    const base = { snapshot: 'daily-2026-11-21', read_at: '2026-11-21T03:04:05.678Z', team_source: 'groups' };
    expect(snapshotLines(store)).toEqual([
      { ...base, userid: null, team: null, licensed_group: null, licensed_tier: null },
      // Ana: Platform first; her seat from kiro-pro. Ben: Platform listed before Data. Cara, Dan: Data, licensed through it.
      { ...base, userid: 'u-ana', team: 'Platform', licensed_group: 'kiro-pro', licensed_tier: 'PRO' },
      { ...base, userid: 'u-ben', team: 'Platform', licensed_group: 'Data', licensed_tier: 'PRO_PLUS' },
      { ...base, userid: 'u-cara', team: 'Data', licensed_group: 'Data', licensed_tier: 'PRO_PLUS' },
      { ...base, userid: 'u-dan', team: 'Data', licensed_group: 'Data', licensed_tier: 'PRO_PLUS' },
      { ...base, userid: 'u-eve', team: null, licensed_group: 'kiro-pro', licensed_tier: 'PRO' },
    ]);
    expect(Object.keys(snapshotLines(store)[0] ?? {})).toEqual([...GROUP_MEMBERSHIP_COLUMNS]);
  });

  it('backs off on throttling with its own retries (the SDK makes one attempt), then succeeds', async () => {
    // Prepare
    identityStore
      .on(GetGroupIdCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .resolves({ GroupId: 'g-any', IdentityStoreId: 'd-1234567890' })
      .on(ListGroupMembershipsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .rejectsOnce(new InternalServerException({ message: 'oops', ...meta }))
      .resolves({ GroupMemberships: members('u-ana') });
    const { deps: ports, sleep } = deps();

    // Act
    const result = await readGroups(event, { ...ports, config: { licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] } });

    // Assess
    expect(result).toMatchObject({ groups: 1, missingGroups: 0, members: 1 });
    expect(identityStore).toHaveReceivedCommandTimes(GetGroupIdCommand, 2);
    expect(identityStore).toHaveReceivedCommandTimes(ListGroupMembershipsCommand, 3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 100, 200]);
  });

  it('fails after the last attempt of a throttled call, writing nothing', async () => {
    // Prepare
    identityStore.on(GetGroupIdCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));
    const { store, deps: ports } = deps();

    // Act + Assess
    await expect(readGroups(event, ports)).rejects.toThrow('Rate exceeded');
    expect(identityStore).toHaveReceivedCommandTimes(GetGroupIdCommand, GROUP_RETRY_POLICY.maxAttempts);
    expect(store.objects.size).toBe(0);
  });

  it('does not retry an error that is no throttling (AccessDenied)', async () => {
    // Prepare
    identityStore.on(GetGroupIdCommand).rejects(new AccessDeniedException({ message: 'not allowed', ...meta }));
    const { deps: ports } = deps();

    // Act + Assess
    await expect(readGroups(event, ports)).rejects.toThrow('not allowed');
    expect(identityStore).toHaveReceivedCommandTimes(GetGroupIdCommand, 1);
  });

  it('reads a group deleted since the last run as missing, with no members, and still writes the snapshot', async () => {
    // Prepare: the last run found both; now kiro-pro is gone (GetGroupId: ResourceNotFound).
    givenGroup('Platform', 'g-platform');
    givenGroup('Data', 'g-data');
    identityStore.on(ListGroupMembershipsCommand).resolves({ GroupMemberships: members('u-ana') });
    const { store, deps: ports } = deps();

    // Act
    const result = await readGroups(event, ports);

    // Assess
    expect(result).toEqual({ key: SNAPSHOT_KEY, groups: 2, missingGroups: 1, members: 1 });
    expect(snapshotLines(store)[1]).toMatchObject({ userid: 'u-ana', team: 'Platform', licensed_group: 'Data', licensed_tier: 'PRO_PLUS' });
  });

  it('reads a group deleted between two pages as missing: none of its members count', async () => {
    // Prepare
    givenGroup('kiro-pro', 'g-pro');
    identityStore
      .on(ListGroupMembershipsCommand, { GroupId: 'g-pro', NextToken: undefined })
      .resolves({ GroupMemberships: members('u-ana'), NextToken: 'page-2' })
      .on(ListGroupMembershipsCommand, { GroupId: 'g-pro', NextToken: 'page-2' })
      .rejects(new ResourceNotFoundException({ message: 'group gone', ...meta }));
    const { store, deps: ports } = deps();

    // Act
    const result = await readGroups(event, { ...ports, config: { licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] } });

    // Assess
    expect(result).toEqual({ key: SNAPSHOT_KEY, groups: 0, missingGroups: 1, members: 0 });
    expect(snapshotLines(store)).toEqual([expect.objectContaining({ userid: null, team_source: null })]);
  });

  it('lists a member once however often the pages repeat them', async () => {
    // Prepare
    givenGroup('kiro-pro', 'g-pro');
    identityStore
      .on(ListGroupMembershipsCommand, { NextToken: undefined })
      .resolves({ GroupMemberships: members('u-ana', 'u-ana'), NextToken: 't' })
      .on(ListGroupMembershipsCommand, { NextToken: 't' })
      .resolves({ GroupMemberships: members('u-ana') });
    const { deps: ports } = deps();

    // Act
    const result = await readGroups(event, { ...ports, config: { licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] } });

    // Assess
    expect(result.members).toBe(1);
  });

  it('calls nothing without configured groups and writes a snapshot of the team source alone', async () => {
    // Prepare
    const { store, deps: ports } = deps();

    // Act
    const result = await readGroups(event, { ...ports, config: { teams: { attribute: 'department' }, licensedGroups: [] } });

    // Assess
    expect(result).toEqual({ key: SNAPSHOT_KEY, groups: 0, missingGroups: 0, members: 0 });
    expect(identityStore.calls()).toHaveLength(0);
    expect(snapshotLines(store)).toEqual([
      { snapshot: 'daily-2026-11-21', read_at: '2026-11-21T03:04:05.678Z', team_source: 'department', userid: null, team: null, licensed_group: null, licensed_tier: null },
    ]);
  });
});

describe('the snapshot rules', () => {
  it('reads team groups first, then licensed groups, each once', () => {
    // Act + Assess
    expect(configuredGroups(CONFIG)).toEqual(['Platform', 'Data', 'kiro-pro']);
    expect(configuredGroups({ licensedGroups: [] })).toEqual([]);
  });

  it('gives a person in several groups the first listed team and the first listed seat', () => {
    // Prepare
    const config: SnapshotConfig = {
      teams: { groups: ['Data', 'Platform'] },
      licensedGroups: [{ group: 'kiro-power', tier: 'POWER' }, { group: 'kiro-pro', tier: 'PRO' }],
    };
    const found = new Map([
      ['Platform', ['u-1']],
      ['Data', ['u-1']],
      ['kiro-pro', ['u-1']],
      ['kiro-power', ['u-1']],
    ]);

    // Act
    const [, person] = membershipRecords(config, found, 'run', '2026-11-21T00:00:00.000Z');

    // Assess
    expect(person).toMatchObject({ userid: 'u-1', team: 'Data', licensed_group: 'kiro-power', licensed_tier: 'POWER' });
  });
});

describe('the ReadGroupMemberships handler', () => {
  it('reads the groups of the settings and logs counts only', async () => {
    // Prepare
    givenGroup('Secret Team', 'g-secret');
    identityStore.on(ListGroupMembershipsCommand).resolves({ GroupMemberships: members('u-ana') });
    const store = new MemoryStore();
    const writes: string[] = [];
    logger.setLogLevel('DEBUG');
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const handler = createHandler({
      settings: testSettings({ teams: { groups: ['Secret Team'] }, licensedGroups: [] }),
      groups: new IdentityCenterGroupLookup(new IdentitystoreClient({}), 'd-1234567890'),
      store,
      effects: { sleep: async () => undefined, random: () => 0 },
      now: () => NOW,
    });

    // Act
    const result = await handler(event).finally(() => {
      spy.mockRestore();
      logger.setLogLevel('INFO');
    });

    // Assess
    expect(result).toEqual({ key: SNAPSHOT_KEY, groups: 1, missingGroups: 0, members: 1 });
    expect(writes.join('')).toContain('groups read');
    expect(writes.join('')).not.toContain('Secret Team');
  });

  it('refuses an event without the execution date', async () => {
    // Prepare
    const handler = createHandler({
      settings: testSettings(),
      groups: { groupId: async () => null, members: async () => null },
      store: new MemoryStore(),
      effects: { sleep: async () => undefined, random: () => 0 },
      now: () => NOW,
    });

    // Act + Assess
    await expect(handler({ executionName: 'x' })).rejects.toThrow('executionDate');
  });
});
