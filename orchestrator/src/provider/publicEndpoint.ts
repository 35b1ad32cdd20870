import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { OrchestratorError } from '../errors.js'

/** Chain id of the local devnet (anvil): the only chain whose providers may live on loopback or private addresses. */
export const LOCAL_DEVNET_CHAIN_ID = 31_337

/** How long resolving a provider's host name may take. */
export const ENDPOINT_LOOKUP_TIMEOUT_MS = 5_000

/**
 * Addresses that are not on the public internet (IANA special-purpose registries): an orchestrator that posted to
 * them would let anyone who registers a provider endpoint reach its own network (metadata services, databases,
 * admin ports). IPv4-mapped IPv6 addresses are checked against the IPv4 ranges.
 */
const notPublic = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  notPublic.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  notPublic.addSubnet(network, prefix, 'ipv6')

/** Whether `address` (an IP literal) is outside every non-public range. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return !notPublic.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

export type AssertPublicEndpointOptions = {
  /** Resolves a host name to all its addresses (default: the system resolver). */
  resolve?: ((host: string) => Promise<string[]>) | undefined
  timeoutMs?: number | undefined
}

/**
 * Refuses a provider endpoint whose host is, or resolves to, a loopback, private, link-local or other non-public
 * address (`PROVIDER_ENDPOINT_NOT_PUBLIC`, naming the host, never a path or query). A host that does not resolve
 * in time is `PROVIDER_UNREACHABLE` (retried like any unreachable provider). The check is made before each call;
 * the request resolves the name again, so a resolver that changes its answer in between (DNS rebinding) is not
 * caught here: run the orchestrator with egress limited to the public internet as well.
 */
export async function assertPublicEndpoint(
  endpoint: string,
  options: AssertPublicEndpointOptions = {},
): Promise<void> {
  let host: string
  try {
    host = new URL(endpoint).hostname
  } catch {
    // The provider client reports an unparsable endpoint with its own error.
    return
  }
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  const refuse = (address: string) =>
    new OrchestratorError('The provider endpoint is not a public address.', {
      code: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
      details: address === literal ? literal : `${literal} resolves to ${address}`,
    })
  if (isIP(literal) !== 0) {
    if (!isPublicAddress(literal)) throw refuse(literal)
    return
  }
  if (literal === 'localhost' || literal.endsWith('.localhost')) throw refuse(literal)
  const timeoutMs = options.timeoutMs ?? ENDPOINT_LOOKUP_TIMEOUT_MS
  const resolve =
    options.resolve ??
    (async (name: string) =>
      (await lookup(name, { all: true, verbatim: true })).map((entry) => entry.address))
  let timer: NodeJS.Timeout | undefined
  let addresses: string[]
  try {
    addresses = await Promise.race([
      resolve(literal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
  } catch (cause) {
    throw new OrchestratorError('The provider endpoint’s host name did not resolve.', {
      code: 'PROVIDER_UNREACHABLE',
      details: `${literal}: ${cause instanceof Error ? cause.message : 'lookup failed'}`,
    })
  } finally {
    clearTimeout(timer)
  }
  if (addresses.length === 0)
    throw new OrchestratorError('The provider endpoint’s host name did not resolve.', {
      code: 'PROVIDER_UNREACHABLE',
      details: `${literal}: no address`,
    })
  const inside = addresses.find((address) => !isPublicAddress(address))
  if (inside !== undefined) throw refuse(inside)
}
