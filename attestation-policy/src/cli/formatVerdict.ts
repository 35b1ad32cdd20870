import { isoSeconds } from '../bytes.js'
import type { JobReleaseKeyAudit } from '../job/verifyJobReleaseKey.js'
import { measuredRows } from '../verify/measuredRows.js'
import type { Verdict } from '../verify/verdict.js'

const iso = (seconds: number | undefined) => (seconds === undefined ? undefined : isoSeconds(seconds))

/** Renders a verdict for a terminal: the outcome, every measured value an auditor pins, then each check. */
export function formatVerdict(verdict: Verdict): string {
  const m = verdict.measured
  const lines: string[] = []
  const head = verdict.ok ? 'PASS' : 'FAIL'
  lines.push(
    verdict.mode === 'policy'
      ? `${head}  policy ${verdict.policyName} ${verdict.policyHash}`
      : `${head}  quote checked on its own (no policy)`,
  )
  const rows: [string, string | undefined][] = [
    ['trust anchor', `${verdict.trustAnchor.kind} ${verdict.trustAnchor.rootCaSha256}`],
    ['judged at', `${iso(verdict.now)} (${verdict.now})`],
    ['quoteHash', verdict.quoteHash],
    [
      'tee',
      m.teeType
        ? `${m.teeType} quote v${m.quoteVersion}${verdict.verified ? ' (verified)' : ' (NOT verified)'}`
        : undefined,
    ],
    ...measuredRows(verdict).map((row): [string, string] => [row.id, row.value]),
  ]
  for (const [label, value] of rows) if (value !== undefined) lines.push(`  ${label.padEnd(15)}${value}`)
  lines.push('checks')
  for (const check of verdict.checks) {
    const mark = check.status === 'pass' ? 'ok  ' : check.status === 'fail' ? 'FAIL' : 'skip'
    lines.push(`  ${mark} ${check.title}${check.code ? ` [${check.code}]` : ''}: ${check.reason}`)
  }
  return `${lines.join('\n')}\n`
}

const mark = (status: 'pass' | 'fail' | 'skipped') =>
  status === 'pass' ? 'ok  ' : status === 'fail' ? 'FAIL' : 'skip'

/**
 * Renders the release key that opened a job's dataset: the outcome, which key (id, public key, evidenceRef),
 * its policy and status on chain, what its quote measured, then the job-side checks and the key's own checks.
 */
export function formatJobReleaseKey(audit: JobReleaseKeyAudit): string {
  const key = audit.releaseKey
  const m = key?.measured
  const lines = [
    `${audit.ok ? 'PASS' : 'FAIL'}  release key ${audit.keyId ?? '(not recorded)'} that opened dataset ${audit.datasetRoot ?? '-'}`,
  ]
  const rows: [string, string | undefined][] = [
    [
      'manifest',
      audit.manifestHash ? `${audit.manifestHash} (policy version ${audit.policyVersion})` : undefined,
    ],
    ['publicKey', audit.publicKey],
    ['evidenceRef', audit.evidenceRef],
    ['status', key?.status],
    [
      'policy',
      key?.policyHash
        ? `${key.policy ? `${key.policy.name} v${key.policy.version} (${key.policy.trustAnchor}) ` : ''}${key.policyHash}`
        : undefined,
    ],
    ['measured as', m?.mrtd ? `mrtd ${m.mrtd}` : undefined],
    ['composeHash', m?.composeHash],
    ['rtmr3', m?.rtmr3],
  ]
  for (const [label, value] of rows) if (value !== undefined) lines.push(`  ${label.padEnd(15)}${value}`)
  lines.push('release key checks')
  for (const check of audit.checks)
    lines.push(`  ${mark(check.status)} ${check.id}${check.code ? ` [${check.code}]` : ''}: ${check.reason}`)
  for (const check of key?.checks ?? [])
    lines.push(
      `  ${mark(check.status)} key.${check.id}${check.code ? ` [${check.code}]` : ''}: ${check.reason}`,
    )
  return `${lines.join('\n')}\n`
}
