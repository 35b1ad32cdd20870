import type { ReleaseKeyVerdict } from '@licen/attestation-policy'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'
import { checkReleaseKey } from '../releaseKey.js'
import {
  formatReleaseKeyAdmin,
  RELEASE_KEY_ADMIN_ACTIONS,
  RELEASE_KEY_ADMIN_USAGE,
  releaseKeyAdminOptions,
  runReleaseKeyAdmin,
} from './releaseKeyAdmin.js'

const isAdminAction = (value: string | undefined) =>
  (RELEASE_KEY_ADMIN_ACTIONS as readonly (string | undefined)[]).includes(value)

/**
 * `licen release-key`: the chain's current release key (or `--key-id`) and whether its attestation verifies; with
 * `register`, `retire` or `revoke`, the contract owner's operations on release keys (`./releaseKeyAdmin.ts`).
 */
export const releaseKeyCommand: Command = {
  name: 'release-key',
  summary:
    'Show the current release key and verify its attestation (exit 1 when it does not verify); register, retire, revoke (owner)',
  usage: `licen release-key ${NETWORK_USAGE} [--key-id <n>] [--policy-dir <dir>] [--json]\n       ${RELEASE_KEY_ADMIN_USAGE}`,
  options: {
    ...networkOptions,
    ...releaseKeyAdminOptions,
    'key-id': { type: 'string' },
    'policy-dir': { type: 'string' },
  },
  async run(context) {
    const { io, values, positionals } = context
    if (isAdminAction(positionals[0])) {
      if (values['key-id'] !== undefined)
        throw new CliError(`release-key ${positionals[0]} takes no --key-id.`, { code: 'CLI_USAGE' })
      return runReleaseKeyAdmin(context)
    }
    const adminOnly = Object.keys(releaseKeyAdminOptions).filter((name) => values[name] !== undefined)
    if (adminOnly.length > 0)
      throw new CliError(`--${adminOnly[0]} is for release-key register, retire or revoke.`, {
        code: 'CLI_USAGE',
      })
    if (positionals.length > 0)
      throw new CliError('release-key takes no arguments, or register, retire <keyId> or revoke <keyId>.', {
        code: 'CLI_USAGE',
      })
    const keyId = values['key-id'] as string | undefined
    if ((keyId !== undefined && !/^[1-9][0-9]{0,9}$/.test(keyId)) || Number(keyId) > 0xffff_ffff)
      throw new CliError('--key-id must be a key id (1 to 4294967295).', { code: 'CLI_USAGE' })
    const network = await readNetwork(io.cwd, values)
    const verdict = await checkReleaseKey(network, {
      keyId: keyId === undefined ? undefined : Number(keyId),
      // A dataset already sealed to a retired key still opens with it; asked by id, say whether it is genuine.
      allowRetired: keyId !== undefined,
      policyDir: values['policy-dir'] as string | undefined,
      cwd: io.cwd,
    })
    return {
      ok: verdict.verified,
      verified: verdict.verified,
      keyId: verdict.keyId ?? null,
      publicKey: verdict.publicKey ?? null,
      evidenceRef: verdict.evidenceRef ?? null,
      policyHash: verdict.policyHash ?? null,
      status: verdict.status ?? null,
      policy: verdict.policy ?? null,
      checks: verdict.checks,
    }
  },
  format(result) {
    if (isAdminAction(result.action as string | undefined)) return formatReleaseKeyAdmin(result)
    const verdict = result as unknown as ReleaseKeyVerdict
    const lines = [
      `${verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'}  release key ${verdict.keyId ?? '(none)'}${verdict.status ? ` (${verdict.status})` : ''} ${verdict.publicKey ?? ''}`.trimEnd(),
    ]
    if (verdict.evidenceRef) lines.push(`  evidence ${verdict.evidenceRef}`)
    if (verdict.policyHash)
      lines.push(
        `  policy   ${verdict.policy ? `${verdict.policy.name} v${verdict.policy.version} ` : ''}${verdict.policyHash}`,
      )
    if (verdict.policy?.trustAnchor === 'dev-mock')
      lines.push('  anchor   dev-mock: a development TEE anyone can forge (local devnet only)')
    for (const check of verdict.checks)
      lines.push(
        `  ${check.status.padEnd(7)} ${check.id}${check.code ? ` ${check.code}` : ''}: ${check.reason}`,
      )
    return lines.join('\n')
  },
  exitCode: (result) =>
    isAdminAction(result.action as string | undefined) || result.verified === true ? 0 : 1,
}
