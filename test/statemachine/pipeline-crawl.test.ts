import { describe, expect, it } from 'vitest';
import { CRAWLERS, Scenario } from './support/scenario.js';

const [USER_REPORT_CRAWLER] = CRAWLERS;

describe('daily pipeline, Crawl step', () => {
  it('waits for a crawler that is already running instead of failing', async () => {
    // Prepare
    const scenario = new Scenario({
      crawlers: {
        [USER_REPORT_CRAWLER]: {
          alreadyRunning: true,
          snapshots: [{ State: 'RUNNING' }, { State: 'STOPPING' }, { State: 'READY', LastCrawl: { Status: 'SUCCEEDED' } }],
        },
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(scenario.glue.started).not.toContain(USER_REPORT_CRAWLER);
    expect(scenario.glue.polls.get(USER_REPORT_CRAWLER)).toBe(3);
    expect(scenario.sns.published).toEqual([]);
  });

  it('fails the run and alerts with the crawler name and its error when a crawl fails', async () => {
    // Prepare
    const scenario = new Scenario({
      crawlers: {
        [USER_REPORT_CRAWLER]: {
          snapshots: [{ State: 'RUNNING' }, { State: 'READY', LastCrawl: { Status: 'FAILED', ErrorMessage: 'Access Denied on s3://example-kiro-reports' } }],
        },
      },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('CrawlerFailed');
    expect(outcome.cause).toContain(`Crawler ${USER_REPORT_CRAWLER} finished with status FAILED`);
    expect(outcome.cause).toContain('Access Denied on s3://example-kiro-reports');
    const [alert, ...others] = scenario.sns.ofKind('failure');
    expect(others).toEqual([]);
    expect(alert?.Subject).toBe('Kiro activity pipeline failed at Crawl');
    expect(alert?.Message).toContain('Error: CrawlerFailed');
    expect(alert?.Message).toContain(USER_REPORT_CRAWLER);
    expect(alert?.Message).toContain('Access Denied on s3://example-kiro-reports');
    expect(scenario.lambdaCalls.RenderViews).toEqual([]);
  });

  it('names a cancelled crawl even when Glue gives no error message', async () => {
    // Prepare
    const scenario = new Scenario({
      crawlers: { [USER_REPORT_CRAWLER]: { snapshots: [{ State: 'READY', LastCrawl: { Status: 'CANCELLED' } }] } },
    });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('CrawlerFailed');
    expect(outcome.cause).toContain(`Crawler ${USER_REPORT_CRAWLER} finished with status CANCELLED`);
    expect(scenario.sns.ofKind('failure')).toHaveLength(1);
  });

  it('gives up on a crawler that never finishes after the poll bound', async () => {
    // Prepare
    const scenario = new Scenario({ crawlers: { [USER_REPORT_CRAWLER]: { snapshots: [{ State: 'RUNNING' }] } } });

    // Act
    const outcome = await scenario.run();

    // Assess
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('CrawlerTimedOut');
    expect(outcome.cause).toContain(`Crawler ${USER_REPORT_CRAWLER} had not finished after 60 checks`);
    expect(scenario.glue.polls.get(USER_REPORT_CRAWLER)).toBe(60);
    expect(scenario.sns.ofKind('failure')[0]?.Subject).toBe('Kiro activity pipeline failed at Crawl');
  });
});
