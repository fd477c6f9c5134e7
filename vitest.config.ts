import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (web/**/*.test.ts); Node integration tests (ONNX parity, Python cross-checks) in tests/integration.
// Browser end-to-end tests have their own config (vitest.e2e.config.ts): they need a production build and Chromium.
export default defineConfig({
  test: {
    include: ['web/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
