import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Needs podman and root (the images): `pnpm test:containers` runs it with vitest.containers.config.ts.
    exclude: ['test/containers/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // The system tests run a whole devnet: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
})
