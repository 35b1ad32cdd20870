import {
  createChainReleaseKeySources,
  ReleaseKeyNotAttestedError,
  type ReleaseKeyVerdict,
  releaseKeyAttestor,
  verifyReleaseKey,
} from '@licen/attestation-policy'
import { devMockRootCa } from '@licen/attestation-policy/dev-tee/anchor'
import type { AttestReleaseKey } from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Hex } from 'viem'
import { CliError } from './CliError.js'
import { resolvePath } from './files.js'
import { createNetworkStorage, type Network } from './network.js'

const COMPRESSED_KEY = /^0x0[23][0-9a-fA-F]{64}$/

/** Largest `GET /v1/release-key` answer read (it carries the current key's quote and event log). */
const MAX_RELEASE_KEY_ANSWER_BYTES = 2 * 1024 * 1024

/**
 * The release public key someone serves to seal to: `--release-key`, else the config's, else the orchestrator's
 * `GET /v1/release-key` (`{publicKey}`, bounded, 10 s); undefined when none of them is given. Publishing seals only
 * to the chain's attested key; a served key is checked against it (`PUBLISH_RELEASE_KEY_MISMATCH`).
 */
export async function readServedReleaseKey(
  network: Network,
  flag: string | undefined,
): Promise<Hex | undefined> {
  if (flag !== undefined) {
    if (!COMPRESSED_KEY.test(flag))
      throw new CliError('--release-key must be a 33-byte compressed public key (0x02…/0x03…).', {
        code: 'CLI_USAGE',
      })
    return flag.toLowerCase() as Hex
  }
  if (network.releasePublicKey) return network.releasePublicKey
  if (!network.orchestratorUrl) return undefined
  try {
    const signal = AbortSignal.timeout(10_000)
    const response = await fetch(`${network.orchestratorUrl}/v1/release-key`, {
      signal,
      headers: { accept: 'application/json' },
    })
    if (!response.ok) {
      await response.body?.cancel()
      throw new Error(`HTTP ${response.status}`)
    }
    const bytes = await readBounded(response, { maxBytes: MAX_RELEASE_KEY_ANSWER_BYTES, signal })
    const key = (JSON.parse(new TextDecoder().decode(bytes)) as { publicKey?: unknown }).publicKey
    if (typeof key !== 'string' || !COMPRESSED_KEY.test(key)) throw new Error('not a compressed public key')
    return key.toLowerCase() as Hex
  } catch (cause) {
    throw new CliError('The orchestrator did not give its release key.', {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
      details: (cause as Error).message,
    })
  }
}

/**
 * The sdk's `attestReleaseKey` for this network: verifies the chain's current release key (sources as in
 * {@link checkReleaseKey}) and returns it, or throws `RELEASE_KEY_NOT_ATTESTED` naming the failing check.
 */
export function networkReleaseKeyAttestor(
  network: Network,
  options: { policyDir?: string | undefined; cwd: string },
): AttestReleaseKey {
  return releaseKeyAttestor(networkReleaseKeySources(network, options), {
    devMockRootCa: devAnchor(network),
  })
}

/** The chain id of the local devnet (anvil), the only chain whose dev-mock trust anchor the CLI injects. */
const LOCAL_DEVNET_CHAIN_ID = 31337

/**
 * Verifies the chain's release key (`keyId`, else the current one) with `verifyReleaseKey`: chain reads, the
 * evidence from the network's storage, the policy file from `policyDir` or the URI the chain publishes. The
 * dev-mock anchor is trusted on the local devnet only, so a dev-mock policy fails anywhere else. Returns the
 * verdict, verified or not.
 */
export async function checkReleaseKey(
  network: Network,
  options: {
    keyId?: number | undefined
    allowRetired?: boolean
    policyDir?: string | undefined
    cwd: string
  },
): Promise<ReleaseKeyVerdict> {
  try {
    return await verifyReleaseKey(networkReleaseKeySources(network, options), {
      keyId: options.keyId,
      allowRetired: options.allowRetired,
      devMockRootCa: devAnchor(network),
    })
  } catch (error) {
    if (error instanceof ReleaseKeyNotAttestedError) return error.verdict
    throw error
  }
}

/** The dev-mock root on the local devnet only: a dev-mock policy fails on any other chain. */
export function devAnchor(network: Network): Uint8Array | undefined {
  return network.chainId === LOCAL_DEVNET_CHAIN_ID ? devMockRootCa() : undefined
}

/** Chain reads, the network's storage (bounded) and the policy file from `policyDir` or the chain's URI. */
export function networkReleaseKeySources(
  network: Network,
  options: { policyDir?: string | undefined; cwd: string },
) {
  return createChainReleaseKeySources({
    client: network.client,
    chainId: network.chainId,
    dataPolicy: network.contract,
    fromBlock: network.fromBlock,
    storage: createNetworkStorage(network, { workers: 0 }),
    policyDir: options.policyDir === undefined ? undefined : resolvePath(options.cwd, options.policyDir),
  })
}
