/**
 * The local engine's DuckDB must not have the parallel-window race of 1.5.5: an unpartitioned
 * window (`count(*) OVER ()`, as CheckData's files_with_issues and user_directory's snapshot
 * columns use) now and then threw "INTERNAL Error: Attempted to access index 0 within vector of
 * size 0" and invalidated the database, so a local run ended FAILED at whichever step came next
 * (duckdb/duckdb#22352, #22846, #25713). On 1.5.5 with two threads the reproducer below failed
 * within 200 runs every time; a DuckDB without the race runs it every time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';

/** The upstream reproducer: a window over no partition of rows a UNION ALL may leave empty. */
const UNPARTITIONED_WINDOW = `WITH final_cols AS (SELECT i AS x FROM range(1) AS t(i)),
final_people AS (
  SELECT * FROM final_cols WHERE x >= 5000
  UNION ALL
  SELECT * FROM final_cols WHERE NOT EXISTS (SELECT 1 FROM final_cols WHERE x >= 5000)
)
SELECT x, count(*) OVER () AS full_count FROM final_people ORDER BY x DESC LIMIT 5`;

/** Ten times the most runs 1.5.5 needed to fail in ten tries (15 to 179). */
const RUNS = 2000;

let spill: string;
let athena: LocalAthena;

beforeEach(async () => {
  spill = await mkdtemp(join(tmpdir(), 'engine-window-race-'));
  // Two threads at least: the race is between threads of one window.
  athena = await createLocalAthena('kiro_activity', { memoryBytes: 512 * 2 ** 20, threads: 2, tempDirectory: spill });
});

afterEach(async () => {
  athena.close();
  await rm(spill, { recursive: true, force: true });
});

describe('the local engine', () => {
  it(`runs an unpartitioned window ${RUNS} times with two threads and always gets its one row`, async () => {
    // Act
    const answers = new Set<string>();
    for (let run = 0; run < RUNS; run += 1) answers.add(JSON.stringify(await athena.run(UNPARTITIONED_WINDOW)));

    // Assess
    expect([...answers]).toEqual([JSON.stringify([{ x: '0', full_count: '1' }])]);
  }, 120_000);
});
