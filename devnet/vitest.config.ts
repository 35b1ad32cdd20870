import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // The system tests run a whole devnet: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
})
