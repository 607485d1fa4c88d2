/**
 * The Map-level retries of Crawl, CreateViews, ResolveUsers and RefreshSpice through the real
 * ASL interpreter: each is a slow second chance that fires once an error outlasts the retries
 * inside the iteration, so nothing inside may catch those errors. And a view error without a
 * Cause still ends as a clear ViewFailed.
 */
import { describe, expect, it } from 'vitest';
import { namedError } from '../../local/aws/step-functions/handlers.js';
import { ATHENA_THROTTLED, times } from './support/fake-aws.js';
import { CRAWLERS, Scenario } from './support/scenario.js';

/** CreateView, StartCrawler and CreateIngestion try 6 times (MaxAttempts 5); ResolveUserBatch 7 (MaxAttempts 6). */
const INNER_ATTEMPTS = 6;
const LAMBDA_ATTEMPTS = 7;

const retriesOf = (events: Array<{ type: string; state: string }>, state: string): number =>
  events.filter((event) => event.type === 'StateRetried' && event.state === state).length;

describe('CreateViews retries', () => {
  it('rides out a view throttled twice inside the iteration', async () => {
    // Prepare
    const scenario = new Scenario({ viewErrors: { 'VIEW user_directory ': times(2, ATHENA_THROTTLED) } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(outcome.events, 'CreateView')).toBe(2);
    expect(retriesOf(outcome.events, 'CreateViews')).toBe(0);
    expect(scenario.sns.published).toEqual([]);
  });

  it('retries the whole Map once when Athena stays throttled through every attempt inside, then succeeds', async () => {
    // Prepare: the old iterator caught this as ViewFailed, so its Map retry could never fire.
    const scenario = new Scenario({ viewErrors: { 'VIEW user_directory ': times(INNER_ATTEMPTS, ATHENA_THROTTLED) } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(outcome.events, 'CreateViews')).toBe(1);
    expect(outcome.events.some((event) => event.state === 'ViewFailed')).toBe(false);
    expect(scenario.sns.published).toEqual([]);
    expect(outcome.output).toMatchObject({ viewsCreated: 5 });
  });

  it('fails with Athena’s own throttling error, not ViewFailed, when the Map retry is spent too', async () => {
    // Prepare
    const scenario = new Scenario({ viewErrors: { 'VIEW user_directory ': times(2 * INNER_ATTEMPTS, ATHENA_THROTTLED) } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('Athena.TooManyRequestsException');
    expect(outcome.cause).toBe('Rate exceeded');
    expect(scenario.sns.ofKind('failure').map((alert) => alert.Subject)).toEqual(['Kiro activity pipeline failed at CreateViews']);
    expect(scenario.lambdaCalls.CheckData).toEqual([]);
  });

  it('names the view and the error when the error carries no Cause', async () => {
    // Prepare
    const scenario = new Scenario({ viewErrors: { 'VIEW credits_by_person ': [{ name: 'States.Timeout' }] } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('ViewFailed');
    expect(outcome.cause).toBe('View credits_by_person (05_credits_by_person.sql) could not be created: States.Timeout (no cause was reported)');
    expect(scenario.sns.ofKind('failure')[0]?.Message).toContain('States.Timeout (no cause was reported)');
  });
});

describe('the other Map retries', () => {
  it('Crawl: retries both crawls once when Glue stays throttled through one crawler’s attempts', async () => {
    // Prepare
    const scenario = new Scenario();
    scenario.glue.startErrors[CRAWLERS[0]] = times(INNER_ATTEMPTS, { name: 'Glue.ThrottlingException', message: 'Rate exceeded' });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(outcome.events, 'Crawl')).toBe(1);
    expect(scenario.glue.started).toContain(CRAWLERS[0]);
  });

  it('ResolveUsers: retries the batches once when Lambda stays throttled through one batch’s attempts', async () => {
    // Prepare
    let throttlesLeft = LAMBDA_ATTEMPTS;
    const scenario = new Scenario({
      lambdas: {
        ResolveUserBatch: (event) => {
          if (event.batchIndex === 1 && throttlesLeft-- > 0) throw namedError('Lambda.TooManyRequestsException', 'Rate Exceeded.');
          return { key: `user-mapping/resolved_date=2026-07-11/batch-${String(event.batchIndex)}.json`, resolved: 1, deleted: 0 };
        },
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(outcome.events, 'ResolveUsers')).toBe(1);
    expect(outcome.output).toMatchObject({ usersResolved: { resolved: 2 } });
  });

  it('RefreshSpice: retries the ingestions once when QuickSight stays throttled through the attempts inside', async () => {
    // Prepare
    const scenario = new Scenario();
    scenario.quicksight.createErrors.push(...times(INNER_ATTEMPTS, { name: 'QuickSight.ThrottlingException', message: 'Rate exceeded' }));

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(outcome.events, 'RefreshSpice')).toBe(1);
    expect(outcome.output).toMatchObject({ ingestions: [{ datasetId: 'dataset-credits', status: 'COMPLETED' }] });
  });
});
