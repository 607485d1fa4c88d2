/**
 * Turns the `sql/NN_<view>.sql` files into the ordered list of view statements CreateViews
 * runs one by one. Checks each file before anything reaches Athena, so a misnamed or
 * multi-statement file fails here with its name in the error.
 */
import { viewNameOf } from './view-names.js';

/** One SQL file's name and text. */
export interface SqlFile {
  file: string;
  text: string;
}

/** One CREATE OR REPLACE VIEW statement, ready for StartQueryExecution. */
export interface ViewStatement {
  view: string;
  file: string;
  sql: string;
}

/** `$.viewPlan`. */
export interface ViewPlan {
  statements: ViewStatement[];
}

const CREATE_VIEW = /\bCREATE\s+OR\s+REPLACE\s+VIEW\s+("?)([A-Za-z_][A-Za-z0-9_]*)\1/gi;

/** Orders the files by name and checks each holds exactly the view its name promises. */
export function planViews(files: readonly SqlFile[]): ViewPlan {
  if (files.length === 0) {
    throw new Error('render-views: no NN_<view>.sql files found: the view SQL must be bundled with the function');
  }
  const ordered = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { statements: ordered.map(toStatement) };
}

/** The views a statement creates or replaces, lowercased, in order (comments ignored). */
export function createdViews(sql: string): string[] {
  return [...withoutComments(sql).matchAll(CREATE_VIEW)].map((match) => (match[2] as string).toLowerCase());
}

function toStatement({ file, text }: SqlFile): ViewStatement {
  const view = viewNameOf(file);
  const created = createdViews(text);
  if (created.length !== 1) {
    throw new Error(`render-views: ${file}: expected exactly one CREATE OR REPLACE VIEW ${view}, found ${created.length}`);
  }
  if (created[0] !== view) {
    throw new Error(`render-views: ${file}: creates view ${created[0]}, but the file name says ${view}`);
  }
  // Athena rejects a trailing semicolon in StartQueryExecution.
  return { view, file, sql: text.trim().replace(/;+$/, '').trimEnd() };
}

/** Drops `--` and `/* *\/` comments so commented-out text is not mistaken for code. */
export function withoutComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}
