/** The Athena views of `sql/NN_<view>.sql`, found from the file names so grants follow the SQL. */
import { readdirSync } from 'node:fs';

const VIEW_FILE = /^\d+_([a-z0-9_]+)\.sql$/;

/** View names in creation (file-name) order. */
export function viewNames(sqlDir: string): string[] {
  return readdirSync(sqlDir)
    .sort()
    .flatMap((file) => VIEW_FILE.exec(file)?.[1] ?? []);
}
