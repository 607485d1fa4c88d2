/**
 * `npm run local`: runs the whole daily pipeline on this machine, over a folder of report CSVs
 * (or generated sample reports), and leaves the results in `--out`. Exit code 0 when the run
 * SUCCEEDED (NO_DATA included), 1 when it FAILED (`error:` and `cause:` printed), 2 for bad
 * arguments or inputs, or an `--out` that is refused, not writable or in use (nothing written).
 */
import '../handlers/shared/polyfills.js';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger } from '../handlers/shared/logger.js';
import { ConfigError, loadConfig } from '../handlers/shared/config.js';
import { LOCAL_USAGE, UsageError, parseLocalArgs } from './args.js';
import { printUnexpected, wantsDebug } from './cli-errors.js';
import { loadDirectoryFile, type Directory } from './directory-file.js';
import { FolderRefusedError } from './own-folder.js';
import { checkOutputFolder, currentGeneration, openOutputFolder, outputPaths, type OutputFolder } from './run/output-folder.js';
import { describeEngineSettings, EngineSettingError, engineSettings, outOfMemoryHint, readMachine, type EngineSettings } from './run/engine-settings.js';
import { ProgressPrinter } from './run/progress.js';
import { LocalInputError, runLocal, type LocalRunResult } from './run/run-local.js';
import { DEFAULT_SAMPLE_OPTIONS, DIRECTORY_FILE, generateSampleFiles } from './sample/generate.js';
import { SampleUsageError } from './sample/args.js';
import { checkOutputFolder as checkSampleFolder, writeSampleFiles } from './sample/write-files.js';
import { terminalLines, terminalText } from './terminal-text.js';

const PROJECT_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Every line goes to the terminal through here: names and paths from the data cannot send escapes. */
const say = (text: string): void => console.log(terminalLines(text));
const complain = (text: string): void => console.error(terminalLines(text));
const note = (message: string): void => say(`note: ${message}`);

async function main(argv: string[]): Promise<number> {
  // The handlers' structured logs are for CloudWatch; here the progress lines tell the story.
  logger.setLogLevel('WARN');
  const args = parseLocalArgs(argv);
  if (args.help) {
    say(LOCAL_USAGE);
    return 0;
  }
  const config = loadConfig(PROJECT_DIR, args.configFile, note);
  const today = new Date().toISOString().slice(0, 10);
  if (args.reportDate !== undefined && args.reportDate > today) {
    throw new UsageError(`--date ${args.reportDate}: is in the future (today is ${today} UTC)`);
  }
  const outDir = resolve(args.outDir);
  const engine = engineSettings(readMachine(), { maxMemory: args.maxMemory, threads: args.threads }, process.env);

  // Every input is checked before anything is written: the directory and --out here, the
  // reports by runLocal before it takes --out.
  let directory: Directory | undefined;
  if (args.directoryFile !== undefined) directory = await loadDirectory(args.directoryFile);
  await checkOutputFolder(outDir);

  if (args.reportsDir !== undefined) {
    if (directory === undefined) note('no --directory: user ids stay unresolved (names show as ids)');
    return report(await runOver(args.reportsDir, directory, outDir, args.reportDate, config, engine), outDir, engine);
  }

  // Sample mode: the samples go to <out>/sample-reports, under the run's lock.
  const sampleDir = join(outDir, 'sample-reports');
  await checkSampleFolder(sampleDir, `--out ${outDir}: ${sampleDir}`);
  const folder = await openOutputFolder(outDir, note);
  try {
    const options = { ...DEFAULT_SAMPLE_OPTIONS, endDate: yesterday() };
    say(`No --reports: generating sample reports (${options.users} users, ${options.days} days to ${options.endDate}) in ${sampleDir}`);
    await writeSamples(sampleDir, options);
    directory ??= await loadDirectory(join(sampleDir, DIRECTORY_FILE));
    return report(await runOver(sampleDir, directory, outDir, args.reportDate, config, engine, folder), outDir, engine);
  } finally {
    await folder.release();
  }
}

