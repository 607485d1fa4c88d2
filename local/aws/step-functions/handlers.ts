/** What a Task state runs locally instead of its AWS resource: the state's parameters in, its result out. */
export type LocalHandler = (input: unknown) => Promise<unknown>;

/**
 * Wraps a Lambda handler for a `lambda:invoke` Task: it receives the task's `Payload` and its
 * answer comes back as `{ Payload: result }`, as the Lambda integration returns it.
 */
export function lambdaHandler<Event, Result>(handler: (event: Event) => Result | Promise<Result>): LocalHandler {
  return async (input) => {
    const { Payload } = input as { Payload: Event };
    return { Payload: await handler(Payload) };
  };
}

/** An error whose `name` is the Step Functions error name Retry and Catch match on, e.g. `Glue.CrawlerRunningException`. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
