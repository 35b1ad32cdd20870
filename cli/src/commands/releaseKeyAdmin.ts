import { dataPolicyAbi, decodeDataPolicyError, readReleaseKey } from '@licen/sdk'
import { decodeEventLog, type Log } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { CommandContext } from '../command.js'
import { NETWORK_USAGE, readNetwork } from '../network.js'
import {
  readRegistrationPolicy,
  readUnregisteredKey,
  verifyUnregisteredKey,
} from '../releaseKeyRegistration.js'
import { readTimeout, SEND_USAGE, sendDataPolicy, sendOptions } from '../sendDataPolicy.js'

/** The owner's release-key sub-commands. */
export const RELEASE_KEY_ADMIN_ACTIONS = ['register', 'retire', 'revoke'] as const

/** Usage of the owner's release-key sub-commands. */
export const RELEASE_KEY_ADMIN_USAGE = [
  `licen release-key register --orchestrator <url> [--policy <hash>] [--version <n>] [--policy-dir <dir>] ${ACCOUNT_USAGE} ${NETWORK_USAGE} ${SEND_USAGE} [--json]`,
  `       licen release-key (retire|revoke) <keyId> ${ACCOUNT_USAGE} ${NETWORK_USAGE} ${SEND_USAGE} [--json]`,
].join('\n')

/** Options of the owner's release-key sub-commands (besides the network's and `--policy-dir`). */
export const releaseKeyAdminOptions = {
  ...accountOptions,
  ...sendOptions,
  policy: { type: 'string' },
  version: { type: 'string' },
} as const

const KEY_ID = /^[1-9][0-9]{0,9}$/
const MAX_KEY_ID = 0xffff_ffff

function readId(value: string | boolean | undefined, what: string): number {
  if (typeof value !== 'string' || !KEY_ID.test(value) || Number(value) > MAX_KEY_ID)
    throw new CliError(`${what} must be a number from 1 to 4294967295.`, {
      code: 'CLI_USAGE',
      details: RELEASE_KEY_ADMIN_USAGE,
    })
  return Number(value)
}

/**
 * `licen release-key register|retire|revoke` (contract owner). `register` reads the orchestrator's
 * `GET /v1/release-key`, takes its current key (or `--version`) if it is unregistered, verifies its evidence as a
 * sealer would (refusing with `CLI_RELEASE_KEY_UNVERIFIED` and the failed checks) and only then sends
 * `registerReleaseKey(publicKey, evidenceRef, policyHash)`. `retire` stops new seals to a key; `revoke` stops its
 * releases.
 */
