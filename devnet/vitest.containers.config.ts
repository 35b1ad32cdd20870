import { defineConfig } from 'vitest/config'

// `pnpm test:containers`: the devnet with the provider node and the orchestrator running from their images under
// podman. Not part of `pnpm test` (CI has no podman); it builds the images when this checkout has none.
export default defineConfig({
  test: {
    include: ['test/containers/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 1_200_000,
    fileParallelism: false,
  },
})
