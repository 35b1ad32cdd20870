import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromiumLaunchOptions } from '@licen/testing'
import { type Browser, chromium, type Page } from 'playwright-core'

/** Launches Debian Chromium (`CHROMIUM_PATH` overrides `/usr/bin/chromium`). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions())
}

/** Folder the suite writes screenshots into. */
export const screenshotDir = join(import.meta.dirname, '..', 'test-results', 'e2e')

/** Saves a full-page screenshot named `<name>.png` into the test output. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
