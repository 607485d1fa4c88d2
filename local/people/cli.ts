/**
 * `npm run people`: answers the people questions from the view CSVs of `npm run local`
 * (`<out>/views/<view>.csv`). Exit codes: 0 answered, 1 no views yet or no single person, 2 bad
 * arguments or a damaged view file; an unexpected error prints `error:` and `cause:` (exit 1),
 * its stack only with `--debug`.
 */
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { printUnexpected, wantsDebug } from '../cli-errors.js';
import { spreadsheetRecord, terminalLines } from '../terminal-text.js';
import { PEOPLE_USAGE, parsePeopleArgs, UsageError, type PeopleArgs } from './args.js';
import { parseCsv, ViewFileError, type CsvRow } from './csv.js';
import { NoSinglePersonError, optionalViewsFor, rankedAnswer, userAnswer, viewsFor, type Answer, type ViewRows } from './reports.js';

/** Thrown when a view file is missing: the local run has not been made. */
class MissingViewError extends Error {}

/**
 * Reads the views from one generation of the local run: `views/` is resolved once, so a run
 * publishing meanwhile cannot give this answer half old and half new views.
 */
async function readViews(outDir: string, views: readonly string[], optional: readonly string[]): Promise<ViewRows> {
  const folder = await realpath(join(outDir, 'views')).catch(() => join(outDir, 'views'));
  const entries = await Promise.all(
    [...views, ...optional].map(async (view) => {
      const path = join(folder, `${view}.csv`);
      const shown = join(outDir, 'views', `${view}.csv`);
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          if (optional.includes(view)) return undefined;
          throw new MissingViewError(`${shown} not found: run \`npm run local\` first (or pass --out DIR of that run).`);
        }
        throw error;
      });
      return text === undefined ? [] : [[view, parseCsv(text, shown)] as const];
    }),
  );
  return Object.fromEntries(entries.flat());
}

async function answer(args: PeopleArgs): Promise<Answer> {
  const views = await readViews(args.outDir, viewsFor(args.command), optionalViewsFor(args.command));
  return args.command === 'user' ? userAnswer(args.query ?? '', views) : rankedAnswer(args.command, views, args.limit);
}

/**
 * JSON for the terminal: exact data, with the control characters JSON leaves raw (DEL, C1, bidi
 * overrides) written as `\u` escapes too.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The answer's rows as CSV for a spreadsheet: every column of the view, formula-leading cells neutralised. */
export function spreadsheetCsv(result: Answer): string {
  const rows = (Array.isArray(result.rows) ? result.rows : ((result.rows as { monthlyCosts?: CsvRow[] }).monthlyCosts ?? [])) as CsvRow[];
  const header = Object.keys(rows[0] ?? {});
  return [header, ...rows.map((row) => header.map((name) => row[name] ?? ''))].map(spreadsheetRecord).join('\r\n');
}

async function main(argv: string[]): Promise<number> {
  let args: PeopleArgs;
  try {
    args = parsePeopleArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${terminalLines(error.message)}\n\n${PEOPLE_USAGE}\n`);
    return 2;
  }
  try {
    const result = await answer(args);
    const csv = (): string => (process.stdout.isTTY ? terminalLines(spreadsheetCsv(result)) : spreadsheetCsv(result));
    const text = args.json ? terminalJson(result.rows) : args.csv ? csv() : terminalLines(result.text);
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ViewFileError) {
      process.stderr.write(`${terminalLines(error.message)}\n`);
      return 2;
    }
    if (!(error instanceof MissingViewError || error instanceof NoSinglePersonError)) throw error;
    process.stderr.write(`${terminalLines(error.message)}\n`);
    return 1;
  }
}

const argv = process.argv.slice(2);
try {
  process.exitCode = await main(argv);
} catch (error) {
  printUnexpected(error, wantsDebug(argv));
  process.exitCode = 1;
}
