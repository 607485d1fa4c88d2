/**
 * What a worker thread threw, as a message can carry it. Structured cloning keeps an error's
 * message but not a custom `name` (`Glue.CrawlerRunningException`, `States.TaskFailed`) nor its
 * `code`; the state machine's Retry and Catch match on the name, so both sides rebuild the error
 * with these two functions.
 */

/** A thrown value in a message: an error by its parts, anything else as itself. */
export type Thrown =
  | { error: true; name: string; message: string; stack: string | undefined; fields: Record<string, string | number | boolean> }
  | { error: false; value: unknown };

/** `thrown` as a message can carry it: an error's name, message, stack and plain fields (`code`, `path`, …). */
export function toThrown(thrown: unknown): Thrown {
  if (!(thrown instanceof Error)) return { error: false, value: thrown };
  const fields: Record<string, string | number | boolean> = {};
  for (const [field, value] of Object.entries(thrown)) {
    if (field !== 'name' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) fields[field] = value;
  }
  return { error: true, name: thrown.name, message: thrown.message, stack: thrown.stack, fields };
}

/** The value to throw again on this side: an `Error` with the same name, message, stack and fields. */
export function fromThrown(thrown: Thrown): unknown {
  if (!thrown.error) return thrown.value;
  const error = Object.assign(new Error(thrown.message), thrown.fields);
  error.name = thrown.name;
  if (thrown.stack !== undefined) error.stack = thrown.stack;
  return error;
}
