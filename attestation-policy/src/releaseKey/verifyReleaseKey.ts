import { releaseKeyPointProblem } from '@licen/sdk/publish'
import type { Address, Hex } from 'viem'
import type { DcapWasmSource } from '../dcap/wasmSource.js'
import { BaseError, describeError } from '../errors.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { policyHash as hashPolicy } from '../policy/policyHash.js'
import type { AttestationPolicy, PolicyRole } from '../policy/policySchema.js'
import type { MeasuredValues, Verdict, VerdictCode } from '../verify/verdict.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import {
  parseReleaseKeyEvidence,
  type ReleaseKeyEvidence,
  releaseKeyEvidenceQuote,
} from './releaseKeyEvidence.js'
import { releaseKeyReportData } from './releaseKeyReportData.js'

/** A release key as the chain records it (`getReleaseKey` / `currentReleaseKey`). */
export type ReleaseKeyRecord = {
  keyId: number
  /** 33-byte compressed secp256k1 public key. */
  publicKey: Hex
  /** Storage root of the key's evidence document. */
  evidenceRef: Hex
  /** The orchestrator policy the evidence must satisfy. */
  policyHash: Hex
  status: 'None' | 'Active' | 'Retired' | 'Revoked'
}

/** An attestation policy hash as the chain records it: allowed or not, its role, and where its file lives. */
export type ReleaseKeyPolicyRecord = {
  allowed: boolean
  /** undefined: the admin never set this hash. */
  role: PolicyRole | undefined
  /** The `uri` of its latest `AttestationPolicySet`, when known. */
  uri?: string | undefined
}

/** Where `verifyReleaseKey` reads from; wired to an RPC node, a storage node and a policy source by the caller. */
export type ReleaseKeySources = {
  /** The chain and DataPolicy contract the key is registered on (what its quote must bind). */
  chainId: number
  dataPolicy: Address
  /** The key by id, or the newest Active key (`current`); undefined when there is none. */
  readReleaseKey: (keyId: number | 'current') => Promise<ReleaseKeyRecord | undefined>
  readPolicyRecord: (policyHash: Hex) => Promise<ReleaseKeyPolicyRecord>
  /** The stored evidence bytes under `evidenceRef` (bounded by the source); undefined when storage has none. */
  readEvidence: (evidenceRef: Hex) => Promise<Uint8Array | undefined>
  /** The storage (0G) root of bytes: the evidence must hash to the `evidenceRef` on chain. */
  storageRoot: (bytes: Uint8Array) => Promise<Hex> | Hex
  /** The policy file (JSON value) whose hash is `policyHash`; its hash is checked here. */
  readPolicy: (policyHash: Hex, uri: string | undefined) => Promise<unknown>
}

export type VerifyReleaseKeyOptions = {
  /** Which key (default: the chain's current key, the one to seal new datasets to). */
  keyId?: number | undefined
  /**
   * Accept a Retired key (verifying the key an existing dataset was sealed to). New seals never accept one; a
   * Revoked key always fails.
   */
  allowRetired?: boolean | undefined
  /** DER of the dev-mock root CA, injected only on the local devnet (as for `verifyEvidence`). */
  devMockRootCa?: Uint8Array | undefined
  /** The dcap-qvl WASM in a browser (`createDcapWasmSource`); Node loads it from node_modules. */
  dcapWasm?: DcapWasmSource | undefined
  /** Unix seconds now (evidence made after it is refused). */
  now?: number | undefined
  /** Deadline of each source read (default 30 s). */
  timeoutMs?: number | undefined
}

/** The release-key checks, in the order they run; `quote.<id>` are the attestation checks of `verifyEvidence`. */
export type ReleaseKeyCheckId =
  | 'key'
  | 'publicKey'
  | 'policyOnChain'
  | 'evidence'
  | 'policyFile'
  | 'binding'
  | `quote.${Verdict['checks'][number]['id']}`

