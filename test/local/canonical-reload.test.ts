/**
 * Difference canonical-reread: the canonical tables' files are listed again once the steps that
 * write canonical objects have run, before the next step that may read them: once after a whole
 * NormaliseReports Map, not once per batch.
 */
import { describe, expect, it } from 'vitest';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import type { TaskBindings } from '../../local/aws/step-functions/bind-tasks.js';
import { withCanonicalTables } from '../../local/run/task-bindings.js';

/** Bindings that log their calls (`failing` ones throw after), over an engine that logs its reloads. */
function recorded(failing: readonly string[] = []): { calls: string[]; bindings: TaskBindings } {
  const calls: string[] = [];
  const athena = {
    registerCanonicalTables: async (root: string) => {
      calls.push(`reload ${root}`);
    },
  } as unknown as LocalAthena;
  const step = (name: string) => async () => {
    calls.push(name);
    if (failing.includes(name)) throw new Error(`${name} failed`);
    return {};
  };
  const lambdas = Object.fromEntries(['prepare', 'plan-normalise', 'normalise-reports', 'render-views', 'check-data'].map((name) => [name, step(name)]));
  const services = Object.fromEntries(['startQueryExecution', 'createIngestion'].map((name) => [name, step(name)]));
  return { calls, bindings: withCanonicalTables(athena, '/out', { lambdas, services } as unknown as TaskBindings) };
}

describe('withCanonicalTables', () => {
  it('reloads once after PlanNormalise and all its batches, before the next step, and not again', async () => {
    // Prepare
    const { calls, bindings } = recorded();

    // Act: the steps in the order of a run, four batches of which two run at once.
    await bindings.lambdas['prepare' as 'prepare']({});
    await bindings.lambdas['plan-normalise']({});
    await Promise.all([bindings.lambdas['normalise-reports']({}), bindings.lambdas['normalise-reports']({})]);
    await bindings.lambdas['normalise-reports']({});
    await bindings.lambdas['normalise-reports']({});
    await bindings.lambdas['render-views']({});
    await bindings.services.startQueryExecution({});
    await bindings.lambdas['check-data']({});
    await bindings.services.createIngestion({});

    // Assess
    expect(calls).toEqual([
      'prepare',
      'plan-normalise',
      'normalise-reports',
      'normalise-reports',
      'normalise-reports',
      'normalise-reports',
      'reload /out',
      'render-views',
      'startQueryExecution',
      'check-data',
      'createIngestion',
    ]);
  });

  it('lets steps that run together wait for the one reload', async () => {
    // Prepare
    const { calls, bindings } = recorded();
    await bindings.lambdas['normalise-reports']({});

    // Act: two readers at once (a Map of queries).
    await Promise.all([bindings.services.startQueryExecution({}), bindings.services.createIngestion({})]);

    // Assess
    expect(calls.filter((call) => call.startsWith('reload'))).toHaveLength(1);
    expect(calls.indexOf('reload /out')).toBeLessThan(calls.indexOf('startQueryExecution'));
  });

  it('reloads after a batch that failed too, since it may have written some of its objects', async () => {
    // Prepare
    const { calls, bindings } = recorded(['normalise-reports']);

    // Act
    await expect(bindings.lambdas['normalise-reports']({})).rejects.toThrow('normalise-reports failed');
    await bindings.lambdas['check-data']({});

    // Assess
    expect(calls).toEqual(['normalise-reports', 'reload /out', 'check-data']);
  });
});
