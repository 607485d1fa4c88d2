/**
 * The table `npm run bench` prints (pure): one row per sample size, the local run split into its
 * parts, its peak memory, the floor (DuckDB alone reading the same files once into a table) and
 * run ÷ floor.
 */
import { FIRST_REPORT_DAY } from '../../handlers/shared/report-format.js';
import { MAX_DAYS, MAX_PEOPLE, MIN_DAYS } from '../sample/args.js';
import { sampleFirstDay } from '../sample/generate.js';
import { MIN_PEOPLE } from '../sample/people.js';

/** What `measure-run.ts` prints. */
export interface RunMeasure {
  status: string;
  seconds: number;
  loadSeconds: number;
  /** Seconds per top-level state. */
  steps: Record<string, number>;
  peakRssMb: number;
}

/** What `measure-floor.ts` prints. */
export interface FloorMeasure {
  seconds: number;
  rows: number;
  peakRssMb: number;
}

/** The header row and its alignment row (Markdown, so it pastes into the README). */
export const BENCH_HEADER = [
  '| users × days | files | run s | load s | views s | other steps s | write-out s | peak RSS MB | floor s | run ÷ floor |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
].join('\n');

/**
 * `--sizes 1000x90,10000x365` → the sizes of samples ending `endDate`; throws naming a size that
 * is not `USERSxDAYS`, or one the sample generator cannot write (too few people or days, or a
 * first day before report days start).
 */
export function parseSizes(text: string, endDate: string): Array<{ users: number; days: number }> {
  return text.split(',').map((size) => {
    const match = /^(\d+)x(\d+)$/.exec(size.trim());
    if (!match) throw new Error(`--sizes: expected USERSxDAYS[,USERSxDAYS…], got "${size}"`);
    const [users, days] = [Number(match[1]), Number(match[2])];
    if (users < MIN_PEOPLE || users > MAX_PEOPLE) throw new Error(`--sizes ${size.trim()}: expected ${MIN_PEOPLE} to ${MAX_PEOPLE} users`);
    if (days < MIN_DAYS || days > MAX_DAYS) throw new Error(`--sizes ${size.trim()}: expected ${MIN_DAYS} to ${MAX_DAYS} days`);
    const firstDay = sampleFirstDay(endDate, days);
    if (firstDay < FIRST_REPORT_DAY) {
      throw new Error(`--sizes ${size.trim()}: ${days} days up to ${endDate} start on ${firstDay}, before report days start (${FIRST_REPORT_DAY}); choose fewer days`);
    }
    return { users, days };
  });
}

/**
 * One row. *views* is the CreateViews step; *other steps* every other step; *load* reads the
 * report CSVs before the state machine starts (the Crawl step then only finds them loaded);
 * *write-out* is the rest of the run: the views written to `views/`, the dashboard, the records.
 */
export function benchRow(sample: { users: number; days: number; files: number }, run: RunMeasure, floor: FloorMeasure): string {
  const number = (value: number): string => value.toLocaleString('en-US');
  const seconds = (value: number): string => value.toFixed(1);
  const views = run.steps['CreateViews'] ?? 0;
  const steps = Object.values(run.steps).reduce((total, value) => total + value, 0);
  const status = run.status === 'SUCCEEDED' ? '' : ` (${run.status})`;
  return `| ${[
    `${number(sample.users)} × ${number(sample.days)}`,
    number(sample.files),
    `${seconds(run.seconds)}${status}`,
    seconds(run.loadSeconds),
    seconds(views),
    seconds(steps - views),
    seconds(Math.max(0, run.seconds - run.loadSeconds - steps)),
    number(Math.round(run.peakRssMb)),
    floor.seconds.toFixed(2),
    floor.seconds > 0 ? (run.seconds / floor.seconds).toFixed(1) : '–',
  ].join(' | ')} |`;
}
