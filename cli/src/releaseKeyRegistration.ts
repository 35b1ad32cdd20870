import {
  ReleaseKeyNotAttestedError,
  type ReleaseKeyVerdict,
  verifyReleaseKey,
} from '@licen/attestation-policy'
import { dataPolicyAbi, decodeDataPolicyError, policyRoleName } from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Hex } from 'viem'
import { z } from 'zod'
import { CliError } from './CliError.js'
import type { Network } from './network.js'
import { devAnchor, networkReleaseKeySources } from './releaseKey.js'

/** Largest `GET /v1/release-key` answer read (it carries the current key's quote and event log). */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024
const ANSWER_TIMEOUT_MS = 10_000

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`))
const status = z.enum(['Unregistered', 'Active', 'Retired', 'Revoked'])
const keyView = z.object({
  version: z.int().min(1).max(0xffff_ffff),
  publicKey: z.string().regex(/^0x0[23][0-9a-fA-F]{64}$/),
  evidenceRef: hex(32).nullable(),
  keyId: z.int().min(1).nullable(),
  status,
})
// The fields of the orchestrator's answer (orchestrator/README.md, HTTP API) that registration reads.
const answerSchema = z.object({
  version: z.int().min(1),
  chainId: z.int().min(1),
  dataPolicy: hex(20),
  keys: z.array(keyView).min(1).max(16),
})

/** One key the orchestrator holds, as `GET /v1/release-key` lists it (hex lowercased). */
export type ServedReleaseKey = {
  version: number
  publicKey: Hex
  evidenceRef: Hex | null
  keyId: number | null
  status: z.infer<typeof status>
}

/**
 * The key to register from the orchestrator's `GET /v1/release-key` (bounded, 10 s): version `version`, else its
 * current key. Refuses an answer for another chain or contract (`CLI_CHAIN_MISMATCH`), a version it does not hold
 * (`CLI_RELEASE_KEY_UNAVAILABLE`) and a key it reports registered already (`CLI_RELEASE_KEY_STATE`).
 */
export async function readUnregisteredKey(
  network: Network,
  version: number | undefined,
): Promise<ServedReleaseKey> {
  const url = network.orchestratorUrl
  if (!url)
    throw new CliError('Say where the orchestrator is: --orchestrator <url> or --config.', {
      code: 'CLI_USAGE',
    })
  let answer: z.infer<typeof answerSchema>
  try {
    const signal = AbortSignal.timeout(ANSWER_TIMEOUT_MS)
    const response = await fetch(`${url}/v1/release-key`, { signal, headers: { accept: 'application/json' } })
    if (!response.ok) {
      await response.body?.cancel()
      throw new Error(`HTTP ${response.status}`)
    }
    const bytes = await readBounded(response, { maxBytes: MAX_ANSWER_BYTES, signal })
    const parsed = answerSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)))
    if (!parsed.success) throw new Error(`unexpected answer: ${z.prettifyError(parsed.error).split('\n')[0]}`)
    answer = parsed.data
  } catch (cause) {
    throw new CliError('The orchestrator did not give its release keys.', {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
      details: (cause as Error).message,
    })
  }
  if (
    answer.chainId !== network.chainId ||
    answer.dataPolicy.toLowerCase() !== network.contract.toLowerCase()
  )
    throw new CliError('The orchestrator serves another chain or contract.', {
      code: 'CLI_CHAIN_MISMATCH',
      details: `orchestrator: chain ${answer.chainId} contract ${answer.dataPolicy.toLowerCase()}; here: chain ${network.chainId} contract ${network.contract.toLowerCase()}`,
    })
  const wanted = version ?? answer.version
  const key = answer.keys.find((k) => k.version === wanted)
  if (!key)
    throw new CliError(`The orchestrator holds no release key v${wanted}.`, {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
      details: `it holds ${answer.keys.map((k) => `v${k.version}`).join(', ')}`,
    })
  if (key.status !== 'Unregistered')
    throw new CliError(`Release key v${key.version} is registered already.`, {
      code: 'CLI_RELEASE_KEY_STATE',
      details: `key ${key.keyId} is ${key.status} on chain`,
    })
  return {
    ...key,
    publicKey: key.publicKey.toLowerCase() as Hex,
    evidenceRef: key.evidenceRef === null ? null : (key.evidenceRef.toLowerCase() as Hex),
  }
}

/**
 * The orchestrator-role policy to register under: `flag`, else the only orchestrator-role policy the chain allows
 * now (replaying `AttestationPolicySet`); a usage error when there is none or more than one.
 */
export async function readRegistrationPolicy(network: Network, flag: string | undefined): Promise<Hex> {
  if (flag !== undefined) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(flag))
      throw new CliError('--policy takes a policy hash (0x + 64 hex digits).', { code: 'CLI_USAGE' })
    return flag.toLowerCase() as Hex
  }
  const events = await network.client
    .getContractEvents({
      address: network.contract,
      abi: dataPolicyAbi,
      eventName: 'AttestationPolicySet',
      fromBlock: network.fromBlock,
      strict: true,
    })
    .catch((error: unknown) => {
      throw decodeDataPolicyError(error)
    })
  const allowed = new Map<string, boolean>()
  for (const event of events) {
    const { policyHash, allowed: on, role } = event.args
    if (policyRoleName(role) === 'orchestrator') allowed.set(policyHash.toLowerCase(), on)
  }
  const hashes = [...allowed].filter(([, on]) => on).map(([hash]) => hash as Hex)
  if (hashes.length !== 1)
    throw new CliError('Say which orchestrator policy the key is registered under: --policy <hash>.', {
      code: 'CLI_USAGE',
      details: `the chain allows ${hashes.length} orchestrator-role policies${hashes.length > 0 ? `: ${hashes.join(', ')}` : ''}`,
    })
  return hashes[0]!
}

/**
 * Verifies a key before it is registered, with the checks a sealer runs on a registered key (`verifyReleaseKey`
 * over the network's chain, storage and policy sources): the key a secp256k1 point, `policyHash` allowed on chain
 * with the orchestrator role, the evidence under `evidenceRef` (storage root), the policy file (its hash and role),
 * the binding {chainId, dataPolicy, publicKey} and the quote against the policy. Only the chain record is the
 * candidate's: key id `nextKeyId`, Active, as `registerReleaseKey` would record it. Throws
 * `CLI_RELEASE_KEY_UNVERIFIED` naming every failed check; returns the verdict when all pass.
 */
export async function verifyUnregisteredKey(
  network: Network,
  candidate: { version: number; publicKey: Hex; evidenceRef: Hex; policyHash: Hex; nextKeyId: number },
  options: { policyDir?: string | undefined; cwd: string },
): Promise<ReleaseKeyVerdict> {
  const sources = networkReleaseKeySources(network, options)
  let verdict: ReleaseKeyVerdict
  try {
    verdict = await verifyReleaseKey(
      {
        ...sources,
        readReleaseKey: async () => ({
          keyId: candidate.nextKeyId,
          publicKey: candidate.publicKey,
          evidenceRef: candidate.evidenceRef,
          policyHash: candidate.policyHash,
          status: 'Active',
        }),
      },
      { devMockRootCa: devAnchor(network) },
    )
  } catch (error) {
    if (!(error instanceof ReleaseKeyNotAttestedError)) throw error
    verdict = error.verdict
  }
  // The chain record was the candidate's: say what the key is, not the status it was given to be checked.
  verdict.status = undefined
  verdict.checks = verdict.checks.map((check) =>
    check.id === 'key'
      ? {
          ...check,
          reason: `v${candidate.version} is unregistered; it registers as key ${candidate.nextKeyId}`,
        }
      : check,
  )
  const failed = verdict.checks.filter((check) => check.status === 'fail')
  if (failed.length > 0 || !verdict.verified)
    throw new CliError(`Release key v${candidate.version} does not verify: not registered.`, {
      code: 'CLI_RELEASE_KEY_UNVERIFIED',
      details: failed.map((check) => `${check.id}: ${check.code} ${check.reason}`).join('; '),
    })
  return verdict
}
