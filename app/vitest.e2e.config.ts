import { defineConfig } from 'vitest/config'

/** End-to-end suite: the production build in Debian Chromium against a local chain (see e2e/). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
})
