import { createKeyProvider } from '@licen/app/wallet/keyProvider'
import type { BrowserContext } from 'playwright-core'
import { type Chain, defineChain, type Hex } from 'viem'

export type InjectWalletParameters = {
  privateKey: Hex
  rpcUrl: string
  chainId: number
  /** Chain id the wallet reports (to test the wrong-chain prompt); defaults to `chainId`. */
  reportedChainId?: number
  name?: string
}

/**
 * Injects an EIP-1193 wallet into every page of the context, announced through EIP-6963. Requests go to Node
 * over a Playwright binding, where a viem key provider signs with the funded test key.
 */
export async function injectWallet(
  context: BrowserContext,
  parameters: InjectWalletParameters,
): Promise<void> {
  const chain: Chain = defineChain({
    id: parameters.chainId,
    name: 'e2e',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  })
  const provider = createKeyProvider({ privateKey: parameters.privateKey, chain, rpcUrl: parameters.rpcUrl })
  let reported = parameters.reportedChainId ?? parameters.chainId
  // Like a real wallet: no account is exposed to the site until it asks (eth_requestAccounts).
  let authorized = false
  await context.exposeBinding('__licenE2eWallet', async (_source, method: string, params: unknown) => {
    if (method === 'eth_requestAccounts') authorized = true
    if (method === 'eth_accounts' && !authorized) return { result: [] }
    if (method === 'eth_chainId') return { result: `0x${reported.toString(16)}` }
    if (method === 'wallet_switchEthereumChain') {
      const wanted = Number.parseInt((params as [{ chainId: string }])[0].chainId, 16)
      if (wanted !== parameters.chainId) return { error: { code: 4902, message: 'Unknown chain' } }
      reported = wanted
      return { result: null, chainChanged: `0x${wanted.toString(16)}` }
    }
    try {
      return { result: await provider.request({ method, params }) }
    } catch (error) {
      const e = error as { code?: number; message?: string; shortMessage?: string }
      return { error: { code: e.code ?? -32603, message: e.shortMessage ?? e.message ?? 'error' } }
    }
  })
  await context.addInitScript(
    ({ name }) => {
      const listeners: Record<string, ((...args: unknown[]) => void)[]> = {}
      const call = (window as unknown as { __licenE2eWallet: (m: string, p: unknown) => Promise<unknown> })
        .__licenE2eWallet
      const provider = {
        isLicenE2e: true,
        async request({ method, params }: { method: string; params?: unknown }) {
          const { result, error, chainChanged } = (await call(method, params)) as {
            result?: unknown
            error?: { code: number; message: string }
            chainChanged?: string
          }
          if (error) throw Object.assign(new Error(error.message), { code: error.code })
          if (chainChanged) for (const fn of listeners.chainChanged ?? []) fn(chainChanged)
          return result
        },
        on(event: string, fn: (...args: unknown[]) => void) {
          listeners[event] = [...(listeners[event] ?? []), fn]
        },
        removeListener(event: string, fn: (...args: unknown[]) => void) {
          listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn)
        },
      }
      const info = {
        uuid: '7d4b5a1e-0000-4000-8000-00000000e2e0',
        name,
        icon: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>',
        rdns: 'dev.licen.e2e',
      }
      const announce = () =>
        window.dispatchEvent(
          new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }),
        )
      window.addEventListener('eip6963:requestProvider', announce)
      announce()
    },
    { name: parameters.name ?? 'E2E Wallet' },
  )
}
