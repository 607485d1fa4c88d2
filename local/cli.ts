/**
 * `npm run local`: runs the whole daily pipeline on this machine, over a folder of report CSVs
 * (or generated sample reports), and leaves the results in `--out`. Exit code 0 when the run
 * SUCCEEDED, 1 when it FAILED, 2 for bad arguments or inputs.
 */
import '../handlers/shared/polyfills.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger } from '../handlers/shared/logger.js';
import { ConfigError, loadConfig } from '../handlers/shared/config.js';
import { LOCAL_USAGE, UsageError, parseLocalArgs } from './args.js';
import { loadDirectoryFile, type Directory } from './directory-file.js';
import { ProgressPrinter } from './run/progress.js';
import { LocalInputError, runLocal } from './run/run-local.js';
import { DEFAULT_SAMPLE_OPTIONS, DIRECTORY_FILE, generateSampleFiles } from './sample/generate.js';
import { prepareOutputFolder, writeSampleFiles } from './sample/write-files.js';

const PROJECT_DIR = fileURLToPath(new URL('../', import.meta.url));

async function main(argv: string[]): Promise<number> {
  // The handlers' structured logs are for CloudWatch; here the progress lines tell the story.
  logger.setLogLevel('WARN');
  const args = parseLocalArgs(argv);
  if (args.help) {
    console.log(LOCAL_USAGE);
    return 0;
  }
  const config = loadConfig(PROJECT_DIR, args.configFile, (message) => console.log(`note: ${message}`));
  const today = new Date().toISOString().slice(0, 10);
  if (args.reportDate !== undefined && args.reportDate > today) {
    throw new UsageError(`--date ${args.reportDate}: is in the future (today is ${today} UTC)`);
  }

  let reportsDir = args.reportsDir;
  let directoryFile = args.directoryFile;
  if (reportsDir === undefined) {
    reportsDir = join(args.outDir, 'sample-reports');
    const options = { ...DEFAULT_SAMPLE_OPTIONS, endDate: yesterday() };
    console.log(`No --reports: generating sample reports (${options.users} users, ${options.days} days to ${options.endDate}) in ${reportsDir}`);
    await prepareOutputFolder(reportsDir);
    await writeSampleFiles(reportsDir, generateSampleFiles(options));
    directoryFile ??= join(reportsDir, DIRECTORY_FILE);
  }
  let directory: Directory | undefined;
  if (directoryFile !== undefined) {
    try {
      directory = await loadDirectoryFile(directoryFile);
    } catch (error) {
      throw new LocalInputError((error as Error).message);
    }
  } else {
    console.log('note: no --directory: user ids stay unresolved (names show as ids)');
  }

  console.log(`Running the daily pipeline locally over ${reportsDir} → ${args.outDir}`);
  const result = await runLocal({
    reportsDir,
    directory,
    outDir: args.outDir,
    reportDate: args.reportDate,
    config,
    onEvent: new ProgressPrinter((line) => console.log(line)).onEvent,
    onLoaded: (seconds) => console.log(`  (reports loaded into DuckDB in ${seconds.toFixed(1)}s; the Crawl step finds them loaded)`),
  });
  console.log('');
  for (const alert of result.alerts) console.log(`alert [${alert.attributes.alert_kind ?? '?'}] ${alert.subject}`);
  if (result.status === 'SUCCEEDED') {
    console.log(`SUCCEEDED ${result.executionName}\n${JSON.stringify(result.output, null, 2)}`);
    console.log(`\nResults in ${args.outDir}: execution.json, views/, datasets/, dashboard.html, user-mapping/, alerts.jsonl`);
    return 0;
  }
  console.error(`FAILED ${result.executionName}\nerror: ${result.error}\ncause: ${result.cause}`);
  return 1;
}

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${LOCAL_USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof LocalInputError || error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