/** Stable codes of failed release-key checks (the attestation checks keep their verdict codes). */
export type ReleaseKeyCheckCode =
  | 'SOURCE_UNAVAILABLE'
  | 'RELEASE_KEY_UNKNOWN'
  | 'RELEASE_KEY_RETIRED'
  | 'RELEASE_KEY_REVOKED'
  | 'RELEASE_KEY_ID_MISMATCH'
  | 'RELEASE_KEY_INVALID_POINT'
  | 'POLICY_NOT_ALLOWED'
  | 'POLICY_ROLE_MISMATCH'
  | 'EVIDENCE_MISSING'
  | 'EVIDENCE_ROOT_MISMATCH'
  | 'EVIDENCE_INVALID'
  | 'EVIDENCE_FROM_FUTURE'
  | 'POLICY_FILE_INVALID'
  | 'POLICY_HASH_MISMATCH'
  | 'BINDING_CHAIN_MISMATCH'
  | 'BINDING_CONTRACT_MISMATCH'
  | 'BINDING_KEY_MISMATCH'
  | VerdictCode

/** One release-key check: pass, fail (a code and a reason) or skipped (a prerequisite failed). */
export type ReleaseKeyCheck = {
  id: ReleaseKeyCheckId
  status: 'pass' | 'fail' | 'skipped'
  code: ReleaseKeyCheckCode | undefined
  reason: string
}

/** The outcome of `verifyReleaseKey`: verified only when every check passed. */
export type ReleaseKeyVerdict = {
  verified: boolean
  keyId: number | undefined
  publicKey: Hex | undefined
  evidenceRef: Hex | undefined
  policyHash: Hex | undefined
  status: ReleaseKeyRecord['status'] | undefined
  /** Name, version and trust anchor of the orchestrator policy, once its file was read. */
  policy: { name: string; version: number; trustAnchor: 'intel' | 'dev-mock' } | undefined
  /** What the quote measured (authentic when `quote.signature` passed). */
  measured: MeasuredValues | undefined
  checks: ReleaseKeyCheck[]
}

/** `RELEASE_KEY_NOT_ATTESTED`: the release key failed a check; `verdict` lists every check. */
export class ReleaseKeyNotAttestedError extends BaseError {
  override name = 'ReleaseKeyNotAttestedError'
  readonly verdict: ReleaseKeyVerdict
  constructor(verdict: ReleaseKeyVerdict) {
    const failed = verdict.checks.filter((check) => check.status === 'fail')
    const first = failed[0]
    super('The release key is not attested.', {
      code: 'RELEASE_KEY_NOT_ATTESTED',
      details: first
        ? `${first.id}: ${first.code ? `${first.code} ` : ''}${first.reason}${failed.length > 1 ? ` (+${failed.length - 1} more failed)` : ''}`
        : 'no check ran',
    })
    this.verdict = verdict
  }
}

const DEFAULT_TIMEOUT_MS = 30_000
/** Clock skew tolerated between the CVM that made the evidence and the verifier. */
const FUTURE_SKEW_SECONDS = 600

/** A source read that failed or ran past its deadline; its message becomes the check's reason. */
const unavailable = (message: string) => new BaseError(message, { code: 'SOURCE_UNAVAILABLE' })

