/**
 * Adapts a handler of the event alone (what the local run and the tests call) to the Lambda
 * signature, adding the invocation's context to every log line of the invocation.
 */
import type { Context } from 'aws-lambda';
import { logger } from './logger.js';

/**
 * Wraps `handler` as a Lambda handler: before it runs, the logger gets the invocation's request
 * id, function name, version, ARN, memory and cold start (Powertools' `injectLambdaContext`,
 * without Middy or a class decorator).
 */
export function lambdaEntry<TEvent, TResult>(handler: (event: TEvent) => Promise<TResult>): (event: TEvent, context: Context) => Promise<TResult> {
  return async (event, context) => {
    logger.addContext(context);
    return handler(event);
  };
}
