/**
 * Vitest global setup: the whole test run gets one temporary folder of its own (`TMPDIR`, which
 * `os.tmpdir()` reads and the processes the tests start inherit), removed when the run ends. What
 * a test cannot clean up itself, such as the `cdk.out` folder every synthesised app writes or the
 * spill folder of a local run the test kills, then does not pile up in the machine's `/tmp`.
 * Vitest calls a global setup once per project, all in one process: the first call makes the
 * folder, the later ones find it in `KIRO_TEST_RUN_FOLDER` and leave it to the first to remove.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates the run's folder and points `TMPDIR` at it, once a run; the returned teardown removes it. */
export default function setup(): () => void {
  const made = process.env['KIRO_TEST_RUN_FOLDER'];
  if (made !== undefined && process.env['TMPDIR'] === made) return () => undefined;
  const folder = mkdtempSync(join(tmpdir(), 'kiro-tests-'));
  process.env['KIRO_TEST_RUN_FOLDER'] = folder;
  process.env['TMPDIR'] = folder;
  return () => {
    rmSync(folder, { recursive: true, force: true });
    delete process.env['KIRO_TEST_RUN_FOLDER'];
  };
}
