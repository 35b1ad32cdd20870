import {
  createChainReleaseKeySources,
  ReleaseKeyNotAttestedError,
  type ReleaseKeyVerdict,
  verifyReleaseKey,
} from '@licen/attestation-policy'
import { devMockRootCa } from '@licen/attestation-policy/dev-tee/anchor'
import { createLocalStorage } from '@licen/sdk'
import type { Hex } from 'viem'
import { CliError } from './CliError.js'
import { resolvePath } from './files.js'
import { type Network, requireStorage } from './network.js'

const COMPRESSED_KEY = /^0x0[23][0-9a-fA-F]{64}$/

/**
 * The release public key datasets are sealed to: `--release-key`, else the config's, else the orchestrator's
 * `GET /v1/release-key` (`{publicKey}`).
 */
export async function readReleaseKey(network: Network, flag: string | undefined): Promise<Hex> {
  if (flag !== undefined) {
    if (!COMPRESSED_KEY.test(flag))
      throw new CliError('--release-key must be a 33-byte compressed public key (0x02…/0x03…).', {
        code: 'CLI_USAGE',
      })
    return flag.toLowerCase() as Hex
  }
  if (network.releasePublicKey) return network.releasePublicKey
  if (!network.orchestratorUrl)
    throw new CliError('No release key: pass --release-key or --orchestrator.', {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
    })
  try {
    const response = await fetch(`${network.orchestratorUrl}/v1/release-key`, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: 'application/json' },
    })
    const text = await response.text()
    if (!response.ok || text.length > 4096) throw new Error(`HTTP ${response.status}`)
    const key = (JSON.parse(text) as { publicKey?: unknown }).publicKey
    if (typeof key !== 'string' || !COMPRESSED_KEY.test(key)) throw new Error('not a compressed public key')
    return key.toLowerCase() as Hex
  } catch (cause) {
    throw new CliError('The orchestrator did not give its release key.', {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
      details: (cause as Error).message,
    })
  }
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
  const sources = createChainReleaseKeySources({
    client: network.client,
    chainId: network.chainId,
    dataPolicy: network.contract,
    fromBlock: network.fromBlock,
    storage: createLocalStorage({ url: requireStorage(network), workers: 0 }),
    policyDir: options.policyDir === undefined ? undefined : resolvePath(options.cwd, options.policyDir),
  })
  try {
    return await verifyReleaseKey(sources, {
      keyId: options.keyId,
      allowRetired: options.allowRetired,
      devMockRootCa: network.chainId === LOCAL_DEVNET_CHAIN_ID ? devMockRootCa() : undefined,
    })
  } catch (error) {
    if (error instanceof ReleaseKeyNotAttestedError) return error.verdict
    throw error
  }
}
