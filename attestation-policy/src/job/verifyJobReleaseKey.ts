import { type Manifest, parseManifest } from '@licen/sdk'
import type { Hex } from 'viem'
import type { DcapWasmSource } from '../dcap/wasmSource.js'
import { describeError } from '../errors.js'
import {
  type ReleaseKeyCheck,
  type ReleaseKeyCheckCode,
  ReleaseKeyNotAttestedError,
  type ReleaseKeySources,
  type ReleaseKeyVerdict,
  verifyReleaseKey,
} from '../releaseKey/verifyReleaseKey.js'

/** The chain's record of which dataset a job opened and under which policy version (`getJob`). */
export type JobDatasetRecord = { datasetRoot: Hex; policyVersion: number }

/** Where `verifyJobReleaseKey` reads from; `createChainJobAuditSources` wires them to chain and storage. */
export type JobReleaseKeySources = {
  /** The job's dataset and policy version; undefined for an unknown job. */
  readJobDataset: (jobId: bigint) => Promise<JobDatasetRecord | undefined>
  /** `manifestAt(datasetRoot, policyVersion)`: the manifest the job used; undefined when the chain has none. */
  readManifestHash: (datasetRoot: Hex, policyVersion: number) => Promise<Hex | undefined>
  /** The stored manifest bytes under its root (bounded by the source); undefined when storage has none. */
  readManifest: (manifestHash: Hex) => Promise<Uint8Array | undefined>
  /** The storage (0G) root of bytes: the manifest must hash to the manifest hash on chain. */
  storageRoot: (bytes: Uint8Array) => Promise<Hex> | Hex
  /** The release-key registry, its evidence and orchestrator policies (`createChainReleaseKeySources`). */
  releaseKeys: ReleaseKeySources
}

/** The job-side checks that find the key; the key's own checks are in `releaseKey.checks`. */
export type JobReleaseKeyCheckId = 'manifest' | 'keyRecorded' | 'keyMatchesChain'

/** Stable codes of failed job-side release-key checks. */
export type JobReleaseKeyCheckCode =
  | 'SOURCE_UNAVAILABLE'
  | 'JOB_UNKNOWN'
  | 'MANIFEST_MISSING'
  | 'MANIFEST_ROOT_MISMATCH'
  | 'MANIFEST_INVALID'
  | 'RELEASE_KEY_UNRECORDED'
  | 'RELEASE_KEY_UNKNOWN'
  | 'RELEASE_KEY_RECORD_MISMATCH'

/** One job-side check, shaped as a release-key check (pass, fail with a code and a reason, or skipped). */
export type JobReleaseKeyCheck = Omit<ReleaseKeyCheck, 'id' | 'code'> & {
  id: JobReleaseKeyCheckId
  code: JobReleaseKeyCheckCode | undefined
}

/**
 * Which release key opened a job's dataset and whether it verifies: `ok` only when every job-side check passed
 * and `releaseKey.verified`. Values are the manifest's as recorded (`keyId`, `evidenceRef`, `publicKey`) and,
 * in `releaseKey`, the chain's with its policy and what its quote measured.
 */
export type JobReleaseKeyAudit = {
  ok: boolean
  datasetRoot: Hex | undefined
  policyVersion: number | undefined
  manifestHash: Hex | undefined
  keyId: number | undefined
  evidenceRef: Hex | undefined
  publicKey: Hex | undefined
  checks: JobReleaseKeyCheck[]
  /** The verdict of `verifyReleaseKey` for `keyId` (existing-dataset semantics); undefined when it did not run. */
  releaseKey: ReleaseKeyVerdict | undefined
}

export type VerifyJobReleaseKeyOptions = {
  devMockRootCa?: Uint8Array | undefined
  dcapWasm?: DcapWasmSource | undefined
  /** Unix seconds now (release-key evidence made after it is refused). */
  now?: number | undefined
  /** Deadline of each source read (default 30 s). */
  timeoutMs?: number | undefined
}

const DEFAULT_TIMEOUT_MS = 30_000

