import {
  auditJob,
  createChainJobAuditSources,
  createChainReleaseKeySources,
  type JobAudit,
  releaseKeyAttestor,
} from '@licen/attestation-policy'
import { devMockRootCa } from '@licen/attestation-policy/dev-tee/anchor'
import {
  createLocalStorage,
  type DataPolicyJob,
  deriveResultKey,
  downloadJobResult,
  type JobStateName,
  type Policy,
  publishDataset,
  readJob,
  readJobEvents,
  requestAccess,
} from '@licen/sdk'
import { type Hex, parseEther, type TransactionReceipt, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type DevRole, devAccount } from '../dev/accounts.js'
import type { DevnetInfo } from '../dev/devnetInfo.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from '../dev/wallets.js'
import { DevnetError } from '../errors.js'

/** The dataset policy the demo and the system tests publish with (ttl and royalty may be overridden). */
export type DemoPolicy = Policy

/** The demo's default terms: 0.002 ETH per epoch, up to 10 epochs, research only, the devnet's attestation policy. */
export function demoPolicy(info: DevnetInfo, overrides: Partial<DemoPolicy> = {}): DemoPolicy {
  return {
    royaltyPerEpoch: parseEther('0.002'),
    maxEpochsPerJob: 10,
    maxActiveJobsPerRequester: 3,
    sessionTtl: 3600,
    expiry: 0,
    allowedPurposes: 1,
    attestationPolicy: info.policy.hash ?? zeroHash,
    ...overrides,
  }
}

/** A dataset published by {@link publishAs}. */
export type Published = {
  datasetRoot: Hex
  manifestHash: Hex
  rows: number
  ciphertextSize: number
  /** The attested release key the dataset key is sealed to (recorded in the manifest). */
  releaseKeyId: number | undefined
  receipt: TransactionReceipt
}

/**
 * The owner's publish flow through the sdk (the same calls as `licen publish`): root, `commitDataset`, storage,
 * then `registerDataset` once the commitment is a block old.
 */
export async function publishAs(parameters: {
  info: DevnetInfo
  role: DevRole
  jsonl: string
  name: string
  policy: DemoPolicy
}): Promise<Published> {
  const { info } = parameters
  const storage = createLocalStorage({ url: info.urls.storage })
  // Sealed only to the chain's current release key once its evidence verifies under the orchestrator policy (the
  // dev-mock anchor: this is the local devnet); the key config.json names must be that key.
  const attestReleaseKey = releaseKeyAttestor(
    createChainReleaseKeySources({
      client: publicClientFor(info.rpcUrl),
      chainId: info.chainId,
      dataPolicy: info.dataPolicy,
      fromBlock: BigInt(info.deploymentBlock),
      storage,
    }),
    { devMockRootCa: devMockRootCa() },
  )
  const published = await publishDataset({
    source: new Blob([parameters.jsonl]),
    storage,
    releasePublicKey: info.releasePublicKey,
    attestReleaseKey,
    // The owner envelope: the key also sealed to the publisher's wallet-derived owner key (re-sealing after rotation).
    ownerKeySigner: privateKeyToAccount(devAccount(parameters.role).privateKey),
    details: {
      name: parameters.name,
      description: 'Synthetic instruction pairs generated for the LICEN devnet.',
      version: '1.0.0',
      publisher: { address: devAccount(parameters.role).address },
      licence: {
        spdx: 'CC-BY-4.0',
        name: 'CC BY 4.0',
        text: 'Creative Commons Attribution 4.0 International',
      },
    },
    register: {
      client: walletFor(info.rpcUrl, parameters.role),
      address: info.dataPolicy,
      policy: parameters.policy,
      pollingIntervalMs: LOCAL_POLLING.pollingIntervalMs,
    },
  })
  const { receipt } = published.registration!
  return {
    datasetRoot: published.datasetRoot,
    manifestHash: published.manifestHash,
    rows: published.manifest.data.rowCount,
    ciphertextSize: published.ciphertextSize,
    releaseKeyId: published.manifest.keyEnvelope.keyId,
    receipt,
  }
}

/** A job granted by {@link requestAs}, with when the request started and when its grant was mined. */
export type Requested = {
  jobId: bigint
  escrow: bigint
  deadline: number
  resultPubKey: Hex
  receipt: TransactionReceipt
  requestedAt: number
  grantedAt: number
}

