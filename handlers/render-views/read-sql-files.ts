/** Reads the view SQL files from a folder (the function bundle, or SQL_DIR locally). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlFile } from './plan-views.js';
import { isSqlFile } from './view-names.js';

/** Every `*.sql` file in `dir`; other files (READMEs, maps) are not views and are skipped. */
export async function readSqlFiles(dir: string): Promise<SqlFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new Error(`render-views: cannot read the SQL folder ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const sqlNames = names.filter(isSqlFile);
  return Promise.all(sqlNames.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })));
}
