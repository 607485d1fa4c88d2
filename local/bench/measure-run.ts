/**
 * One measured local run, in its own process so its peak memory is its own. Prints one JSON
 * line: wall seconds, seconds loading the reports, seconds per top-level step, peak RSS. Used by
 * `npm run bench`.
 *
 *   node --import tsx local/bench/measure-run.ts REPORTS DIRECTORY OUT [--max-memory SIZE] [--threads N]
 */
import '../../handlers/shared/polyfills.js';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { logger } from '../../handlers/shared/logger.js';
import { loadConfig } from '../../handlers/shared/config.js';
import { loadDirectoryFile } from '../directory-file.js';
import { engineSettings, readMachine } from '../run/engine-settings.js';
import { runLocal } from '../run/run-local.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'max-memory': { type: 'string' }, threads: { type: 'string' } },
});
const [reportsDir, directoryFile, outDir] = positionals;
if (!reportsDir || !directoryFile || !outDir) throw new Error('usage: measure-run.ts REPORTS DIRECTORY OUT [--max-memory SIZE] [--threads N]');
logger.setLogLevel('ERROR');

const stepStarted = new Map<string, number>();
const stepSeconds: Record<string, number> = {};
let loadSeconds = 0;
const started = performance.now();
const result = await runLocal({
  reportsDir,
  directory: await loadDirectoryFile(directoryFile),
  outDir,
  config: loadConfig(fileURLToPath(new URL('../../', import.meta.url)), undefined, () => undefined),
  engine: engineSettings(readMachine(), { maxMemory: values['max-memory'], threads: values.threads }, process.env),
  onLoaded: (seconds) => {
    loadSeconds = seconds;
  },
  onEvent: (event) => {
    if (event.mapIndex !== undefined) return;
    const at = Date.parse(event.timestamp);
    if (event.type === 'StateEntered') stepStarted.set(event.state, at);
    if (event.type === 'StateExited') stepSeconds[event.state] = (at - (stepStarted.get(event.state) ?? at)) / 1000;
  },
});
console.log(
  JSON.stringify({
    status: result.status,
    seconds: (performance.now() - started) / 1000,
    loadSeconds,
    steps: stepSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
