/** A made-up Lambda invocation context, for calling the Lambda entries as the runtime does. */
import type { Context } from 'aws-lambda';

/** The context of one invocation of `functionName`, request `awsRequestId`. */
export function lambdaContext(functionName = 'kiro-activity-test', awsRequestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678'): Context {
  const unused = () => {
    throw new Error('the legacy Lambda callbacks are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/21/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: unused,
    fail: unused,
    succeed: unused,
  };
}
