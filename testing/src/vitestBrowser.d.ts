import type { playwright } from '@vitest/browser-playwright'

/** Vitest browser mode in headless Debian Chromium (playwright provider, no failure screenshots). */
export declare function chromiumBrowserMode(): {
  enabled: true
  headless: true
  screenshotFailures: false
  provider: ReturnType<typeof playwright>
  instances: { browser: 'chromium' }[]
}
