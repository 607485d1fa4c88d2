/**
 * The Athena views the pipeline creates: the two RenderViews generates from the config, then
 * those of `sql/NN_<view>.sql`, found from the file names so grants follow the SQL.
 */
import { readdirSync } from 'node:fs';
import { GENERATED_VIEW_NAMES } from '../handlers/render-views/settings-views.js';

const VIEW_FILE = /^\d+_([a-z0-9_]+)\.sql$/;

/** View names in creation order: the generated views, then the files in file-name order. */
export function viewNames(sqlDir: string): string[] {
  const fileViews = readdirSync(sqlDir)
    .sort()
    .flatMap((file) => VIEW_FILE.exec(file)?.[1] ?? []);
  return [...GENERATED_VIEW_NAMES, ...fileViews];
}
