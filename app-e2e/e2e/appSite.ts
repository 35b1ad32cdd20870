import { join } from 'node:path'
import { anvilPrivateKeys } from '@licen/contracts'
import { type StaticServer, serveStatic } from '@licen/devnet'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from './browser.js'
import { injectWallet } from './injectWallet.js'
import { type E2eStack, startStack } from './stack.js'

/** Opens the app at `hash` in a new page whose uncaught errors fail the test and whose console errors are shown. */
export async function openApp(context: BrowserContext, siteUrl: string, hash = '#/'): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (error) => {
    throw error
  })
  page.on('console', (message) => {
    // biome-ignore lint/suspicious/noConsole: the browser's errors belong in the test output
    if (message.type() === 'error') console.error(`[browser] ${message.text()}`)
  })
  await page.goto(`${siteUrl}${hash}`)
  return page
}

/** A browser context whose injected wallet (EIP-6963) signs with anvil account `index`. */
export async function walletContext(
  browser: Browser,
  stack: E2eStack,
  index: number,
  options: { reportedChainId?: number; context?: BrowserContextOptions } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options.context)
  await injectWallet(context, {
    privateKey: anvilPrivateKeys[index]!,
    rpcUrl: stack.rpcUrl,
    chainId: stack.chainId,
    ...(options.reportedChainId === undefined ? {} : { reportedChainId: options.reportedChainId }),
  })
  return context
}

/** Connects the injected wallet through the app's wallet chooser and waits for its address in the top bar. */
export async function connectInjected(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connect wallet' }).click()
  await page.getByRole('button', { name: /E2E Wallet/ }).click()
  await page.getByTestId('wallet-address').waitFor()
}

/** One e2e file's world: its own devnet, the app's production build served from `prefix`, and Chromium. */
export type AppSite = { stack: E2eStack; site: StaticServer; browser: Browser; stop: () => Promise<void> }

/**
 * Starts a devnet (`startStack`), serves the app's build from the sub-path `prefix` with the devnet's
 * `config.json`, and launches Chromium; `stop()` closes all three and prints the devnet's log tail when a part
 * died unexpectedly (or `LICEN_E2E_LOGS` is set).
 */
export async function startAppSite(
  prefix: string,
  options: { onRequest?: (path: string) => void } = {},
): Promise<AppSite> {
  const stack = await startStack()
  const site = await serveStatic({
    root: join(import.meta.dirname, '..', 'build'),
    prefix,
    port: 0,
    files: { 'config.json': { body: JSON.stringify(stack.appConfig) } },
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  })
  const browser = await launchChromium()
  return {
    stack,
    site,
    browser,
    async stop() {
      await browser.close()
      await site.close()
      // biome-ignore lint/suspicious/noConsole: the devnet's log tail belongs in the test output
      if (stack.unexpected() || process.env.LICEN_E2E_LOGS) console.log(stack.logTail(200))
      await stack.stop()
    },
  }
}
