// The browser half of the verifier tests: *.browser.test.ts files run in headless Debian Chromium (vitest browser
// mode, playwright provider), loading dcap-qvl-web from the URLs Vite emits, the way the app does. The global setup
// computes the same verdicts in Node so the browser tests can compare them.
import { chromiumBrowserMode } from '@licen/testing/vitest-browser'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.browser.test.ts'],
    globalSetup: ['test/browser/nodeVerdicts.ts'],
    testTimeout: 60_000,
    browser: chromiumBrowserMode(),
  },
})
