/**
 * What the functions write to CloudWatch and X-Ray: JSON log lines naming the function's service
 * (the stack's POWERTOOLS_SERVICE_NAME) and the invocation, and a tracer that stays off outside
 * Lambda.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from './support/lambda-context.js';

/** The shared logger module as a cold start loads it, with the environment as it is now. */
async function freshLogger(): Promise<typeof import('../../handlers/shared/logger.js')> {
  vi.resetModules();
  return import('../../handlers/shared/logger.js');
}

/** Runs `act` and returns the JSON log lines it wrote to stdout, where Powertools writes them. */
async function logLines(act: () => unknown): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    write.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('logger', () => {
  it('logs the service name the stack sets in POWERTOOLS_SERVICE_NAME', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'kiro-activity-check-data');
    const { logger } = await freshLogger();

    // Act
    const lines = await logLines(() => logger.info('data checked', { rowsForDay: 6 }));

    // Assess
    expect(lines).toEqual([expect.objectContaining({ level: 'INFO', message: 'data checked', service: 'kiro-activity-check-data', rowsForDay: 6 })]);
  });

  it('falls back to the pipeline name outside Lambda', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
    const { logger, LOCAL_SERVICE_NAME } = await freshLogger();

    // Act
    const lines = await logLines(() => logger.info('run prepared'));

    // Assess
    expect(LOCAL_SERVICE_NAME).toBe('kiro-activity-pipeline');
    expect(lines).toEqual([expect.objectContaining({ service: LOCAL_SERVICE_NAME })]);
  });
});

describe('lambdaEntry', () => {
  it('adds the invocation context to the log lines of the handler and returns its result', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'kiro-activity-summarise');
    const { logger } = await freshLogger();
    const { lambdaEntry } = await import('../../handlers/shared/lambda-entry.js');
    const handler = lambdaEntry(async (event: { reportDate: string }) => {
      logger.info('run summarised', { reportDate: event.reportDate });
      return { status: 'SUCCEEDED' };
    });
    let result: unknown;

    // Act
    const lines = await logLines(async () => {
      result = await handler({ reportDate: '2026-11-20' }, lambdaContext('kiro-activity-summarise', 'request-1'));
    });

    // Assess
    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'run summarised',
        reportDate: '2026-11-20',
        service: 'kiro-activity-summarise',
        function_request_id: 'request-1',
        function_name: 'kiro-activity-summarise',
        function_arn: 'arn:aws:lambda:us-east-1:111122223333:function:kiro-activity-summarise',
        function_memory_size: '256',
        cold_start: expect.any(Boolean),
      }),
    ]);
  });

  it('gives each invocation its own request id, and only the first one a cold start', async () => {
    // Prepare: Lambda sets the initialisation type; Powertools reports no cold start without it.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { logger } = await freshLogger();
    const { lambdaEntry } = await import('../../handlers/shared/lambda-entry.js');
    const handler = lambdaEntry(async () => logger.info('views planned'));

    // Act
    const lines = await logLines(async () => {
      await handler({}, lambdaContext('kiro-activity-render-views', 'request-1'));
      await handler({}, lambdaContext('kiro-activity-render-views', 'request-2'));
    });

    // Assess
    expect(lines.map((line) => [line.function_request_id, line.cold_start])).toEqual([
      ['request-1', true],
      ['request-2', false],
    ]);
  });
});

describe('tracer', () => {
  it('is off outside Lambda and hands SDK clients back untouched', async () => {
    // Prepare
    vi.stubEnv('AWS_EXECUTION_ENV', undefined);
    vi.resetModules();
    const { tracer } = await import('../../handlers/shared/tracer.js');
    const client = new S3Client({ region: 'us-east-1' });
    const middleware = client.middlewareStack.identify().length;

    // Act
    const captured = tracer.captureAWSv3Client(client);

    // Assess
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(captured).toBe(client);
    expect(client.middlewareStack.identify()).toHaveLength(middleware);
  });
});
