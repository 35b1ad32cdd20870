// The browser half of the SDK tests: the same test files run in headless Debian Chromium (vitest browser mode,
// playwright provider). Node-only tests (anvil, files, workers via node:) are named *.node.test.ts and stay out.
// Other modules add their folders to `browserSuites`.
import { chromiumBrowserMode } from '@licen/testing/vitest-browser'
import { defineConfig } from 'vitest/config'

/** Source folders whose *.test.ts files must pass in Chromium too. */
const browserSuites = [
  'lcn1',
  'envelope',
  'eip712',
  'attestation',
  'resultKey',
  'manifest',
  'zgRoot',
  'storage',
  'publish',
  'provider',
  'platform',
  'http',
  'events',
  'examples',
]

export default defineConfig({
  test: {
    include: [
      ...browserSuites.map((folder) => `src/${folder}/**/*.test.ts`),
      // The result checks the app runs in the browser (the container tests use node:crypto as their oracle).
      'src/result/{resultReceiptsFile,verifyResultFiles,downloadResult}.test.ts',
    ],
    exclude: ['**/*.node.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    browser: chromiumBrowserMode(),
  },
})