export async function runReleaseKeyAdmin({
  io,
  values,
  positionals,
}: CommandContext): Promise<Record<string, unknown>> {
  const [action, target, ...rest] = positionals
  if (action === 'register') {
    if (target !== undefined)
      throw new CliError('release-key register takes no arguments.', {
        code: 'CLI_USAGE',
        details: RELEASE_KEY_ADMIN_USAGE,
      })
    const version = values.version === undefined ? undefined : readId(values.version, '--version')
    const timeoutMs = readTimeout(values)
    const network = await readNetwork(io.cwd, values)
    const account = await readAccount(io.cwd, values, network.chainId)
    const policyHash = await readRegistrationPolicy(network, values.policy as string | undefined)
    const key = await readUnregisteredKey(network, version)
    if (!key.evidenceRef)
      throw new CliError(`Release key v${key.version} does not verify: not registered.`, {
        code: 'CLI_RELEASE_KEY_UNVERIFIED',
        details: 'evidence: EVIDENCE_MISSING the orchestrator publishes no evidence for it',
      })
    const nextKeyId = await network.client
      .readContract({ address: network.contract, abi: dataPolicyAbi, functionName: 'nextReleaseKeyId' })
      .catch((error: unknown) => {
        throw decodeDataPolicyError(error)
      })
    const verdict = await verifyUnregisteredKey(
      network,
      {
        version: key.version,
        publicKey: key.publicKey,
        evidenceRef: key.evidenceRef,
        policyHash,
        nextKeyId,
      },
      { policyDir: values['policy-dir'] as string | undefined, cwd: io.cwd },
    )
    const { hash, receipt } = await sendDataPolicy(
      network,
      account,
      {
        functionName: 'registerReleaseKey',
        args: [key.publicKey, key.evidenceRef, policyHash],
      },
      timeoutMs,
    )
    // The id the contract gave it (another registration may have come first): read from its event.
    const registered = receipt.logs
      .filter((log) => log.address.toLowerCase() === network.contract.toLowerCase())
      .map((log) => {
        try {
          return decodeReleaseKeyRegistered(log)
        } catch {
          return undefined
        }
      })
      .find((id) => id !== undefined)
    return {
      action,
      keyId: registered ?? null,
      version: key.version,
      publicKey: key.publicKey,
      evidenceRef: key.evidenceRef,
      policyHash,
      status: 'Active',
      policy: verdict.policy ?? null,
      checks: verdict.checks,
      transactionHash: hash,
    }
  }
  if ((action !== 'retire' && action !== 'revoke') || target === undefined || rest.length > 0)
    throw new CliError('release-key takes register, retire <keyId> or revoke <keyId>.', {
      code: 'CLI_USAGE',
      details: RELEASE_KEY_ADMIN_USAGE,
    })
  const registerOnly = ['policy', 'version'].filter((name) => values[name] !== undefined)
  if (registerOnly.length > 0)
    throw new CliError(`release-key ${action} takes no --${registerOnly[0]}.`, { code: 'CLI_USAGE' })
  const keyId = readId(target, 'The key id')
  const timeoutMs = readTimeout(values)
  const network = await readNetwork(io.cwd, values)
  const account = await readAccount(io.cwd, values, network.chainId)
  const before = await readReleaseKey(network.client, { address: network.contract, keyId })
  const { hash } = await sendDataPolicy(
    network,
    account,
    { functionName: action === 'retire' ? 'retireReleaseKey' : 'revokeReleaseKey', args: [keyId] },
    timeoutMs,
  )
  return {
    action,
    keyId,
    publicKey: before.publicKey,
    status: action === 'retire' ? 'Retired' : 'Revoked',
    wasStatus: before.status,
    transactionHash: hash,
  }
}

/** The key id of a `ReleaseKeyRegistered` log; undefined for another event. */
function decodeReleaseKeyRegistered(log: Log): number | undefined {
  const event = decodeEventLog({ abi: dataPolicyAbi, data: log.data, topics: log.topics, strict: true })
  return event.eventName === 'ReleaseKeyRegistered' ? event.args.keyId : undefined
}

/** Text output of {@link runReleaseKeyAdmin}'s results. */
export function formatReleaseKeyAdmin(r: Record<string, unknown>): string {
  if (r.action !== 'register')
    return `release key ${r.keyId} ${r.publicKey} ${r.action === 'retire' ? 'retired: no new seals to it' : 'revoked: nothing more is released with it'} (was ${r.wasStatus}) (tx ${r.transactionHash})`
  const policy = r.policy as { name: string; version: number; trustAnchor: string } | null
  const lines = [
    `release key v${r.version} registered as key ${r.keyId} (Active) ${r.publicKey}`,
    `  evidence ${r.evidenceRef}`,
    `  policy   ${policy ? `${policy.name} v${policy.version} ` : ''}${r.policyHash}`,
  ]
  if (policy?.trustAnchor === 'dev-mock')
    lines.push('  anchor   dev-mock: a development TEE anyone can forge (local devnet only)')
  lines.push(
    `  checked  ${(r.checks as unknown[]).length} checks passed before registering`,
    `  tx       ${r.transactionHash}`,
  )
  return lines.join('\n')
}
