import type { JobReleaseKeyAudit, ReleaseKeyCheck, ReleaseKeyVerdict } from '@licen/attestation-policy'
import { devTeeWarning } from '../audit/auditVerdict.js'

/** Plain words for each release-key check (`quote.<id>` checks are named after the attestation check). */
const checkLabels: Record<string, string> = {
  key: 'the key is registered on chain and usable for this dataset',
  policyOnChain: 'its orchestrator policy is allowed on chain with the orchestrator role',
  evidence: 'its attestation evidence is in storage under the root the chain records',
  policyFile: 'the policy file matches the hash on chain',
  binding: 'the evidence binds exactly this key, this chain and this contract',
  // The job-side checks of an audit (`verifyJobReleaseKey`): which key the job's manifest names.
  manifest:
    'the manifest the job used is on storage, hashes to the chain’s manifest root and describes this dataset',
  keyRecorded: 'the manifest records which release key (id and evidence root) the dataset key is sealed to',
  keyMatchesChain: 'the recorded key equals the chain’s record of that key',
}

/** The plain-words label of a release-key check id. */
export function releaseKeyCheckLabel(id: string): string {
  return checkLabels[id] ?? (id.startsWith('quote.') ? `the quote passes “${id.slice(6)}”` : id)
}

/** What failed, in plain words: the first failed check, its reason and its code; undefined when none failed. */
export function releaseKeyFailure(verdict: {
  checks: readonly { id: string; status: string; code: string | undefined; reason: string }[]
}): string | undefined {
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

/** The release-key group of a job audit: which key opened the dataset, a sentence, and every check as a step. */
export type ReleaseKeyAuditGroup = {
  status: 'pass' | 'fail'
  title: string
  sentence: string
  warning: string | undefined
  steps: { id: string; title: string; status: 'pass' | 'fail' | 'skipped'; detail: string }[]
}

/** The audit page's release-key group from `verifyJobReleaseKey`'s result. */
export function releaseKeyAuditGroup(audit: JobReleaseKeyAudit): ReleaseKeyAuditGroup {
  const key = audit.releaseKey
  const steps = [
    ...audit.checks.map((check) => ({ ...check, label: releaseKeyCheckLabel(check.id) })),
    ...(key?.checks ?? []).map((check) => ({ ...check, label: releaseKeyCheckLabel(check.id) })),
  ].map((check) => ({
    id: `releaseKey.${check.id}`,
    title: check.label.charAt(0).toUpperCase() + check.label.slice(1),
    status: check.status,
    detail: `${check.reason}${check.status === 'fail' && check.code ? ` (${check.code})` : ''}`,
  }))
  const which = audit.keyId === undefined ? 'The release key' : `Release key #${audit.keyId}`
  if (audit.ok && key)
    return {
      status: 'pass',
      title: `${which} that opened this dataset verified`,
      sentence: releaseKeySentence(key).sentence,
      warning: releaseKeySentence(key).warning,
      steps,
    }
  return {
    status: 'fail',
    title: `${which} that opened this dataset did not verify`,
    sentence:
      releaseKeyFailure({ checks: [...audit.checks, ...(key?.checks ?? [])] }) ??
      'The release-key checks did not run.',
    warning: undefined,
    steps,
  }
}

/** The release-key group when its sources could not be read at all (a failed group: nothing vouches for the key). */
export function releaseKeyUnavailable(message: string): ReleaseKeyAuditGroup {
  return {
    status: 'fail',
    title: 'The release key that opened this dataset could not be checked',
    sentence: message,
    warning: undefined,
    steps: [],
  }
}

/**
 * One line on the key a dataset is sealed to: its id, status on chain and whether it verified here. A manifest
 * without `keyId` (published before attested keys) names no key on chain, so nothing vouches for it.
 */
export function sealedKeyText(
  keyId: number | undefined,
  verdict: Pick<ReleaseKeyVerdict, 'verified' | 'status' | 'checks'> | undefined,
): { ok: boolean; text: string } {
  if (keyId === undefined)
    return {
      ok: false,
      text: 'Sealed to a release key the manifest does not name on chain (published before attested keys): not verified; the owner can re-seal it to the current key.',
    }
  if (!verdict) return { ok: false, text: `Sealed to release key #${keyId}; verifying in your browser…` }
  const status = verdict.status && verdict.status !== 'None' ? ` (${verdict.status})` : ''
  return verdict.verified
    ? { ok: true, text: `Sealed to release key #${keyId}${status}: attestation verified in your browser.` }
    : {
        ok: false,
        text: `Sealed to release key #${keyId}${status}: NOT verified. ${releaseKeyFailure(verdict) ?? ''}`.trim(),
      }
}
