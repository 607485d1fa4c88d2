/**
 * The one rule from a view file's name to its view, `NN_<view>.sql`, shared by RenderViews (which
 * plans the statements) and the stack (which grants the views from the same files), so a file
 * one side accepts the other cannot skip.
 */
import { readdirSync } from 'node:fs';
import { GENERATED_VIEW_NAMES } from './settings-views.js';

/** Two digits, underscore, a lowercase view name, `.sql`. */
const VIEW_FILE_NAME = /^\d{2}_([a-z][a-z0-9_]*)\.sql$/;

/** True for the files of a SQL folder that are views (`*.sql`); others (READMEs, maps) are skipped. */
export function isSqlFile(name: string): boolean {
  return name.endsWith('.sql');
}

/** The view `file` creates. Throws, naming the file, when it is not `NN_<view>.sql`. */
export function viewNameOf(file: string): string {
  const match = VIEW_FILE_NAME.exec(file);
  if (!match) {
    throw new Error(`render-views: ${file}: file name must be NN_<view>.sql (two digits, underscore, lowercase view name)`);
  }
  return match[1] as string;
}

/**
 * View names in creation order, for the grants: the generated views, then those of the `*.sql`
 * files of `sqlDir` in file-name order. Throws for a misnamed `.sql` file, as RenderViews would.
 */
export function viewNames(sqlDir: string): string[] {
  const files = readdirSync(sqlDir).filter(isSqlFile).sort();
  return [...GENERATED_VIEW_NAMES, ...files.map(viewNameOf)];
}
