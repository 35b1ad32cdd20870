import { defineConfig } from 'vitest/config'

/**
 * The app's end-to-end suite: its production build (`licen-app-build build`, see package.json) in Debian Chromium
 * against a local devnet (see e2e/).
 */
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
