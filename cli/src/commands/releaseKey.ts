import type { ReleaseKeyVerdict } from '@licen/attestation-policy'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'
import { checkReleaseKey } from '../releaseKey.js'

/** `licen release-key`: the chain's current release key (or `--key-id`) and whether its attestation verifies. */
export const releaseKeyCommand: Command = {
  name: 'release-key',
  summary: 'Show the current release key and verify its attestation (exit 1 when it does not verify)',
  usage: `licen release-key ${NETWORK_USAGE} [--key-id <n>] [--policy-dir <dir>] [--json]`,
  options: { ...networkOptions, 'key-id': { type: 'string' }, 'policy-dir': { type: 'string' } },
  async run({ io, values, positionals }) {
    if (positionals.length > 0) throw new CliError('release-key takes no arguments.', { code: 'CLI_USAGE' })
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
  exitCode: (result) => (result.verified === true ? 0 : 1),
}