async function read<T>(what: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(unavailable(`no answer within ${timeoutMs} ms reading ${what}`)),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([run(), deadline])
  } catch (error) {
    if (error instanceof BaseError && error.code === 'SOURCE_UNAVAILABLE') throw error
    throw unavailable(`cannot read ${what}: ${describeError(error)}`)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Verifies an orchestrator release key before anything is sealed to it, in the browser or Node: the key on chain
 * (Active, or Retired with `allowRetired`; never Revoked) and a point on secp256k1, its policy allowed on chain with the orchestrator role,
 * its evidence in storage (root = `evidenceRef`), the policy file (hash = the chain's, role orchestrator), the
 * evidence binding (this chain, this contract, this key), then the quote against the policy: signature chain and
 * collateral to the policy's trust anchor, TCB, measurements, RTMR3 / compose hash, and report_data =
 * `releaseKeyReportData`. Returns the verdict when every check passes; otherwise throws
 * `ReleaseKeyNotAttestedError` (RELEASE_KEY_NOT_ATTESTED) naming the first failing check.
 */
export async function verifyReleaseKey(
  sources: ReleaseKeySources,
  options: VerifyReleaseKeyOptions = {},
): Promise<ReleaseKeyVerdict> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const checks: ReleaseKeyCheck[] = []
  const pass = (id: ReleaseKeyCheckId, reason: string) =>
    checks.push({ id, status: 'pass', code: undefined, reason })
  const fail = (id: ReleaseKeyCheckId, code: ReleaseKeyCheckCode, reason: string) =>
    checks.push({ id, status: 'fail', code, reason })
  const skip = (id: ReleaseKeyCheckId, reason: string) =>
    checks.push({ id, status: 'skipped', code: undefined, reason })
  const verdict: ReleaseKeyVerdict = {
    verified: false,
    keyId: undefined,
    publicKey: undefined,
    evidenceRef: undefined,
    policyHash: undefined,
    status: undefined,
    policy: undefined,
    measured: undefined,
    checks,
  }
  const finish = (): ReleaseKeyVerdict => {
    verdict.verified = checks.length > 0 && checks.every((check) => check.status === 'pass')
    if (!verdict.verified) throw new ReleaseKeyNotAttestedError(verdict)
    return verdict
  }
  const skipRest = (reason: string) => {
    for (const id of [
      'publicKey',
      'policyOnChain',
      'evidence',
      'policyFile',
      'binding',
      'quote.quote',
    ] as const)
      if (!checks.some((check) => check.id === id)) skip(id, reason)
  }

  // 1. The key on chain.
  const wanted = options.keyId ?? 'current'
  let key: ReleaseKeyRecord | undefined
  try {
    key = await read(
      wanted === 'current' ? 'the current release key from chain' : `release key ${wanted} from chain`,
      timeoutMs,
      () => sources.readReleaseKey(wanted),
    )
  } catch (error) {
    fail('key', 'SOURCE_UNAVAILABLE', (error as Error).message)
    skipRest('the key could not be read')
    return finish()
  }
  if (!key || key.status === 'None') {
    fail(
      'key',
      'RELEASE_KEY_UNKNOWN',
      wanted === 'current' ? 'the chain has no active release key' : `no release key ${wanted} on chain`,
    )
    skipRest('no key to verify')
    return finish()
  }
  Object.assign(verdict, {
    keyId: key.keyId,
    publicKey: key.publicKey.toLowerCase() as Hex,
    evidenceRef: key.evidenceRef.toLowerCase() as Hex,
    policyHash: key.policyHash.toLowerCase() as Hex,
    status: key.status,
  })
  if (wanted !== 'current' && key.keyId !== wanted)
    fail(
      'key',
      'RELEASE_KEY_ID_MISMATCH',
      `asked for key ${wanted}, the chain source answered key ${key.keyId}`,
    )
  else if (key.status === 'Revoked')
    fail('key', 'RELEASE_KEY_REVOKED', `key ${key.keyId} is revoked: nothing is released with it`)
  else if (key.status === 'Retired' && !options.allowRetired)
    fail(
      'key',
      'RELEASE_KEY_RETIRED',
      `key ${key.keyId} is retired: new datasets are sealed to the current key`,
    )
  else pass('key', `key ${key.keyId} is ${key.status}`)

  // 1b. The key is a point on secp256k1 (a seal to an off-curve key could never be opened).
  const pointProblem = releaseKeyPointProblem(key.publicKey)
  if (pointProblem) fail('publicKey', 'RELEASE_KEY_INVALID_POINT', pointProblem)
  else pass('publicKey', 'a compressed secp256k1 point')

  // 2. Its policy on chain.
  const expectedHash = key.policyHash.toLowerCase() as Hex
  let record: ReleaseKeyPolicyRecord | undefined
  try {
    record = await read('the policy from chain', timeoutMs, () => sources.readPolicyRecord(expectedHash))
    if (!record.allowed) fail('policyOnChain', 'POLICY_NOT_ALLOWED', `policy ${expectedHash} is not allowed`)
    else if (record.role !== 'orchestrator')
      fail(
        'policyOnChain',
        'POLICY_ROLE_MISMATCH',
        `policy ${expectedHash} is allowed with role ${record.role ?? 'none'}, not orchestrator`,
      )
    else pass('policyOnChain', `policy ${expectedHash} is allowed with role orchestrator`)
  } catch (error) {
    fail('policyOnChain', 'SOURCE_UNAVAILABLE', (error as Error).message)
  }

  // 3. The evidence in storage.
  let evidence: ReleaseKeyEvidence | undefined
  try {
    const bytes = await read('the evidence from storage', timeoutMs, () =>
      sources.readEvidence(key.evidenceRef),
    )
    if (!bytes) fail('evidence', 'EVIDENCE_MISSING', `storage has nothing under ${verdict.evidenceRef}`)
    else {
      const root = (
        await read('the storage root of the evidence', timeoutMs, async () => sources.storageRoot(bytes))
      ).toLowerCase()
      if (root !== verdict.evidenceRef)
        fail(
          'evidence',
          'EVIDENCE_ROOT_MISMATCH',
          `storage root ${root} ≠ evidenceRef ${verdict.evidenceRef}`,
        )
      else {
        try {
          evidence = parseReleaseKeyEvidence(bytes)
        } catch (error) {
          fail('evidence', 'EVIDENCE_INVALID', describeError(error))
        }
        if (evidence && evidence.createdAt > now + FUTURE_SKEW_SECONDS) {
          fail('evidence', 'EVIDENCE_FROM_FUTURE', `made at ${evidence.createdAt}, after now (${now})`)
          evidence = undefined
        } else if (evidence)
          pass('evidence', `${bytes.length} bytes under ${root}, made at ${evidence.createdAt}`)
      }
    }
  } catch (error) {
    fail('evidence', 'SOURCE_UNAVAILABLE', (error as Error).message)
  }

  // 4. The policy file.
  let policy: AttestationPolicy | undefined
  try {
    const value = await read('the policy file', timeoutMs, () =>
      sources.readPolicy(expectedHash, record?.uri),
    )
    let parsed: AttestationPolicy | undefined
    try {
      parsed = parsePolicy(value)
    } catch (error) {
      fail('policyFile', 'POLICY_FILE_INVALID', describeError(error))
    }
    if (parsed) {
      const hash = hashPolicy(parsed)
      verdict.policy = { name: parsed.name, version: parsed.version, trustAnchor: parsed.trustAnchor.kind }
      if (hash !== expectedHash)
        fail('policyFile', 'POLICY_HASH_MISMATCH', `keccak256(JCS) ${hash} ≠ ${expectedHash} on chain`)
      else if (parsed.role !== 'orchestrator')
        fail(
          'policyFile',
          'POLICY_ROLE_MISMATCH',
          `policy ${parsed.name} v${parsed.version} has role ${parsed.role}`,
        )
      else {
        policy = parsed
        pass('policyFile', `policy ${parsed.name} v${parsed.version}, role orchestrator, hash ${hash}`)
      }
    }
  } catch (error) {
    fail('policyFile', 'SOURCE_UNAVAILABLE', (error as Error).message)
  }

  // 5. The binding the evidence names.
  if (!evidence) skip('binding', 'no evidence to read the binding from')
  else {
    const bound = evidence.binding
    if (bound.chainId !== sources.chainId)
      fail(
        'binding',
        'BINDING_CHAIN_MISMATCH',
        `evidence binds chain ${bound.chainId}, not ${sources.chainId}`,
      )
    else if (bound.dataPolicy !== sources.dataPolicy.toLowerCase())
      fail(
        'binding',
        'BINDING_CONTRACT_MISMATCH',
        `evidence binds contract ${bound.dataPolicy}, not ${sources.dataPolicy.toLowerCase()}`,
      )
    else if (bound.publicKey !== verdict.publicKey)
      fail(
        'binding',
        'BINDING_KEY_MISMATCH',
        `evidence binds key ${bound.publicKey}, not ${verdict.publicKey}`,
      )
    else pass('binding', `chain ${bound.chainId}, contract ${bound.dataPolicy}, key ${bound.publicKey}`)
  }

  // 6. The quote, against the policy, with report_data recomputed from the chain's values (never the evidence's).
  if (!evidence || !policy) {
    skip('quote.quote', evidence ? 'no orchestrator policy to verify against' : 'no evidence to verify')
    return finish()
  }
  let attestation: Verdict
  try {
    attestation = await verifyEvidence(
      { quote: releaseKeyEvidenceQuote(evidence), eventLog: evidence.eventLog },
      policy,
      {
        collateral: evidence.collateral,
        now: evidence.createdAt,
        expectedReportData: releaseKeyReportData({
          chainId: sources.chainId,
          dataPolicy: sources.dataPolicy,
          publicKey: key.publicKey,
        }),
        devMockRootCa: options.devMockRootCa,
        dcapWasm: options.dcapWasm,
      },
    )
  } catch (error) {
    fail('quote.quote', 'QUOTE_INVALID', describeError(error))
    return finish()
  }
  verdict.measured = attestation.measured
  for (const check of attestation.checks)
    checks.push({ id: `quote.${check.id}`, status: check.status, code: check.code, reason: check.reason })
  return finish()
}
