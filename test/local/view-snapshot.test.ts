/**
 * Difference views-computed-once: LocalAthena computes each view once into a table when a query
 * first reads it (snapshotViews: every view), in the order the views were created (the same
 * rows); a table loaded again or a view created puts back the views that read it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createLocalAthena, LocalAthena } from '../../local/aws/athena/local-athena.js';

let athena: LocalAthena;
let scratch: string;

beforeEach(async () => {
  athena = await createLocalAthena();
  scratch = await mkdtemp(join(tmpdir(), 'view-snapshot-'));
  await athena.run('CREATE TABLE base_rows AS SELECT * FROM (VALUES (1), (2), (3)) AS t(n)');
  await athena.createView('CREATE OR REPLACE VIEW doubled AS SELECT n * 2 AS n FROM base_rows');
  await athena.createView('CREATE OR REPLACE VIEW doubled_total AS SELECT sum(n) AS total, count(*) AS rows FROM doubled');
});

afterEach(async () => {
  athena.close();
  await rm(scratch, { recursive: true, force: true });
});

const total = async (): Promise<string | null | undefined> => (await athena.run('SELECT total FROM doubled_total'))[0]?.total;
const snapshotTables = async (): Promise<string[]> =>
  (await athena.run(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__snapshot' ORDER BY 1`)).map((row) => String(row.table_name));

describe('LocalAthena: views computed once', () => {
  it('gives the same rows, each view read from its table', async () => {
    // Prepare
    const before = await athena.run('SELECT * FROM doubled ORDER BY n');

    // Act: two readers at once share one snapshot.
    await Promise.all([athena.snapshotViews(), athena.snapshotViews()]);

    // Assess
    expect(await athena.run('SELECT * FROM doubled ORDER BY n')).toEqual(before);
    expect(await total()).toBe('12');
    expect(await snapshotTables()).toEqual(['doubled__snapshot', 'doubled_total__snapshot']);
    expect(await athena.listViews()).toEqual(['doubled', 'doubled_total']);
  });

  it('tells after each view it computes how many of those left to compute are done, and nothing once all are', async () => {
    // Prepare: doubled computed already, by a query reading it.
    await athena.run('SELECT count(*) FROM doubled');
    const told: string[] = [];

    // Act: the second time (the next dataset's import), every view is computed already.
    await athena.snapshotViews((done, of) => told.push(`first ${done}/${of}`));
    await athena.snapshotViews((done, of) => told.push(`again ${done}/${of}`));

    // Assess
    expect(told).toEqual(['first 1/1']);
    expect(await snapshotTables()).toEqual(['doubled__snapshot', 'doubled_total__snapshot']);
  });

  it('computes, when a query reads a view, that view and the views it reads, and no other', async () => {
    // Prepare: a view nothing here reads.
    await athena.createView('CREATE OR REPLACE VIEW unrelated AS SELECT n FROM base_rows WHERE n > 1');

    // Act
    const first = await total();
    const second = await total();

    // Assess: one table per view read, the second reader reading it too.
    expect([first, second]).toEqual(['12', '12']);
    expect(await snapshotTables()).toEqual(['doubled__snapshot', 'doubled_total__snapshot']);
  });

  it('puts back, when a table is loaded again, the views that read it: the reloaded rows show', async () => {
    // Prepare: a view over the user mapping and one over another table, both computed.
    await athena.registerUserMapping(join(scratch, 'no-mapping-yet'));
    await athena.createView('CREATE OR REPLACE VIEW mapped_people AS SELECT count(*) AS people FROM user_mapping');
    await athena.snapshotViews();
    expect((await athena.run('SELECT people FROM mapped_people'))[0]?.people).toBe('0');

    // Act: the user mapping reloaded with a line (as after ResolveUsers).
    await mkdir(join(scratch, 'mapping', 'resolved_date=2026-11-30'), { recursive: true });
    await writeFile(
      join(scratch, 'mapping', 'resolved_date=2026-11-30', 'users.json'),
      `${JSON.stringify({ userid: 'u-1', user_name: 'u1', display_name: 'User One', status: 'ACTIVE', resolved_at: '2026-11-30T06:00:00Z' })}\n`,
    );
    await athena.registerUserMapping(join(scratch, 'mapping'));

    // Assess: the others keep their tables; the mapping's view, put back, reads the new line.
    expect(await snapshotTables()).toEqual(['doubled__snapshot', 'doubled_total__snapshot']);
    expect((await athena.run('SELECT people FROM mapped_people'))[0]?.people).toBe('1');
  });

  it('puts every view back when a statement other than a query writes through run', async () => {
    // Prepare: a snapshot, then a base row added through run.
    await athena.snapshotViews();

    // Act
    await athena.run('INSERT INTO base_rows VALUES (10)');

    // Assess
    expect(await total()).toBe('32');
  });

  it('puts the views back when a view is created, so it reads the new view', async () => {
    // Prepare
    await athena.snapshotViews();

    // Act
    await athena.createView('CREATE OR REPLACE VIEW doubled AS SELECT n * 3 AS n FROM base_rows');

    // Assess: neither the view's old table nor its reader's is left; both are computed again.
    expect(await snapshotTables()).toEqual([]);
    expect(await total()).toBe('18');
    expect(await snapshotTables()).toEqual(['doubled__snapshot', 'doubled_total__snapshot']);
  });

  it('leaves a view that cannot be computed as it is, and snapshots the rest', async () => {
    // Prepare: a view that fails when read.
    await athena.createView(`CREATE OR REPLACE VIEW broken AS SELECT CAST('x' || n AS INTEGER) AS n FROM base_rows`);

    // Act
    await athena.snapshotViews();

    // Assess
    expect(await snapshotTables()).toEqual(['doubled__snapshot', 'doubled_total__snapshot']);
    await expect(athena.run('SELECT * FROM broken')).rejects.toThrow();
  });
});

/** A real connection whose statements creating `table` fail with `message`, as DuckDB's own faults do. */
function failingOn(connection: DuckDBConnection, table: string, message: string): DuckDBConnection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== 'run' || typeof value !== 'function') return value;
      return (sql: string) => (sql.includes(`TABLE "${table}"`) ? Promise.reject(new Error(message)) : (value as (text: string) => Promise<unknown>).call(target, sql));
    },
  });
}

describe('LocalAthena: a view the engine itself fails to compute', () => {
  it('stops the reader with the engine error, naming the view, where a view with bad SQL is left as it is', async () => {
    // Prepare: the engine faults computing doubled; bad SQL in the other view.
    const instance = await DuckDBInstance.create(':memory:');
    const faulty = new LocalAthena(instance, failingOn(await instance.connect(), 'doubled__snapshot', 'INTERNAL Error: Attempted to access index 0 within vector of size 0'));
    await faulty.run('CREATE TABLE base_rows AS SELECT * FROM (VALUES (1), (2)) AS t(n)');
    await faulty.createView(`CREATE OR REPLACE VIEW broken AS SELECT error('row ' || n || ' is bad') AS n FROM base_rows`);
    await faulty.createView('CREATE OR REPLACE VIEW doubled AS SELECT n * 2 AS n FROM base_rows');

    // Act & Assess
    await expect(faulty.run('SELECT * FROM broken')).rejects.toThrow(/row \d is bad/);
    await expect(faulty.run('SELECT * FROM doubled')).rejects.toThrow('Computing view doubled failed: INTERNAL Error: Attempted to access index 0 within vector of size 0');
    faulty.close();
  });
});
