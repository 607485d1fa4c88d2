/**
 * Command-line arguments of `npm run sample`. Parsing is pure; a problem is a
 * {@link SampleUsageError} whose message names the flag (the CLI exits 2 with the usage).
 */
import { parseArgs } from 'node:util';
import { isIsoDate } from '../../handlers/shared/dates.js';
import { DEFAULT_SAMPLE_OPTIONS, sampleStartProblem, type SampleOptions } from './generate.js';
import { MIN_PEOPLE } from './people.js';

/** Fewest days: the last-day spike is measured against 14 trailing days. */
export const MIN_DAYS = 15;
/** Most days a sample spans. */
export const MAX_DAYS = 1000;
/** Most people a sample holds. */
export const MAX_PEOPLE = 100_000;

/** The usage text printed with every argument error. */
export const SAMPLE_USAGE = `Usage: npm run sample -- [--users N] [--days D] [--seed S] [--out DIR] [--end-date YYYY-MM-DD] [--part-size N]

Writes deterministic sample Kiro reports laid out like the report bucket, plus directory.json
(the output of 'aws identitystore list-users') and sample.json (options and planted cases).

  --users N          people in the reports, ${MIN_PEOPLE}..${MAX_PEOPLE} (default ${DEFAULT_SAMPLE_OPTIONS.users})
  --days D           report days ending with --end-date, ${MIN_DAYS}..${MAX_DAYS} (default ${DEFAULT_SAMPLE_OPTIONS.days})
  --seed S           random seed, 0..4294967295 (default ${DEFAULT_SAMPLE_OPTIONS.seed}); same arguments, same bytes
  --out DIR          output folder (default ./sample-reports); replaces an earlier sample in it
  --end-date DATE    last report date (default ${DEFAULT_SAMPLE_OPTIONS.endDate})
  --part-size N      rows per user_report file before it splits into _part_<n> files (default ${DEFAULT_SAMPLE_OPTIONS.partSize})
  --debug            print the stack trace of an unexpected error`;

/** A bad command line: the message names the flag and the problem. */
export class SampleUsageError extends Error {
  override name = 'SampleUsageError';
}

/** Parsed command line of `npm run sample`. */
export interface SampleArgs {
  options: SampleOptions;
  outDir: string;
  help: boolean;
}

/** Parses `argv` (without node and script). Throws {@link SampleUsageError} on anything unexpected. */
export function parseSampleArgs(argv: readonly string[]): SampleArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        users: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        'end-date': { type: 'string' },
        'part-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        debug: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new SampleUsageError((error as Error).message);
  }
  const text = (flag: string): string | undefined => {
    const value = values[flag];
    if (typeof value !== 'string') return undefined;
    if (value.trim() === '') throw new SampleUsageError(`--${flag} needs a value`);
    return value;
  };
  const whole = (flag: string, min: number, max: number, fallback: number): number => {
    const value = text(flag);
    if (value === undefined) return fallback;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max)) {
      throw new SampleUsageError(`--${flag} ${value}: expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
  const endDate = text('end-date') ?? DEFAULT_SAMPLE_OPTIONS.endDate;
  if (!isIsoDate(endDate)) throw new SampleUsageError(`--end-date ${endDate}: expected a calendar date YYYY-MM-DD`);
  const days = whole('days', MIN_DAYS, MAX_DAYS, DEFAULT_SAMPLE_OPTIONS.days);
  const problem = sampleStartProblem(endDate, days);
  if (problem !== undefined) throw new SampleUsageError(problem);
  return {
    options: {
      users: whole('users', MIN_PEOPLE, MAX_PEOPLE, DEFAULT_SAMPLE_OPTIONS.users),
      days,
      seed: whole('seed', 0, 4_294_967_295, DEFAULT_SAMPLE_OPTIONS.seed),
      endDate,
      partSize: whole('part-size', 1, 100_000, DEFAULT_SAMPLE_OPTIONS.partSize),
    },
    outDir: text('out') ?? 'sample-reports',
    help: values.help === true,
  };
}
