// Loaded lazily (dynamic import) by the publish, dataset, owner and audit pages: it pulls in the quote verifier.
import {
  createChainJobAuditSources,
  createChainReleaseKeySources,
  type JobReleaseKeyAudit,
  type JobReleaseKeySources,
  ReleaseKeyNotAttestedError,
  type ReleaseKeySources,
  type ReleaseKeyVerdict,
  verifyJobReleaseKey,
  verifyReleaseKey,
} from '@licen/attestation-policy'
import { type AttestReleaseKey, MANIFEST_MAX_BYTES, zgRoot } from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import { type Config, getPublicClient } from '@wagmi/core'
import { dcapWasm } from '../audit/dcapWasm.js'
import { fetchPolicyJson } from '../audit/fetchPolicyFile.js'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'
import { createReadStorage } from '../storage/createReadStorage.js'

/** The local devnet's chain id: the only chain whose dev-mock trust anchor the app injects (as the CLI). */
export const LOCAL_DEVNET_CHAIN_ID = 31337

/** The dev-mock root on the local devnet only, so a dev-mock policy fails on any other chain. */
export async function devAnchorFor(chainId: number): Promise<Uint8Array | undefined> {
  if (chainId !== LOCAL_DEVNET_CHAIN_ID) return undefined
  const { devMockRootCa } = await import('@licen/attestation-policy/dev-tee/anchor')
  return devMockRootCa()
}

/**
 * `verifyReleaseKey`'s sources for this network: the chain through wagmi's client, the evidence from the configured
 * storage (bounded, verified against its root), the policy file from the app's policy folder (bounded, timeout).
 */
export async function appReleaseKeySources(wagmi: Config, config: AppConfig): Promise<ReleaseKeySources> {
  const client = getPublicClient(wagmi)
  if (!client) throw new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
  const { MAX_RELEASE_KEY_EVIDENCE_BYTES } = await import('@licen/attestation-policy')
  const storage = await createReadStorage(wagmi, config, MAX_RELEASE_KEY_EVIDENCE_BYTES)
  return {
    ...createChainReleaseKeySources({
      client,
      chainId: config.chain.id,
      dataPolicy: config.dataPolicy.address,
      fromBlock: BigInt(config.dataPolicy.deploymentBlock),
      storage,
    }),
    readPolicy: (hash) => fetchPolicyJson(config.attestationPoliciesUrl, hash),
  }
}

/**
 * Verifies release key `keyId` (default: the chain's current key, for a new seal; `allowRetired` for one a dataset
 * is already sealed to) in this browser. Returns the verdict, verified or not; other failures throw.
 */
export async function checkAppReleaseKey(
  wagmi: Config,
  config: AppConfig,
  options: { keyId?: number | undefined; allowRetired?: boolean | undefined } = {},
): Promise<ReleaseKeyVerdict> {
  try {
    return await verifyReleaseKey(await appReleaseKeySources(wagmi, config), {
      ...options,
      dcapWasm,
      devMockRootCa: await devAnchorFor(config.chain.id),
    })
  } catch (error) {
    if (error instanceof ReleaseKeyNotAttestedError) return error.verdict
    throw error
  }
}

/**
 * The sdk's `attestReleaseKey` for the publish flow: verifies the chain's current key and hands its id, key and
 * evidence root on; a key that does not verify throws `RELEASE_KEY_NOT_ATTESTED` (its `.verdict` lists the checks).
 * `onVerdict` sees the verified verdict (the page's sentence).
 */
export function appReleaseKeyAttestor(
  wagmi: Config,
  config: AppConfig,
  onVerdict: (verdict: ReleaseKeyVerdict) => void = () => {},
): AttestReleaseKey {
  return async () => {
    const verdict = await checkAppReleaseKey(wagmi, config)
    if (!verdict.verified) throw new ReleaseKeyNotAttestedError(verdict)
    onVerdict(verdict)
    return { keyId: verdict.keyId!, publicKey: verdict.publicKey!, evidenceRef: verdict.evidenceRef! }
  }
}

/**
 * Which release key opened job `jobId`'s dataset and whether it verifies (`verifyJobReleaseKey`): the job's
 * dataset and policy version, the manifest it used (`manifestAt`, bounded from storage, hashed to its root), then
 * that key with existing-dataset semantics. Bad data is a failed check, never a throw.
 */
export async function auditAppJobReleaseKey(
  wagmi: Config,
  config: AppConfig,
  jobId: bigint,
): Promise<JobReleaseKeyAudit> {
  const client = getPublicClient(wagmi)
  if (!client) throw new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
  const storage = await createReadStorage(wagmi, config, MANIFEST_MAX_BYTES)
  // The chain reads are the auditor's own (`createChainJobAuditSources`); storage and policies are the app's.
  const chain = createChainJobAuditSources({
    client,
    chainId: config.chain.id,
    dataPolicy: config.dataPolicy.address,
    fromBlock: BigInt(config.dataPolicy.deploymentBlock),
    storageUrl: config.storage.url,
    policies: { url: config.attestationPoliciesUrl },
  })
  const sources: JobReleaseKeySources = {
    readJobDataset: chain.readJobDataset,
    readManifestHash: chain.readManifestHash,
    async readManifest(manifestHash) {
      const signal = AbortSignal.timeout(30_000)
      if (!(await storage.has(manifestHash, { signal }))) return undefined
      return readBounded(await storage.download(manifestHash, { signal }), {
        maxBytes: MANIFEST_MAX_BYTES,
        signal,
      })
    },
    storageRoot: async (bytes) => (await zgRoot(bytes, { workers: 0 })).root,
    releaseKeys: await appReleaseKeySources(wagmi, config),
  }
  return verifyJobReleaseKey(jobId, sources, { dcapWasm, devMockRootCa: await devAnchorFor(config.chain.id) })
}
