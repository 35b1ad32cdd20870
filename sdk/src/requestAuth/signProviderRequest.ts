import type { LocalAccount } from 'viem'
import { providerRequestHeaderNames } from './constants.js'
import { providerRequestMessage } from './providerRequestMessage.js'

export type SignProviderRequestParameters = {
  /** The orchestrator's account (anything that signs EIP-191 messages: a viem local or JSON-RPC account). */
  account: Pick<LocalAccount, 'address' | 'signMessage'>
  method: string
  /** Request target exactly as it will be sent (path plus `?query`). */
  path: string
  /** The exact body bytes that will be sent; empty for none. */
  body?: Uint8Array | string | undefined
  /** Unix seconds; defaults to now. */
  timestamp?: number | undefined
}

/** The three headers that authenticate one request. */
export type ProviderRequestHeaders = {
  'x-licen-address': `0x${string}`
  'x-licen-timestamp': string
  'x-licen-signature': `0x${string}`
}

/** Signs one provider request and returns the headers to send with it. */
export async function signProviderRequest(
  parameters: SignProviderRequestParameters,
): Promise<ProviderRequestHeaders> {
  const timestamp = parameters.timestamp ?? Math.floor(Date.now() / 1000)
  const message = providerRequestMessage({
    method: parameters.method,
    path: parameters.path,
    timestamp,
    body: parameters.body ?? '',
  })
  const signature = await parameters.account.signMessage({ message })
  return {
    [providerRequestHeaderNames.address]: parameters.account.address,
    [providerRequestHeaderNames.timestamp]: String(timestamp),
    [providerRequestHeaderNames.signature]: signature,
  }
}
