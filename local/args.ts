/**
 * Command-line arguments of `npm run local`. Parsing is pure so the CLI and the tests share it;
 * a problem is reported as a {@link UsageError} (exit code 2 with the usage text).
 */
import { parseArgs } from 'node:util';
import { isIsoDate } from '../handlers/shared/dates.js';
import { DEFAULT_MEMORY_SHARE, MAX_MEMORY_ENV, THREADS_ENV } from './run/engine-settings.js';

/** The usage text printed with every argument error. */
export const LOCAL_USAGE = `Usage: npm run local -- [--reports DIR] [--directory FILE] [--out DIR] [--date YYYY-MM-DD] [--config FILE]
                         [--max-memory SIZE] [--threads N] [--debug]

  --reports DIR     folder laid out like the report bucket (…/AWSLogs/<account>/KiroLogs/…);
                    without it, the run uses generated sample reports
  --directory FILE  Identity Center stand-in: 'aws identitystore list-users' JSON, or CSV
                    id,user_name,display_name,email; ids not in it behave as deleted users
  --out DIR         where the run writes (default ./out): a new or empty folder, or an earlier
                    run's, which the run continues from; one run at a time
  --date DATE       report date YYYY-MM-DD (default: the newest day in the reports)
  --config FILE     pipeline config (default: pipeline.config.json, else the example)
  --max-memory SIZE DuckDB's memory limit, e.g. 3GB or 1500MiB (default: ${DEFAULT_MEMORY_SHARE * 100}% of the memory of the
                    machine or container; env ${MAX_MEMORY_ENV}); beyond it DuckDB spills to a
                    temporary folder; Node needs some 0.5-1 GB besides
  --threads N       DuckDB's threads (default: the cores of the machine or container; env ${THREADS_ENV})
  --debug           print the stack trace of an unexpected error

Exit code: 0 SUCCEEDED (or NO_DATA), 1 the run FAILED (error: and cause: printed), 2 bad
arguments or inputs, or --out refused or in use (nothing written).`;

/** A bad command line: the message names the problem. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parsed options of one local run. */
export interface LocalRunArgs {
  reportsDir?: string;
  directoryFile?: string;
  outDir: string;
  reportDate?: string;
  configFile?: string;
  /** `--max-memory` as given (checked by `engineSettings`). */
  maxMemory?: string;
  /** `--threads` as given (checked by `engineSettings`). */
  threads?: string;
  help: boolean;
  /** Print stack traces of unexpected errors. */
  debug: boolean;
}

/** Parses `argv` (without node and script). Throws {@link UsageError} on anything unexpected. */
export function parseLocalArgs(argv: string[]): LocalRunArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        reports: { type: 'string' },
        directory: { type: 'string' },
        out: { type: 'string' },
        date: { type: 'string' },
        config: { type: 'string' },
        'max-memory': { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        debug: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} needs a value`);
    return typeof value === 'string' ? value : undefined;
  };
  const reportDate = text('date');
  if (reportDate !== undefined && !isIsoDate(reportDate)) {
    throw new UsageError(`--date ${reportDate}: expected a calendar date YYYY-MM-DD`);
  }
  return {
    reportsDir: text('reports'),
    directoryFile: text('directory'),
    outDir: text('out') ?? 'out',
    reportDate,
    configFile: text('config'),
    maxMemory: text('max-memory'),
    threads: text('threads'),
    help: values.help === true,
    debug: values.debug === true,
  };
}
