import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { filesNeedingOwnModules } from './test/module-isolation.js';

const TESTS = 'test/**/*.test.ts';
const OWN_MODULES = filesNeedingOwnModules(fileURLToPath(new URL('.', import.meta.url)));

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/temporary-folder.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A file per core (Vitest's default leaves one free): much of a file's time is spent waiting on
    // the processes it starts (the CDK CLI, npm run local), which leaves a core idle.
    maxWorkers: '100%',
    // dt-sql-parser's ESM build uses directory imports that Node refuses; let Vite resolve it.
    server: { deps: { inline: ['dt-sql-parser'] } },
    projects: [
      // Most files share their worker's modules (test/module-isolation.ts says why and which do not).
      { extends: true, test: { name: 'shared-modules', include: [TESTS], exclude: OWN_MODULES, isolate: false } },
      ...(OWN_MODULES.length > 0 ? [{ extends: true as const, test: { name: 'own-modules', include: OWN_MODULES, isolate: true } }] : []),
    ],
  },
});
