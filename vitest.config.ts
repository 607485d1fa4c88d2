import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/temporary-folder.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // dt-sql-parser's ESM build uses directory imports that Node refuses; let Vite resolve it.
    server: { deps: { inline: ['dt-sql-parser'] } },
  },
});
