/**
 * One measured local run, in its own process so its peak memory is its own. Prints one JSON
 * line: wall seconds, seconds per top-level step, peak RSS. Used by `npm run bench`.
 */
import '../../handlers/shared/polyfills.js';
import { fileURLToPath } from 'node:url';
import { logger } from '../../handlers/shared/logger.js';
import { loadConfig } from '../../handlers/shared/config.js';
import { loadDirectoryFile } from '../directory-file.js';
import { runLocal } from '../run/run-local.js';

const [reportsDir, directoryFile, outDir] = process.argv.slice(2);
if (!reportsDir || !directoryFile || !outDir) throw new Error('usage: measure-run.ts REPORTS DIRECTORY OUT');
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
