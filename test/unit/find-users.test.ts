import { describe, expect, it } from 'vitest';
import { batchKey, chunk } from '../../handlers/find-users/batches.js';
import { findUsers } from '../../handlers/find-users/find-users.js';
import { MemoryStore } from './support/memory-store.js';
import { ScriptedQueries } from './support/scripted-queries.js';
import { testSettings } from './support/settings.js';

const event = { executionDate: '2026-11-21', executionName: 'daily-2026-11-21' };
const ids = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(5, '0')}`);
const rows = (values: string[]) => values.map((userid) => ({ userid }));

function deps(queries: ScriptedQueries, store = new MemoryStore()) {
  return { queries, store, workPrefix: 'work/', users: testSettings().users };
}

describe('findUsers', () => {
  it('writes new ids then stale-name ids into one batch file and counts each', async () => {
    // Prepare
    const queries = new ScriptedQueries([rows(['new-1', 'new-2']), rows(['old-1'])]);
    const store = new MemoryStore();

    // Act
    const plan = await findUsers(event, deps(queries, store));

    // Assess
    expect(plan).toEqual({
      newUsers: 2,
      refreshUsers: 1,
      batches: [{ key: 'work/daily-2026-11-21/batch-0001.json', count: 3 }],
    });
    expect(JSON.parse(store.objects.get('work/daily-2026-11-21/batch-0001.json') ?? '')).toEqual({ ids: ['new-1', 'new-2', 'old-1'] });
  });

  it('asks for names resolved before executionDate minus nameRefreshDays, deleted ones too, limited to the refresh batch size', async () => {
    // Prepare
    const queries = new ScriptedQueries([[], []]);

    // Act
    await findUsers(event, deps(queries));

    // Assess
    expect(queries.sql[1]).toContain("CAST(resolved_at AS varchar) < '2026-10-22'");
    // An id found DELETED (or missing from a partial directory) is checked again on the same cycle.
    expect(queries.sql[1]).not.toContain('status');
    expect(queries.sql[1]).toContain('LIMIT 200');
  });

  it('with teams from an attribute, also refreshes entries that lack its answer, each id once', async () => {
    // Prepare: old-1 is stale and lacks the attribute; old-2 only lacks it; new-1 is new.
    const queries = new ScriptedQueries([rows(['new-1']), rows(['old-1']), rows(['old-1', 'old-2', 'new-1'])]);
    const store = new MemoryStore();

    // Act
    const plan = await findUsers(event, { ...deps(queries, store), teamsFromAttribute: true });

    // Assess
    expect(plan).toMatchObject({ newUsers: 1, refreshUsers: 2 });
    expect(queries.sql[2]).toContain('team_attribute IS NULL');
    expect(JSON.parse(store.objects.get('work/daily-2026-11-21/batch-0001.json') ?? '')).toEqual({ ids: ['new-1', 'old-1', 'old-2'] });
  });

  it('does not ask about team answers without teams from an attribute', async () => {
    // Prepare
    const queries = new ScriptedQueries([[], []]);

    // Act
    await findUsers(event, deps(queries));

    // Assess
    expect(queries.sql).toHaveLength(2);
  });

  it('writes no batch when nobody needs resolving', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const plan = await findUsers(event, deps(new ScriptedQueries([[], []]), store));

    // Assess
    expect(plan).toEqual({ newUsers: 0, refreshUsers: 0, batches: [] });
    expect(store.objects.size).toBe(0);
  });

  it('splits 20,000 new ids into 40 batches of 500 without losing or repeating one', async () => {
    // Prepare
    const newIds = ids(20_000, 'new');
    const store = new MemoryStore();

    // Act
    const plan = await findUsers(event, deps(new ScriptedQueries([rows(newIds), rows(ids(3, 'old'))]), store));

    // Assess
    expect(plan.newUsers).toBe(20_000);
    expect(plan.refreshUsers).toBe(3);
    expect(plan.batches).toHaveLength(41);
    expect(plan.batches[0]).toEqual({ key: 'work/daily-2026-11-21/batch-0001.json', count: 500 });
    expect(plan.batches[40]).toEqual({ key: 'work/daily-2026-11-21/batch-0041.json', count: 3 });
    const written = plan.batches.flatMap((batch) => (JSON.parse(store.objects.get(batch.key) ?? '') as { ids: string[] }).ids);
    expect(written).toEqual([...newIds, ...ids(3, 'old')]);
  });

  it('looks an id up once even when both queries return it', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const plan = await findUsers(event, deps(new ScriptedQueries([rows(['u-1', 'u-1']), rows(['u-1', 'u-2'])]), store));

    // Assess
    expect(plan).toMatchObject({ newUsers: 1, refreshUsers: 1 });
    expect(store.objects.get('work/daily-2026-11-21/batch-0001.json')).toBe('{"ids":["u-1","u-2"]}');
  });

  it('fails naming the column when a row has no user id', async () => {
    // Act + Assess
    await expect(findUsers(event, deps(new ScriptedQueries([[{ userid: null }], []])))).rejects.toThrow(
      'query result column "userid" is empty where a value was expected',
    );
  });
});

describe('batches', () => {
  it('chunks with a short last chunk and rejects a zero size', () => {
    // Act + Assess
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => chunk([1], 0)).toThrow('batch size must be a positive integer, got 0');
  });

  it('numbers batch files from 0001', () => {
    // Act + Assess
    expect(batchKey('work/', 'run-1', 12)).toBe('work/run-1/batch-0012.json');
  });
});
