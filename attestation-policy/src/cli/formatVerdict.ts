import { isoSeconds } from '../bytes.js'
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
    [
      'status',
      m.tcbStatus
        ? `${m.tcbStatus}${m.qeTcbStatus ? ` (QE ${m.qeTcbStatus}${m.tdxModuleTcbStatus ? `, TDX module ${m.tdxModuleTcbStatus}` : ''})` : ''}`
        : undefined,
    ],
    ['advisories', m.advisoryIds.length ? m.advisoryIds.join(', ') : undefined],
    ['fmspc', m.fmspc],
    ['mrtd', m.mrtd],
    ['rtmr0', m.rtmr0],
    ['rtmr1', m.rtmr1],
    ['rtmr2', m.rtmr2],
    ['rtmr3', m.rtmr3],
    ['reportData', m.reportData],
    ['tdAttributes', m.tdAttributes],
    ['composeHash', m.composeHash],
    ['appId', m.appId],
    ['instanceId', m.instanceId],
    ['keyProvider', m.keyProvider ? `${m.keyProvider.name} ${m.keyProvider.id}` : undefined],
    ['measurement', m.measurementName],
    [
      'collateral',
      m.collateralIssuedAt === undefined
        ? undefined
        : `issued ${iso(m.collateralIssuedAt)}, next update ${iso(m.collateralNextUpdate) ?? '-'}`,
    ],
  ]
  for (const [label, value] of rows) if (value !== undefined) lines.push(`  ${label.padEnd(15)}${value}`)
  lines.push('checks')
  for (const check of verdict.checks) {
    const mark = check.status === 'pass' ? 'ok  ' : check.status === 'fail' ? 'FAIL' : 'skip'
    lines.push(`  ${mark} ${check.title}${check.code ? ` [${check.code}]` : ''}: ${check.reason}`)
  }
  return `${lines.join('\n')}\n`
}