async function withDeadline<T>(what: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms reading ${what}`)), timeoutMs)
  })
  try {
    return await Promise.race([run(), deadline])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Verifies the release key that opened a job's dataset: the manifest the job used (`manifestAt(datasetRoot,
 * job.policyVersion)`, its bytes hashing to that root, describing that dataset) names the key (`keyId` +
 * `evidenceRef`), whose chain record must carry the same evidenceRef and the public key the dataset key was
 * sealed to; then `verifyReleaseKey` for that key with existing-dataset semantics (Retired passes, Revoked fails
 * `RELEASE_KEY_REVOKED`, even for a job that ran before the revocation: the audit judges the key as the chain
 * holds it now). A manifest without `keyId` (published before release keys were registered) fails
 * `RELEASE_KEY_UNRECORDED`. Never throws for bad evidence or unreadable sources: every problem is a failed check.
 */
export async function verifyJobReleaseKey(
  jobId: bigint,
  sources: JobReleaseKeySources,
  options: VerifyJobReleaseKeyOptions = {},
): Promise<JobReleaseKeyAudit> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const checks: JobReleaseKeyCheck[] = []
  const audit: JobReleaseKeyAudit = {
    ok: false,
    datasetRoot: undefined,
    policyVersion: undefined,
    manifestHash: undefined,
    keyId: undefined,
    evidenceRef: undefined,
    publicKey: undefined,
    checks,
    releaseKey: undefined,
  }
  const add = (
    id: JobReleaseKeyCheckId,
    status: JobReleaseKeyCheck['status'],
    code: JobReleaseKeyCheckCode | undefined,
    reason: string,
  ) => checks.push({ id, status, code, reason })
  const finish = (): JobReleaseKeyAudit => {
    for (const id of ['manifest', 'keyRecorded', 'keyMatchesChain'] as const)
      if (!checks.some((check) => check.id === id)) add(id, 'skipped', undefined, 'a previous check failed')
    audit.ok = checks.every((check) => check.status === 'pass') && audit.releaseKey?.verified === true
    return audit
  }

  // 1. The manifest the job used.
  let manifest: Manifest
  try {
    const job = await withDeadline(`job ${jobId} from chain`, timeoutMs, () => sources.readJobDataset(jobId))
    if (!job) {
      add('manifest', 'fail', 'JOB_UNKNOWN', `no job ${jobId} on chain`)
      return finish()
    }
    audit.datasetRoot = job.datasetRoot.toLowerCase() as Hex
    audit.policyVersion = job.policyVersion
    const hash = await withDeadline('the manifest hash from chain', timeoutMs, () =>
      sources.readManifestHash(job.datasetRoot, job.policyVersion),
    )
    if (!hash || /^0x0{64}$/.test(hash)) {
      add(
        'manifest',
        'fail',
        'MANIFEST_MISSING',
        `the chain has no manifest for ${audit.datasetRoot} at policy version ${job.policyVersion}`,
      )
      return finish()
    }
    audit.manifestHash = hash.toLowerCase() as Hex
    const bytes = await withDeadline('the manifest from storage', timeoutMs, () => sources.readManifest(hash))
    if (!bytes) {
      add('manifest', 'fail', 'MANIFEST_MISSING', `storage has nothing under ${audit.manifestHash}`)
      return finish()
    }
    const root = (
      await withDeadline('the storage root of the manifest', timeoutMs, async () =>
        sources.storageRoot(bytes),
      )
    ).toLowerCase()
    if (root !== audit.manifestHash) {
      add(
        'manifest',
        'fail',
        'MANIFEST_ROOT_MISMATCH',
        `storage root ${root} ≠ manifest hash ${audit.manifestHash}`,
      )
      return finish()
    }
    try {
      manifest = parseManifest(bytes)
    } catch (error) {
      add('manifest', 'fail', 'MANIFEST_INVALID', describeError(error))
      return finish()
    }
  } catch (error) {
    add('manifest', 'fail', 'SOURCE_UNAVAILABLE', describeError(error))
    return finish()
  }
  if (manifest.datasetRoot.toLowerCase() !== audit.datasetRoot) {
    add(
      'manifest',
      'fail',
      'MANIFEST_INVALID',
      `the manifest describes dataset ${manifest.datasetRoot}, not ${audit.datasetRoot}`,
    )
    return finish()
  }
  add(
    'manifest',
    'pass',
    undefined,
    `manifest ${audit.manifestHash} of policy version ${audit.policyVersion}, root checked`,
  )

  // 2. The key it names.
  const envelope = manifest.keyEnvelope
  audit.publicKey = envelope.releasePublicKey.toLowerCase() as Hex
  if (envelope.keyId === undefined || envelope.evidenceRef === undefined) {
    add(
      'keyRecorded',
      'fail',
      'RELEASE_KEY_UNRECORDED',
      `the manifest records no release key id (sealed to ${audit.publicKey} before keys were registered)`,
    )
    return finish()
  }
  audit.keyId = envelope.keyId
  audit.evidenceRef = envelope.evidenceRef.toLowerCase() as Hex
  add('keyRecorded', 'pass', undefined, `key ${audit.keyId}, evidence ${audit.evidenceRef}`)

  // 3. The key itself, as an existing dataset's (Retired passes, Revoked fails).
  try {
    audit.releaseKey = await verifyReleaseKey(sources.releaseKeys, {
      keyId: audit.keyId,
      allowRetired: true,
      devMockRootCa: options.devMockRootCa,
      dcapWasm: options.dcapWasm,
      now: options.now,
      timeoutMs,
    })
  } catch (error) {
    if (!(error instanceof ReleaseKeyNotAttestedError)) throw error
    audit.releaseKey = error.verdict
  }

  // 4. The chain's record of that key is the one the manifest names.
  const chain = audit.releaseKey
  if (chain.keyId === undefined) {
    const keyCheck = chain.checks.find((check) => check.id === 'key')
    const code: ReleaseKeyCheckCode | undefined = keyCheck?.code
    add(
      'keyMatchesChain',
      'fail',
      code === 'SOURCE_UNAVAILABLE' ? 'SOURCE_UNAVAILABLE' : 'RELEASE_KEY_UNKNOWN',
      keyCheck?.reason ?? `no release key ${audit.keyId} on chain`,
    )
  } else if (chain.evidenceRef !== audit.evidenceRef)
    add(
      'keyMatchesChain',
      'fail',
      'RELEASE_KEY_RECORD_MISMATCH',
      `manifest evidenceRef ${audit.evidenceRef} ≠ chain's ${chain.evidenceRef} for key ${audit.keyId}`,
    )
  else if (chain.publicKey !== audit.publicKey)
    add(
      'keyMatchesChain',
      'fail',
      'RELEASE_KEY_RECORD_MISMATCH',
      `the dataset key is sealed to ${audit.publicKey}, the chain's key ${audit.keyId} is ${chain.publicKey}`,
    )
  else
    add(
      'keyMatchesChain',
      'pass',
      undefined,
      `key ${audit.keyId} on chain: same public key and evidenceRef, status ${chain.status}`,
    )
  return finish()
}
