import { createLocalStorage, createZgRootHasher, readJobEvents } from '@licen/sdk'
import type { Address, Chain, Client, Hex, Transport } from 'viem'
import { listJsonFiles, readTextFile } from '#platform'
import { BaseError, describeError } from '../errors.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { policyHash } from '../policy/policyHash.js'
import { bindingReportData } from './bindingReportData.js'
import type { JobSources } from './verifyJob.js'

/** Largest evidence object and policy file an auditor reads. */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024
export const MAX_POLICY_BYTES = 256 * 1024

/** Where a chain auditor reads from. */
export type ChainJobSourcesParameters = {
  /** A viem client for the chain DataPolicy lives on. */
  client: Client<Transport, Chain | undefined>
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
  const storage = createLocalStorage({
    url: parameters.storageUrl,
    maxBytes: MAX_EVIDENCE_BYTES,
    timeoutMs,
    workers: 0,
  })
  const unavailable = (what: string, cause: unknown) =>
    new BaseError(`Cannot read ${what}.`, {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: describeError(cause),
      cause,
    })
  return {
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

/** The policy file in `dir` whose canonical hash is `hash` (files that are not policies are skipped). */
async function readPolicyFromDir(dir: string, hash: Hex): Promise<unknown> {
  let names: string[]
  try {
    names = await listJsonFiles(dir)
  } catch (cause) {
    throw new BaseError('Cannot read the policy folder.', {
      code: 'JOB_POLICY_NOT_FOUND',
      details: dir,
      cause,
    })
  }
  for (const name of names) {
    const text = await readTextFile(dir, name).catch(() => '')
    if (!text || text.length > MAX_POLICY_BYTES) continue
    try {
      const policy = parsePolicyJson(text)
      if (policyHash(policy) === hash.toLowerCase()) return policy
    } catch {
      // not a policy file (e.g. hashes.json)
    }
  }
  throw new BaseError('No policy file in the folder has the hash the chain records.', {
    code: 'JOB_POLICY_NOT_FOUND',
    details: `${hash} in ${dir}`,
  })
}

/** `<url>/<hash>.json`, bounded; the caller checks its hash. */
async function readPolicyFromUrl(base: string, hash: Hex, timeoutMs: number): Promise<unknown> {
  const url = `${base.replace(/\/+$/, '')}/${hash.toLowerCase()}.json`
  let text: string
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (response.status === 404) {
      await response.body?.cancel()
      throw new BaseError('The policy URL has no file for this hash.', {
        code: 'JOB_POLICY_NOT_FOUND',
        details: hash,
      })
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    text = await response.text()
  } catch (cause) {
    if (cause instanceof BaseError) throw cause
    throw new BaseError('Cannot read the policy file.', {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: describeError(cause),
    })
  }
  if (text.length > MAX_POLICY_BYTES)
    throw new BaseError('The policy file is too large.', {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: `${text.length} bytes`,
    })
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new BaseError('The policy file is not JSON.', {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: hash,
      cause,
    })
  }
}
