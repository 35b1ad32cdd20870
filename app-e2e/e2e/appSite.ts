import { anvilPrivateKeys } from '@licen/contracts'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { injectWallet } from './injectWallet.js'
import type { E2eStack } from './stack.js'

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
