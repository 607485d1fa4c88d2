/**
 * Command-line arguments of `npm run people`. Parsing is pure; a problem is a {@link UsageError}
 * (exit code 2 with the usage text).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../args.js';

export { UsageError };

/** The usage text printed with every argument error. */
export const PEOPLE_USAGE = `Usage: npm run people -- [--out DIR] [--limit N] [--json | --csv] [--debug] <question>

  top-cost          who costs the most this month (the newest report day's month)
  top-usage         who uses Kiro the most over the trailing window
  inactive          who has not used Kiro lately, and what their seats cost
  recommendations   which tier each person should be on this month, and when the change takes effect
  utilization       how much of their plan's credits each person has used this month, and the projection
  forecast          what the month will cost at the pace so far, against the budget
  movers            whose messages rose or fell most this week against last week, and who is at risk
  teams             what each team costs this month (teams and licensedGroups in the config)
  seats             the licensed seats per month: used, idle, never active, and what reclaiming saves
  never-active      the seat holders who never used Kiro, and what their seats cost
  user <name|id>    one person's summary, monthly costs and model mix (id, display name or user name)

  --out DIR         the output folder of \`npm run local\` (default ./out)
  --limit N         rows to show (default 10)
  --json            print the rows as JSON instead of a table
  --csv             print the rows as CSV to open in a spreadsheet (a cell starting with
                    = + - @ gets a leading ' so it cannot run as a formula)
  --debug           print the stack trace of an unexpected error

Exit code: 0 answered, 1 no views yet or no single person, 2 bad arguments or a damaged view file.`;

/** The questions `npm run people` answers. */
export const PEOPLE_COMMANDS = ['top-cost', 'top-usage', 'inactive', 'recommendations', 'utilization', 'forecast', 'movers', 'teams', 'seats', 'never-active', 'user'] as const;
export type PeopleCommand = (typeof PEOPLE_COMMANDS)[number];

/** Parsed options. */
export interface PeopleArgs {
  command: PeopleCommand;
  /** The person asked about (`user` only). */
  query?: string;
  outDir: string;
  limit: number;
  json: boolean;
  /** Rows as spreadsheet-safe CSV (`user`: the monthly costs). */
  csv: boolean;
  debug: boolean;
}

/** Parses `argv` (without node and script). Throws {@link UsageError} on anything unexpected. */
export function parsePeopleArgs(argv: string[]): PeopleArgs {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === undefined) {
    throw new UsageError('name a question: top-cost, top-usage, inactive, recommendations, utilization, forecast, movers, teams, seats, never-active or user <name|id>');
  }
  if (!PEOPLE_COMMANDS.includes(command as PeopleCommand)) {
    throw new UsageError(`unknown question "${command}" (expected one of ${PEOPLE_COMMANDS.join(', ')})`);
  }
  const query = rest.join(' ').trim();
  if (command === 'user' && query === '') {
    throw new UsageError('user needs a name or id, e.g. user "Ana Example"');
  }
  if (command !== 'user' && rest.length > 0) {
    throw new UsageError(`${command} takes no further arguments, got "${rest.join(' ')}"`);
  }
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`--limit ${values.limit ?? ''}: expected a whole number >= 1`);
  }
  if (values.out !== undefined && values.out.trim() === '') {
    throw new UsageError('--out needs a folder');
  }
  if (values.json && values.csv) {
    throw new UsageError('--json and --csv: choose one');
  }
  const args: PeopleArgs = {
    command: command as PeopleCommand,
    outDir: values.out ?? 'out',
    limit,
    json: values.json ?? false,
    csv: values.csv ?? false,
    debug: values.debug ?? false,
  };
  return command === 'user' ? { ...args, query } : args;
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      debug: { type: 'boolean' },
    },
  });
}