async function runOver(
  reportsDir: string,
  directory: Directory | undefined,
  outDir: string,
  reportDate: string | undefined,
  config: ReturnType<typeof loadConfig>,
  engine: EngineSettings,
  outputFolder?: OutputFolder,
): Promise<LocalRunResult> {
  say(`Running the daily pipeline locally over ${reportsDir} → ${outDir}`);
  say(`  (DuckDB: ${describeEngineSettings(engine)})`);
  const progress = new ProgressPrinter(say, process.stdout.isTTY ? { status: statusLine } : {});
  try {
    return await runLocal({
      reportsDir,
      directory,
      outDir,
      outputFolder,
      reportDate,
      config,
      onEvent: progress.onEvent,
      onLoaded: (seconds) => say(`  (reports loaded into DuckDB in ${seconds.toFixed(1)}s; the Crawl step finds them loaded)`),
      onNotice: note,
      onProgress: progress.onProgress,
      engine,
    });
  } finally {
    progress.finish();
  }
}

/** A terminal's status line: rewritten in place (`''` clears it), never a line of the log. */
function statusLine(text: string): void {
  process.stdout.write(`\r\u001b[2K${terminalText(text).slice(0, Math.max(20, (process.stdout.columns ?? 80) - 1))}`);
}

/** Prints how the run ended; the exit code. */
async function report(result: LocalRunResult, outDir: string, engine: EngineSettings): Promise<number> {
  say('');
  for (const alert of result.alerts) say(`alert [${alert.attributes.alert_kind ?? '?'}] ${alert.subject}`);
  const kept = async (): Promise<string> =>
    (await currentGeneration(outputPaths(outDir))) === undefined
      ? 'no good run has published views/, datasets/ or dashboard.html here yet'
      : 'views/, datasets/ and dashboard.html keep the last good run';
  if (result.recordError !== undefined) {
    complain(`${result.status} ${result.executionName}\nerror: LocalRecordFailed\ncause: execution.json or alerts.jsonl could not be written (${result.recordError})`);
    if (result.status === 'FAILED') complain(`the run had failed first: ${result.error}: ${result.cause}`);
    return 1;
  }
  if (result.status === 'FAILED') {
    complain(`FAILED ${result.executionName}\nerror: ${result.error}\ncause: ${result.cause}`);
    const hint = outOfMemoryHint(result.cause, engine);
    if (hint !== undefined) complain(hint);
    complain(`${await kept()}; execution.json and alerts.jsonl tell this run`);
    return 1;
  }
  if (!result.published) {
    say(`NO_DATA ${result.executionName}: no report rows for ${result.input.reportDate}\n${JSON.stringify(result.output, null, 2)}`);
    say(`\n${await kept()}; execution.json and alerts.jsonl tell this run (in ${outDir})`);
    return 0;
  }
  say(`SUCCEEDED ${result.executionName}\n${JSON.stringify(result.output, null, 2)}`);
  say(`\nResults in ${outDir}: execution.json, views/, datasets/, dashboard.html, user-mapping/, alerts.jsonl`);
  return 0;
}

async function loadDirectory(path: string): Promise<Directory> {
  try {
    return await loadDirectoryFile(path);
  } catch (error) {
    throw new LocalInputError((error as Error).message);
  }
}

/** Writes the samples beside `sampleDir` and moves them into place, so a killed run leaves no half sample there. */
async function writeSamples(sampleDir: string, options: typeof DEFAULT_SAMPLE_OPTIONS): Promise<void> {
  const staging = join(sampleDir, '..', `.sample-reports-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await writeSampleFiles(staging, generateSampleFiles(options));
  await checkSampleFolder(sampleDir);
  await rm(sampleDir, { recursive: true, force: true });
  await rename(staging, sampleDir);
}

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

const argv = process.argv.slice(2);
try {
  process.exitCode = await main(argv);
} catch (error) {
  if (error instanceof UsageError) {
    complain(`${error.message}\n\n${LOCAL_USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof LocalInputError || error instanceof EngineSettingError || error instanceof ConfigError || error instanceof FolderRefusedError || error instanceof SampleUsageError) {
    complain(error.message);
    process.exitCode = 2;
  } else {
    printUnexpected(error, wantsDebug(argv), (text) => process.stderr.write(text));
    process.exitCode = 1;
  }
}
