import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: real Chromium (/usr/bin/chromium via playwright-core) against the production build
// (run `npx vite build` first; scripts/test-all.sh does). One file at a time: the machines running them are small.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
