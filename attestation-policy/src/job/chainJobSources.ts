import {
  createLocalStorage,
  createZgRootHasher,
  dataPolicyAbi,
  decodeDataPolicyError,
  MANIFEST_MAX_BYTES,
  readJob,
  readJobEvents,
} from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Address, Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { BaseError, describeError } from '../errors.js'
import { MAX_POLICY_BYTES, readPolicyFromDir, readPolicyFromUrl } from '../policy/readPolicyFile.js'
import { createChainReleaseKeySources } from '../releaseKey/chainReleaseKeySources.js'
import type { JobAuditSources } from './auditJob.js'
import { bindingReportData } from './bindingReportData.js'
import type { JobSources } from './verifyJob.js'

/** Largest evidence object and policy file an auditor reads. */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024
export { MAX_POLICY_BYTES }

/** The storage node an auditor reads evidence and manifests from (each object bounded, each read timed). */
const auditStorage = (url: string, timeoutMs: number) =>
  createLocalStorage({ url, maxBytes: MAX_EVIDENCE_BYTES, timeoutMs, workers: 0 })

/** Where a chain auditor reads from. */
export type ChainJobSourcesParameters = {
  /** A viem client for the chain DataPolicy lives on. */
  client: Client<Transport, Chain | undefined>
  /** The chain id the client's RPC answers (`eth_chainId`): evidence must bind it. */
  chainId: number
  dataPolicy: Address
  /** First block to search for the job's events (the deployment block). */
  fromBlock?: bigint | undefined
  /** The storage node that holds the evidence objects (the local devnet storage API). */
  storageUrl: string
  /** Policy files by hash: a folder of policy JSON files, or a base URL serving `<hash>.json`. */
  policies: { dir: string } | { url: string }
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number | undefined
}

/**
 * The sources `verifyJob` re-checks a job from, wired to the real places: the job's `JobStarted` event on chain
 * (enclave signer, attestationRef, policy hash), the evidence object in storage by its root, the 0G root of
 * those bytes and the report_data binding (both @licen/sdk), and the policy file whose hash the chain records.
 */
export function createChainJobSources(parameters: ChainJobSourcesParameters): JobSources {
  const timeoutMs = parameters.timeoutMs ?? 15_000
  const storage = auditStorage(parameters.storageUrl, timeoutMs)
  const unavailable = (what: string, cause: unknown) =>
    new BaseError(`Cannot read ${what}.`, {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: describeError(cause),
      cause,
    })
  return {
    chain: { chainId: parameters.chainId, dataPolicy: parameters.dataPolicy },
    async readJobStart(jobId) {
      const events = await readJobEvents(parameters.client, {
        address: parameters.dataPolicy,
        jobId,
        fromBlock: parameters.fromBlock,
      }).catch((cause: unknown) => {
        throw unavailable('the job from chain', cause)
      })
      return events.started
        ? {
            enclaveSigner: events.started.enclaveSigner,
            attestationRef: events.started.attestationRef,
            policyHash: events.started.policyHash,
          }
        : undefined
    },
    async readEvidence(attestationRef) {
      try {
        if (!(await storage.has(attestationRef))) return undefined
        return new Uint8Array(await new Response(await storage.download(attestationRef)).arrayBuffer())
      } catch (cause) {
        throw unavailable('the evidence from storage', cause)
      }
    },
    async storageRoot(bytes) {
      const hasher = await createZgRootHasher({ workers: 0 })
      try {
        await hasher.update(bytes)
        return (await hasher.digest()).root
      } finally {
        hasher.destroy()
      }
    },
    readPolicy: (hash) =>
      'dir' in parameters.policies
        ? readPolicyFromDir(parameters.policies.dir, hash)
        : readPolicyFromUrl(parameters.policies.url, hash, timeoutMs),
    reportData: bindingReportData,
  }
}

/**
 * `createChainJobSources` plus what `auditJob` needs for the dataset's release key: the job's dataset and policy
 * version (`getJob`), `manifestAt` for them, the manifest from storage (bounded to MANIFEST_MAX_BYTES), and the
 * release-key sources on the same chain, storage and policy source. `chainId` is the RPC's (the key's evidence
 * must bind it).
 */
export function createChainJobAuditSources(parameters: ChainJobSourcesParameters): JobAuditSources {
  const job = createChainJobSources(parameters)
  const timeoutMs = parameters.timeoutMs ?? 15_000
  const storage = auditStorage(parameters.storageUrl, timeoutMs)
  const releaseKeys = createChainReleaseKeySources({
    client: parameters.client,
    chainId: parameters.chainId,
    dataPolicy: parameters.dataPolicy,
    fromBlock: parameters.fromBlock,
    storage,
    timeoutMs,
  })
  return {
    ...job,
    async readJobDataset(jobId) {
      const record = await readJob(parameters.client, { address: parameters.dataPolicy, jobId })
      return record.stateName === 'None'
        ? undefined
        : { datasetRoot: record.datasetRoot, policyVersion: record.policyVersion }
    },
    async readManifestHash(datasetRoot, policyVersion) {
      try {
        return await readContract(parameters.client, {
          address: parameters.dataPolicy,
          abi: dataPolicyAbi,
          functionName: 'manifestAt',
          args: [datasetRoot, policyVersion],
        })
      } catch (error) {
        throw decodeDataPolicyError(error)
      }
    },
    async readManifest(manifestHash) {
      const signal = AbortSignal.timeout(timeoutMs)
      if (!(await storage.has(manifestHash, { signal }))) return undefined
      return readBounded(await storage.download(manifestHash, { signal }), {
        maxBytes: MANIFEST_MAX_BYTES,
        signal,
      })
    },
    // The job's policy source serves the orchestrator policy too (a folder or a base URL by hash).
    releaseKeys: { ...releaseKeys, readPolicy: (hash) => job.readPolicy(hash) },
  }
}
