// `@licen/testing/vitest-browser`, plain JavaScript (typed by vitestBrowser.d.ts): vitest configs import it, and
// Node loads a config's workspace imports without a TypeScript loader. Its own entry, so that only configs load
// the playwright provider.
import { playwright } from '@vitest/browser-playwright'
import { chromiumLaunchOptions } from './chromium.js'

/** Vitest browser mode in headless Debian Chromium (playwright provider, no failure screenshots). */
export function chromiumBrowserMode() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({ launchOptions: chromiumLaunchOptions() }),
    instances: [{ browser: 'chromium' }],
  }
}