/** The researcher's request through the sdk (the same calls as `licen request`): result key, then `requestAccess`. */
export async function requestAs(parameters: {
  info: DevnetInfo
  role: DevRole
  datasetRoot: Hex
  providerId: number
  epochs: number
  purposeId?: number | undefined
}): Promise<Requested> {
  const { info } = parameters
  const wallet = walletFor(info.rpcUrl, parameters.role)
  const account = wallet.account
  const requestedAt = performance.now()
  const resultKey = await deriveResultKey({
    address: account.address,
    signTypedData: (typedData) => account.signTypedData!(typedData),
  })
  resultKey.privateKey.fill(0)
  const granted = await requestAccess(wallet, {
    address: info.dataPolicy,
    datasetRoot: parameters.datasetRoot,
    purposeId: parameters.purposeId ?? 0,
    epochs: parameters.epochs,
    providerId: parameters.providerId,
    resultPubKey: resultKey.publicKey,
    pollingIntervalMs: 25,
  })
  const grantedAt = performance.now()
  const receipt = await publicClientFor(info.rpcUrl).getTransactionReceipt({ hash: granted.hash })
  return {
    jobId: granted.jobId,
    escrow: granted.escrow,
    deadline: granted.deadline,
    resultPubKey: resultKey.publicKey,
    receipt,
    requestedAt,
    grantedAt,
  }
}

/** Polls the contract (every 50 ms) until the job is in one of `states`; resolves with the job and when it was seen. */
export async function waitForState(parameters: {
  info: DevnetInfo
  jobId: bigint
  states: readonly JobStateName[]
  timeoutMs: number
  onPoll?: ((job: DataPolicyJob) => void) | undefined
}): Promise<{ job: DataPolicyJob; at: number }> {
  const client = publicClientFor(parameters.info.rpcUrl)
  const deadline = Date.now() + parameters.timeoutMs
  for (;;) {
    const job = await readJob(client, { address: parameters.info.dataPolicy, jobId: parameters.jobId })
    const at = performance.now()
    parameters.onPoll?.(job)
    if (parameters.states.includes(job.stateName)) return { job, at }
    if (Date.now() > deadline) {
      throw new DevnetError(`job ${parameters.jobId} did not reach ${parameters.states.join(' or ')}`, {
        code: 'DEVNET_TIMEOUT',
        details: `it is ${job.stateName}`,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * The researcher's download through the sdk (`downloadJobResult`, as `licen download`): decrypted and verified from the
 * chain and the receipts inside the result, without the provider node.
 */
export async function downloadAs(parameters: { info: DevnetInfo; role: DevRole; jobId: bigint }) {
  const { info, jobId } = parameters
  const client = publicClientFor(info.rpcUrl)
  const address = info.dataPolicy
  const [job, events] = await Promise.all([
    readJob(client, { address, jobId }),
    readJobEvents(client, { address, jobId, fromBlock: BigInt(info.deploymentBlock) }),
  ])
  if (!events.completed || !events.granted)
    throw new DevnetError(`job ${jobId} has no JobCompleted event`, { code: 'DEMO_UNEXPECTED' })
  const account = walletFor(info.rpcUrl, parameters.role).account
  const result = await downloadJobResult({
    storage: createLocalStorage({ url: info.urls.storage }),
    chainId: info.chainId,
    contract: address,
    jobId,
    completed: events.completed,
    enclaveSigner: job.enclaveSigner,
    resultPubKey: events.granted.resultPubKey,
    signer: { address: account.address, signTypedData: (typedData) => account.signTypedData!(typedData) },
  })
  const model = result.files.find((file) => file.name === 'adapter_model.safetensors')!
  return { ...result, adapterSha256: model.sha256 }
}

/**
 * Re-verifies a started job the way `licen-attest job` does (`auditJob`): the provider's attestation (chain event,
 * stored evidence, policy file, quote) and the release key that opened the job's dataset (manifest at the job's
 * policy version, its keyId and evidenceRef, the key's own evidence against its orchestrator policy).
 */
export async function auditDemoJob(parameters: { info: DevnetInfo; jobId: bigint }): Promise<JobAudit> {
  const { info } = parameters
  const sources = createChainJobAuditSources({
    client: publicClientFor(info.rpcUrl),
    chainId: info.chainId,
    dataPolicy: info.dataPolicy,
    fromBlock: BigInt(info.deploymentBlock),
    storageUrl: info.urls.storage,
    policies: { url: `${info.urls.app}/policies` },
  })
  // The devnet runs the local (dev-mock) policies: its root is the one trust anchor the verifier is given here.
  return auditJob(parameters.jobId, sources, { devMockRootCa: devMockRootCa() })
}

/** One line on the release key a job audit verified: which key, its policy and verdict. */
export function describeReleaseKeyAudit(audit: JobAudit['releaseKey']): string {
  const verdict = audit.releaseKey
  const failed = [...audit.checks, ...(verdict?.checks ?? [])].find((check) => check.status === 'fail')
  const key = `release key ${audit.keyId ?? '?'} (${audit.publicKey ?? 'unrecorded'}, evidence ${audit.evidenceRef ?? '?'})`
  const policy = verdict?.policy ? `policy ${verdict.policy.name} v${verdict.policy.version}` : 'no policy'
  return audit.ok
    ? `${key} verified under ${policy}, ${verdict?.status ?? '?'}`
    : `${key} NOT verified: ${failed ? `${failed.id} ${failed.code ?? ''} ${failed.reason}` : 'no check ran'}`
}

/** The gas a transaction cost its sender, in wei. */
export const gasCost = (receipt: TransactionReceipt) => receipt.gasUsed * receipt.effectiveGasPrice
