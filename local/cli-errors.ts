/**
 * How the local CLIs (`npm run local`, `people`, `sample`) end on an error nobody foresaw: the
 * exit-code contract's `error:` and `cause:` lines, and the stack trace only with `--debug`.
 */
import { terminalLines } from './terminal-text.js';

/** True when `--debug` is among the arguments (looked up before parsing, which may fail). */
export function wantsDebug(argv: readonly string[]): boolean {
  return argv.includes('--debug');
}

/** Prints an unexpected error as `error:` and `cause:` lines (plus its stack with `debug`); the caller exits 1. */
export function printUnexpected(error: unknown, debug: boolean, write: (text: string) => void = (text) => process.stderr.write(text)): void {
  const name = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.name) : 'Error';
  const cause = error instanceof Error ? error.message : String(error);
  write(terminalLines(`error: ${name}\ncause: ${cause}\n`));
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  else write('(run again with --debug for the stack trace)\n');
}
