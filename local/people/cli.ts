/**
 * `npm run people`: answers the people questions from the view CSVs of `npm run local`
 * (`<out>/views/<view>.csv`). Exit codes: 0 answered, 1 no data or no single person, 2 bad arguments.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PEOPLE_USAGE, parsePeopleArgs, UsageError, type PeopleArgs } from './args.js';
import { parseCsv } from './csv.js';
import { NoSinglePersonError, rankedAnswer, userAnswer, viewsFor, type Answer, type ViewRows } from './reports.js';

/** Thrown when a view file is missing: the local run has not been made. */
class MissingViewError extends Error {}

async function readViews(outDir: string, views: readonly string[]): Promise<ViewRows> {
  const entries = await Promise.all(
    views.map(async (view) => {
      const path = join(outDir, 'views', `${view}.csv`);
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          throw new MissingViewError(`${path} not found: run \`npm run local\` first (or pass --out DIR of that run).`);
        }
        throw error;
      });
      return [view, parseCsv(text, path)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function answer(args: PeopleArgs): Promise<Answer> {
  const views = await readViews(args.outDir, viewsFor(args.command));
  return args.command === 'user' ? userAnswer(args.query ?? '', views) : rankedAnswer(args.command, views, args.limit);
}

async function main(argv: string[]): Promise<number> {
  let args: PeopleArgs;
  try {
    args = parsePeopleArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${PEOPLE_USAGE}\n`);
    return 2;
  }
  try {
    const result = await answer(args);
    process.stdout.write(`${args.json ? JSON.stringify(result.rows, null, 2) : result.text}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof MissingViewError || error instanceof NoSinglePersonError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
