/** The test run's own temporary folder (test/temporary-folder.ts), seen from a test. */
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { expect, it } from 'vitest';

it("runs every test in the run's own temporary folder, which the run removes at its end", () => {
  // Assess: os.tmpdir() in the worker is the folder global setup made.
  expect(basename(tmpdir())).toMatch(/^kiro-tests-/);
  expect(dirname(tmpdir())).not.toMatch(/kiro-tests-/);
});
