import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // At least two files at a time (Vitest's default is one less than the cores: one on a 2-core
    // machine). Much of a file's time is spent waiting on a child process (cdk synth, npm run
    // local) or on DuckDB's reads, which leaves the other core idle; two at a time ran the suite
    // in about four fifths of the time on 2 cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // dt-sql-parser's ESM build uses directory imports that Node refuses; let Vite resolve it.
    server: { deps: { inline: ['dt-sql-parser'] } },
  },
});
