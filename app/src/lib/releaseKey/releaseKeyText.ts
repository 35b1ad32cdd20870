import type { ReleaseKeyCheck, ReleaseKeyVerdict } from '@licen/attestation-policy'
import { devTeeWarning } from '../audit/auditVerdict.js'

/** Plain words for each release-key check (`quote.<id>` checks are named after the attestation check). */
const checkLabels: Record<string, string> = {
  key: 'the key is registered on chain and usable for this dataset',
  policyOnChain: 'its orchestrator policy is allowed on chain with the orchestrator role',
  evidence: 'its attestation evidence is in storage under the root the chain records',
  policyFile: 'the policy file matches the hash on chain',
  binding: 'the evidence binds exactly this key, this chain and this contract',
}

/** The plain-words label of a release-key check id. */
export function releaseKeyCheckLabel(id: string): string {
  return checkLabels[id] ?? (id.startsWith('quote.') ? `the quote passes “${id.slice(6)}”` : id)
}

/** What failed, in plain words: the first failed check, its reason and its code; undefined when none failed. */
export function releaseKeyFailure(verdict: Pick<ReleaseKeyVerdict, 'checks'>): string | undefined {
  const failed = verdict.checks.filter((check) => check.status === 'fail')
  const first = failed[0]
  if (!first) return undefined
  const more =
    failed.length > 1 ? ` (${failed.length - 1} more check${failed.length > 2 ? 's' : ''} failed)` : ''
  return `Failed check: ${releaseKeyCheckLabel(first.id)} — ${first.reason}${first.code ? ` (${first.code})` : ''}${more}.`
}

/**
 * The one sentence on who can open the key a dataset is sealed to, from a verified verdict: the measurement the
 * quote matched and the policy; the dev-TEE warning when the quote chains to the dev-mock anchor.
 */
export function releaseKeySentence(verdict: ReleaseKeyVerdict): {
  sentence: string
  warning: string | undefined
} {
  const measurement = verdict.measured?.measurementName ?? 'an allowed image'
  const policy = verdict.policy
    ? `“${verdict.policy.name}” v${verdict.policy.version}`
    : (verdict.policyHash ?? '?')
  return {
    sentence: `Only an orchestrator measured as “${measurement}” under policy ${policy} can open release key #${verdict.keyId}; verified in your browser.`,
    warning: verdict.policy?.trustAnchor === 'dev-mock' ? devTeeWarning : undefined,
  }
}

/** The verdict's details as label/value rows (shown one click away). */
export function releaseKeyRows(verdict: ReleaseKeyVerdict): [string, string][] {
  const m = verdict.measured
  const rows: [string, string | undefined][] = [
    ['Key id', verdict.keyId === undefined ? undefined : String(verdict.keyId)],
    ['Status on chain', verdict.status],
    ['Public key', verdict.publicKey],
    ['Evidence root', verdict.evidenceRef],
    ['Policy hash', verdict.policyHash],
    ['Trust anchor', verdict.policy?.trustAnchor],
    ['Measurement', m?.measurementName],
    ['Compose hash', m?.composeHash],
    ['MRTD', m?.mrtd],
    ['TCB status', m?.tcbStatus],
  ]
  return rows.filter((row): row is [string, string] => row[1] !== undefined)
}

/** Each check as a line for a details list: status and plain words, with the reason. */
export function releaseKeyCheckLines(
  checks: readonly ReleaseKeyCheck[],
): { status: ReleaseKeyCheck['status']; text: string }[] {
  return checks.map((check) => ({
    status: check.status,
    text: `${releaseKeyCheckLabel(check.id)}${check.reason ? `: ${check.reason}` : ''}${check.status === 'fail' && check.code ? ` (${check.code})` : ''}`,
  }))
}
