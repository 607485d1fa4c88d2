/** Reading the dataset CSVs the local SPICE step writes, in batches, quoted cells and all. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetRows } from '../../local/dashboard/dataset-file.js';
import type { DatasetRow } from '../../local/dashboard/visual-data.js';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiro-dataset-file-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function readAll(name: string, text: string): Promise<DatasetRow[]> {
  const path = join(workDir, name);
  await writeFile(path, text);
  const rows: DatasetRow[] = [];
  for await (const batch of readDatasetRows(path)) rows.push(...batch);
  return rows;
}

describe('readDatasetRows', () => {
  it('reads rows by header name, with commas, quotes and line breaks inside quoted cells', async () => {
    // Act
    const rows = await readAll('quoted.csv', 'userid,display_name,credits\nu-1,"Example, Bo",1.5\nu-2,"Zed ""Z"" </script>\nSecond line",\nu-3,Ana,2\n');

    // Assess
    expect(rows).toEqual([
      { userid: 'u-1', display_name: 'Example, Bo', credits: '1.5' },
      { userid: 'u-2', display_name: 'Zed "Z" </script>\nSecond line', credits: '' },
      { userid: 'u-3', display_name: 'Ana', credits: '2' },
    ]);
  });

  it('reads every row of a file larger than one read chunk', async () => {
    // Prepare: about 3 MB, so rows straddle the 1 MB chunks.
    const lines = Array.from({ length: 100_000 }, (_, index) => `2026-07-01,u-${index},"Person, ${index}",${index}`);

    // Act
    const rows = await readAll('large.csv', `report_date,userid,display_name,credits\n${lines.join('\n')}\n`);

    // Assess
    expect(rows).toHaveLength(100_000);
    expect(rows[54_321]).toEqual({ report_date: '2026-07-01', userid: 'u-54321', display_name: 'Person, 54321', credits: '54321' });
    expect(rows.reduce((total, row) => total + Number(row.credits), 0)).toBe((99_999 * 100_000) / 2);
  });

  it('names the file and line of a ragged row, and an unterminated quote', async () => {
    // Act + Assess
    await expect(readAll('ragged.csv', 'a,b\n1,2\n3\n')).rejects.toThrow(/ragged\.csv: line 3 has 1 cells, the header 2/);
    await expect(readAll('open.csv', 'a,b\n1,"two\n')).rejects.toThrow(/open\.csv: unterminated quote/);
  });

  it('gives no rows for a header alone or an empty file', async () => {
    // Act + Assess
    expect(await readAll('header.csv', 'a,b\n')).toEqual([]);
    expect(await readAll('empty.csv', '')).toEqual([]);
  });
});
