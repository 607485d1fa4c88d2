/** Which test files get a module graph of their own (test/module-isolation.ts, read by vitest.config.ts). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesNeedingOwnModules, needsOwnModules } from '../module-isolation.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('needsOwnModules', () => {
  it.each([
    ["vi.mock('node:worker_threads', async () => ({}));", 'a module mocked for its importers'],
    ["vi.doMock('../../handlers/shared/config.js');", 'a module mocked from here on'],
    ['vi.resetModules();', 'the module graph started again'],
    ["const { handler } = await import('../../handlers/check-data/index.js');", 'an entry loaded after its environment is set'],
    ["const entry = import ('./entry.js');", 'a dynamic import spaced apart'],
  ])('catches %s (%s)', (source) => {
    // Act + Assess
    expect(needsOwnModules(source)).toBe(true);
  });

  it.each([
    "import { mockClient } from 'aws-sdk-client-mock';",
    "vi.spyOn(process.stdout, 'write');",
    'const important = reimport(value);',
    "expect(text).toContain('import');",
  ])('lets %s share modules', (source) => {
    // Act + Assess
    expect(needsOwnModules(source)).toBe(false);
  });
});

describe('filesNeedingOwnModules', () => {
  it("finds this project's files that mock a module or load one late, ", () => {
    // Act
    const files = filesNeedingOwnModules(ROOT);

    // Assess: the worker-thread counter mocks node:worker_threads; the entries read PIPELINE_SETTINGS on load.
    expect(files).toContain('test/local/normalise-workers.test.ts');
    expect(files).toContain('test/unit/handler-wiring.test.ts');
    expect(files).toContain('test/unit/logging.test.ts');
    expect(files.every((file) => file.startsWith('test/') && file.endsWith('.test.ts'))).toBe(true);
  });
});
