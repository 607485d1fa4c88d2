/**
 * Names and e-mail addresses of people never reach the function logs: the handlers that see
 * them (resolve-users, detect-spikes, summarise) log ids and counts only.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchBody } from '../../handlers/find-users/batches.js';
import { createHandler as createDetectSpikesHandler } from '../../handlers/detect-spikes/handler.js';
import { createHandler as createResolveUsersHandler } from '../../handlers/resolve-users/handler.js';
import { createHandler as createSummariseHandler } from '../../handlers/summarise/handler.js';
import { logger } from '../../handlers/shared/logger.js';
import { MemoryStore } from './support/memory-store.js';
import { ScriptedQueries } from './support/scripted-queries.js';
import { testSettings } from './support/settings.js';

const NAME = 'Zephyrine Made-up Quill';
const USER_NAME = 'zephyrine.quill@example.com';

let written: string[];

beforeEach(() => {
  written = [];
  logger.setLogLevel('DEBUG');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel('INFO');
});

describe('function logs', () => {
  it('carry no name or e-mail while a batch of named people is resolved and a named person spikes', async () => {
    // Prepare
    const store = new MemoryStore();
    await store.putText('work/run-1/batch-0001.json', batchBody(['u-zeph']));
    const resolve = createResolveUsersHandler({
      settings: testSettings(),
      store,
      users: { describeUser: async () => ({ userName: USER_NAME, displayName: NAME }) },
      effects: { sleep: async () => {}, random: () => 0 },
      now: () => new Date('2026-11-21T03:00:00Z'),
    });
    const spikes = createDetectSpikesHandler({
      settings: testSettings(),
      store,
      queries: new ScriptedQueries([
        [
          {
            userid: 'u-zeph', display_name: NAME, day_overage_credits: '900.0', trailing_overage_credits: '14.0',
            tier: 'PRO', month_cost_usd: '56.0', recommended_tier: 'PRO_PLUS', recommended_action: 'UPGRADE', monthly_saving_usd: '3.0', recommended_effective: 'now',
          },
        ],
      ]),
    });

    // Act
    await resolve({ key: 'work/run-1/batch-0001.json', batchIndex: 0, executionDate: '2026-11-21', executionName: 'run-1' });
    const report = await spikes({ reportDate: '2026-11-20' });
    await createSummariseHandler({})({ run: { reportDate: '2026-11-20' }, spikes: report, spikeAlert: { messageId: 'm-1' } });

    // Assess: the alert names the person, the logs do not.
    expect(report.message).toContain(NAME);
    const logs = written.join('');
    expect(logs).toContain('batch resolved');
    expect(logs).toContain('spikes evaluated');
    expect(logs).not.toContain(NAME);
    expect(logs).not.toContain('Zephyrine');
    expect(logs).not.toContain(USER_NAME);
  });
});
