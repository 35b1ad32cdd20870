import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // *.browser.test.ts run in Chromium only (vitest.browser.config.ts).
    exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
  },
})
