/**
 * Which test files need a module graph of their own. Every other file shares its worker's
 * modules with the files that ran before it there: loading aws-cdk-lib, the SDK clients and
 * DuckDB once per worker instead of once per file takes minutes off the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * True when a test file's source changes the module graph or loads a module only after it has
 * set the scene: `vi.mock` / `vi.doMock` replace a module for the importers this file loads,
 * `vi.resetModules` starts the graph again, and an `import(...)` loads a module that may read
 * its environment once, when it loads (as a Lambda entry does at cold start). With shared
 * modules each of these would see, or leave behind, what another file loaded.
 */
export function needsOwnModules(source: string): boolean {
  return /\bvi\.(?:mock|doMock|resetModules)\s*\(|\bimport\s*\(/.test(source);
}

/** The test files under `root`/test (paths relative to `root`) that {@link needsOwnModules}. */
export function filesNeedingOwnModules(root: string): string[] {
  const testDir = join(root, 'test');
  return readdirSync(testDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.test.ts'))
    .map((path) => join(testDir, path))
    .filter((path) => needsOwnModules(readFileSync(path, 'utf8')))
    .map((path) => relative(root, path))
    .sort();
}
