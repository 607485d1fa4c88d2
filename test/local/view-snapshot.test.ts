/**
 * Difference views-computed-once: LocalAthena.snapshotViews computes each view once into a table
 * in the order the views were created (the same rows), and a table loaded again or a view created
 * puts every view back to its own statement.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';

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

describe('LocalAthena.snapshotViews', () => {
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

  it('puts the views back when a table is loaded again: a changed base row shows', async () => {
    // Prepare: a snapshot, then a base row changed behind it.
    await athena.snapshotViews();
    await athena.run('INSERT INTO base_rows VALUES (10)');
    expect(await total()).toBe('12');

    // Act: the user mapping reloaded (as after ResolveUsers).
    await athena.registerUserMapping(join(scratch, 'no-mapping-yet'));

    // Assess
    expect(await total()).toBe('32');
    expect(await snapshotTables()).toEqual([]);
  });

  it('puts the views back when a view is created, so it reads the new view', async () => {
    // Prepare
    await athena.snapshotViews();

    // Act
    await athena.createView('CREATE OR REPLACE VIEW doubled AS SELECT n * 3 AS n FROM base_rows');

    // Assess
    expect(await total()).toBe('18');
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
