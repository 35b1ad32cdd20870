import { type Address, getAddress, type Hex, hashMessage, isAddress, recoverMessageAddress } from 'viem'
import { PROVIDER_REQUEST_MAX_SKEW_SECONDS, providerRequestHeaderNames } from './constants.js'
import type { ReplayGuard } from './createReplayGuard.js'
import { providerRequestMessage } from './providerRequestMessage.js'
import { RequestAuthError } from './RequestAuthError.js'

/** Request headers as a fetch `Headers` or a plain record (Node's `IncomingHttpHeaders` fits). */
export type ProviderRequestHeaderSource = Headers | Record<string, string | string[] | undefined>

export type VerifyProviderRequestParameters = {
  /** HTTP method as received. */
  method: string
  /** Request target as received (path plus `?query`). */
  path: string
  /** The raw body bytes as received. */
  body: Uint8Array | string
  headers: ProviderRequestHeaderSource
  /** Answers whether an address holds the orchestrator role (the provider reads `isOrchestrator` on chain). */
  isOrchestrator: (address: Address) => Promise<boolean>
  /** Shared by every request the verifier accepts; refuses a signed request seen before. */
  replayGuard: ReplayGuard
  /** Verifier clock in unix seconds; defaults to now. */
  now?: number | undefined
  /** Allowed clock distance in seconds; default 60. */
  maxSkewSeconds?: number | undefined
}

const TIMESTAMP = /^(0|[1-9][0-9]{0,15})$/
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/

function readHeader(headers: ProviderRequestHeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const value = (headers as Record<string, string | string[] | undefined>)[name]
  if (Array.isArray(value)) {
    throw new RequestAuthError(`Header ${name} appears more than once.`, { code: 'REQUEST_AUTH_MALFORMED' })
  }
  return value
}

/**
 * Verifies a signed orchestrator request (headers, clock skew, EIP-191 signature, orchestrator role, replay) and
 * returns the orchestrator's checksummed address; throws a `RequestAuthError` otherwise.
 */
export async function verifyProviderRequest(parameters: VerifyProviderRequestParameters): Promise<Address> {
  const now = parameters.now ?? Math.floor(Date.now() / 1000)
  const maxSkew = parameters.maxSkewSeconds ?? PROVIDER_REQUEST_MAX_SKEW_SECONDS
  const claimed = readHeader(parameters.headers, providerRequestHeaderNames.address)
  const timestampText = readHeader(parameters.headers, providerRequestHeaderNames.timestamp)
  const signature = readHeader(parameters.headers, providerRequestHeaderNames.signature)
  if (claimed === undefined || timestampText === undefined || signature === undefined) {
    throw new RequestAuthError('The request is not signed.', {
      code: 'REQUEST_AUTH_MISSING',
      details: `expected headers ${Object.values(providerRequestHeaderNames).join(', ')}`,
    })
  }
  if (!isAddress(claimed, { strict: false })) {
    throw new RequestAuthError('x-licen-address is not an address.', { code: 'REQUEST_AUTH_MALFORMED' })
  }
  if (!TIMESTAMP.test(timestampText)) {
    throw new RequestAuthError('x-licen-timestamp is not a decimal unix time.', {
      code: 'REQUEST_AUTH_MALFORMED',
    })
  }
  if (!SIGNATURE.test(signature)) {
    throw new RequestAuthError('x-licen-signature is not a 65-byte hex signature.', {
      code: 'REQUEST_AUTH_MALFORMED',
    })
  }
  const timestamp = Number(timestampText)
  if (Math.abs(now - timestamp) > maxSkew) {
    throw new RequestAuthError('The request timestamp is outside the allowed window.', {
      code: 'REQUEST_AUTH_EXPIRED',
      details: `timestamp ${timestamp}, verifier clock ${now}, allowed skew ${maxSkew} s`,
    })
  }
  const address = getAddress(claimed)
  let message: string
  try {
    message = providerRequestMessage({
      method: parameters.method,
      path: parameters.path,
      timestamp,
      body: parameters.body,
    })
  } catch (error) {
    throw new RequestAuthError('The request method or path cannot be signed.', {
      code: 'REQUEST_AUTH_MALFORMED',
      cause: error,
    })
  }
  let recovered: Address
  try {
    recovered = await recoverMessageAddress({ message, signature: signature as Hex })
  } catch (error) {
    throw new RequestAuthError('The request signature is invalid.', {
      code: 'REQUEST_AUTH_BAD_SIGNATURE',
      cause: error,
    })
  }
  if (recovered !== address) {
    throw new RequestAuthError('The request signature is not by x-licen-address.', {
      code: 'REQUEST_AUTH_BAD_SIGNATURE',
    })
  }
  let allowed: boolean
  try {
    allowed = await parameters.isOrchestrator(address)
  } catch (error) {
    throw new RequestAuthError('The orchestrator role could not be checked.', {
      code: 'REQUEST_AUTH_UNAVAILABLE',
      cause: error,
    })
  }
  if (!allowed) {
    throw new RequestAuthError('The signer is not an orchestrator.', {
      code: 'REQUEST_AUTH_NOT_ORCHESTRATOR',
      details: `signer ${address}`,
    })
  }
  // Keyed on what was signed, not on the signature bytes: an equivalent re-encoding (v = 0/1 vs 27/28, high s)
  // of the same signature must not pass as a new request. Consumed after the async role check so that two
  // identical requests racing each other cannot both pass.
  parameters.replayGuard.consume(`${address}:${hashMessage(message)}`, timestamp + maxSkew, now)
  return address
}
