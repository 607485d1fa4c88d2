/** The local SPICE stand-in takes CreateIngestion's IngestionType as QuickSight does. */
import { describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { LocalSpice } from '../../local/aws/quicksight-spice.js';
import { DASHBOARD } from '../../sql/dashboard-spec.js';

/** A LocalAthena that records the statements it is given (its view snapshot is a no-op here). */
function recordingAthena(): { athena: LocalAthena; statements: string[] } {
  const statements: string[] = [];
  const athena = { run: async (sql: string) => (statements.push(sql), []), snapshotViews: async () => undefined } as unknown as LocalAthena;
  return { athena, statements };
}

describe('LocalSpice.createIngestion', () => {
  it('exports the whole view for a full and for an incremental refresh of a daily dataset', async () => {
    // Prepare
    const { athena, statements } = recordingAthena();
    const spice = new LocalSpice(athena, DASHBOARD, '/tmp/kiro-spice-test-datasets');

    // Act
    const incremental = await spice.createIngestion({ DataSetId: 'credits_by_person', IngestionId: 'i-1', IngestionType: 'INCREMENTAL_REFRESH' });
    const full = await spice.createIngestion({ DataSetId: 'user_summary', IngestionId: 'i-2', IngestionType: 'FULL_REFRESH' });
    await spice.createIngestion({ DataSetId: 'user_summary', IngestionId: 'i-3' });

    // Assess
    expect([incremental.IngestionStatus, full.IngestionStatus]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^COPY \(SELECT .* FROM "credits_by_person" AS v ORDER BY ALL\) TO /);
  });

  it('refuses an incremental refresh of a dataset without one, and an unknown ingestion type', async () => {
    // Prepare
    const { athena, statements } = recordingAthena();
    const spice = new LocalSpice(athena, DASHBOARD, '/tmp/kiro-spice-test-datasets');

    // Act, Assess
    await expect(spice.createIngestion({ DataSetId: 'user_summary', IngestionId: 'i-1', IngestionType: 'INCREMENTAL_REFRESH' })).rejects.toThrow(
      /INCREMENTAL_REFRESH of dataset user_summary, which has no incremental refresh/,
    );
    await expect(spice.createIngestion({ DataSetId: 'credits_by_person', IngestionId: 'i-2', IngestionType: 'PARTIAL' })).rejects.toThrow(/IngestionType PARTIAL/);
    expect(statements).toEqual([]);
  });
});
