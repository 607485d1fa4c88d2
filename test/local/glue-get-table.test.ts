import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAthena, type LocalAthena } from '../../local/aws/athena/local-athena.js';
import { getCrawledTable } from '../../local/aws/glue-crawlers.js';

describe('local glue:getTable', () => {
  let athena: LocalAthena;

  beforeAll(async () => {
    athena = await createLocalAthena();
    // Shaped like a crawled table: report columns, the "$path" pseudo column and the partitions.
    await athena.run('CREATE TABLE user_report (date VARCHAR, userid VARCHAR, "$path" VARCHAR, partition_0 VARCHAR, partition_4 VARCHAR)');
  });

  afterAll(() => athena.close());

  it('lists the columns of a loaded table as StorageDescriptor.Columns, without "$path" and the partition columns', async () => {
    // Act
    const answer = await getCrawledTable(athena, { DatabaseName: 'kiro_activity', Name: 'user_report' });

    // Assess
    expect(answer).toEqual({
      Table: {
        Name: 'user_report',
        DatabaseName: 'kiro_activity',
        StorageDescriptor: { Columns: [{ Name: 'date', Type: 'string' }, { Name: 'userid', Type: 'string' }] },
      },
    });
  });

  it('answers Glue.EntityNotFoundException for a table the load did not make', async () => {
    // Act + Assess
    await expect(getCrawledTable(athena, { DatabaseName: 'kiro_activity', Name: 'by_user_analytic' })).rejects.toMatchObject({
      name: 'Glue.EntityNotFoundException',
      message: 'Table by_user_analytic not found.',
    });
  });
});
