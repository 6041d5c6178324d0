import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Component tests (*.test.tsx) start with `// @vitest-environment happy-dom`; the rest run in Node.
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'tests/**/*.test.ts'],
    globalSetup: ['./tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
