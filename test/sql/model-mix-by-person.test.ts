/**
 * model_mix_by_person over hand-made rows of the views it reads (model_messages_daily,
 * report_as_of, pipeline_settings, person_directory stood in by tables), executed on DuckDB;
 * every number worked out by hand.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { SQL_DIR } from './fixture-engine.js';

let athena: LocalAthena;

beforeAll(async () => {
  athena = await createLocalAthena();
  // person_directory knows every report id; Cy is unresolved, so it shows Cy's id (its rule).
  // as_of 2026-09-10, a 3-day window: 09-08, 09-09 and 09-10.
  await athena.run("CREATE TABLE report_as_of AS SELECT DATE '2026-09-10' AS as_of");
  await athena.run('CREATE TABLE pipeline_settings AS SELECT 3 AS trailing_days');
  await athena.run(`CREATE TABLE person_directory AS SELECT * FROM (VALUES ('u-ana', 'Ana Example'), ('u-ben', 'Ben Example'), ('u-cy', 'u-cy'), ('u-dee', 'Dee Example')) AS t(userid, display_name)`);
  await athena.run(`
    CREATE TABLE model_messages_daily AS
    SELECT CAST(report_date AS date) AS report_date, userid, client_type, model, CAST(messages AS bigint) AS messages
    FROM (VALUES
      ('2026-09-10', 'u-ana', 'KIRO_IDE', 'auto', 6),
      ('2026-09-10', 'u-ana', 'KIRO_CLI', 'auto', 2),
      ('2026-09-09', 'u-ana', 'KIRO_IDE', 'claude_sonnet_4.5', 4),
      ('2026-09-01', 'u-ana', 'KIRO_IDE', 'claude_opus_4.5', 10),
      ('2026-09-08', 'u-ben', 'KIRO_IDE', 'auto', 8),
      ('2026-09-07', 'u-ben', 'KIRO_IDE', 'auto', 5),
      ('2026-09-11', 'u-ben', 'KIRO_IDE', 'claude_sonnet_4.5', 100),
      ('2026-09-10', 'u-cy', 'KIRO_WEB', 'claude_sonnet_4.5', 12),
      ('2026-08-01', 'u-dee', 'KIRO_IDE', 'auto', 3)
    ) AS t(report_date, userid, client_type, model, messages)`);
  await athena.createView(await readFile(join(SQL_DIR, '18_model_mix_by_person.sql'), 'utf8'));
});

afterAll(() => athena?.close());

describe('model_mix_by_person', () => {
  it("gives each person's messages per model over their clients, in the window and in all, ranked within the model", async () => {
    // Act
    const rows = await athena.run(
      'SELECT model, userid, display_name, messages_30d, share_of_person_30d, messages_total, share_of_person_total, model_messages_30d, share_of_model_30d, rank_in_model_30d FROM model_mix_by_person ORDER BY model, userid',
    );

    // Assess
    // Window: Ana auto 6 + 2 (two clients) and sonnet 4 (opus on 09-01 is before it: 12 in all);
    // Ben auto 8 on 09-08 (09-07 is before it, sonnet on 09-11 after as_of: in no window); Cy
    // sonnet 12; Dee nothing. auto in the window: 8 + 8 = 16 (Ana and Ben tie: by name); sonnet:
    // 4 + 12 = 16.
    const row = (model: string, userid: string, name: string, window: number, personShare: number | null, total: number, totalShare: number, modelWindow: number, modelShare: number | null, rank: number | null) => ({
      model,
      userid,
      display_name: name,
      messages_30d: String(window),
      share_of_person_30d: personShare === null ? null : String(personShare),
      messages_total: String(total),
      share_of_person_total: String(totalShare),
      model_messages_30d: String(modelWindow),
      share_of_model_30d: modelShare === null ? null : String(modelShare),
      rank_in_model_30d: rank === null ? null : String(rank),
    });
    expect(rows).toEqual([
      row('auto', 'u-ana', 'Ana Example', 8, 8 / 12, 8, 8 / 22, 16, 0.5, 1),
      row('auto', 'u-ben', 'Ben Example', 8, 1, 13, 13 / 113, 16, 0.5, 2),
      row('auto', 'u-dee', 'Dee Example', 0, null, 3, 1, 16, null, null),
      row('claude_opus_4.5', 'u-ana', 'Ana Example', 0, 0, 10, 10 / 22, 0, null, null),
      row('claude_sonnet_4.5', 'u-ana', 'Ana Example', 4, 4 / 12, 4, 4 / 22, 16, 0.25, 2),
      row('claude_sonnet_4.5', 'u-ben', 'Ben Example', 0, 0, 100, 100 / 113, 16, null, null),
      // Cy is unresolved: person_directory shows the id.
      row('claude_sonnet_4.5', 'u-cy', 'u-cy', 12, 1, 12, 1, 16, 0.75, 1),
    ]);
  });

  it('has the column types the dashboard dataset imports', async () => {
    // Act
    const columns = await athena.run('DESCRIBE SELECT * FROM model_mix_by_person');

    // Assess
    expect(Object.fromEntries(columns.map((column) => [column.column_name, column.column_type]))).toEqual({
      model: 'VARCHAR',
      userid: 'VARCHAR',
      display_name: 'VARCHAR',
      messages_30d: 'BIGINT',
      share_of_person_30d: 'DOUBLE',
      messages_total: 'BIGINT',
      share_of_person_total: 'DOUBLE',
      model_messages_30d: 'BIGINT',
      share_of_model_30d: 'DOUBLE',
      rank_in_model_30d: 'BIGINT',
    });
  });
});
