import { isoSeconds } from '../bytes.js'
import type { Verdict } from './verdict.js'

/** One value a quote measured, as an auditor reads it: a stable id, a label for people, the value as text. */
export type MeasuredRow = { id: string; label: string; value: string }

const iso = (seconds: number | undefined) => (seconds === undefined ? undefined : isoSeconds(seconds))

/**
 * Every value of `verdict.measured` an auditor pins, in one order and one text form for every renderer (the
 * `licen-attest` terminal output prints the ids, the app's audit page the labels); values the quote did not carry
 * are left out.
 */
export function measuredRows(verdict: Verdict): MeasuredRow[] {
  const m = verdict.measured
  const rows: [id: string, label: string, value: string | undefined][] = [
    [
      'status',
      'TCB status',
      m.tcbStatus
        ? `${m.tcbStatus}${m.qeTcbStatus ? ` (QE ${m.qeTcbStatus}${m.tdxModuleTcbStatus ? `, TDX module ${m.tdxModuleTcbStatus}` : ''})` : ''}`
        : undefined,
    ],
    ['advisories', 'Advisories', m.advisoryIds.length ? m.advisoryIds.join(', ') : undefined],
    ['fmspc', 'FMSPC', m.fmspc],
    ['mrtd', 'MRTD', m.mrtd],
    ['rtmr0', 'RTMR0', m.rtmr0],
    ['rtmr1', 'RTMR1', m.rtmr1],
    ['rtmr2', 'RTMR2', m.rtmr2],
    ['rtmr3', 'RTMR3', m.rtmr3],
    ['reportData', 'Report data', m.reportData],
    ['tdAttributes', 'TD attributes', m.tdAttributes],
    ['composeHash', 'Compose hash', m.composeHash],
    ['appId', 'App id', m.appId],
    ['instanceId', 'Instance id', m.instanceId],
    ['keyProvider', 'Key provider', m.keyProvider ? `${m.keyProvider.name} ${m.keyProvider.id}` : undefined],
    ['measurement', 'Measurement set', m.measurementName],
    [
      'collateral',
      'Collateral',
      m.collateralIssuedAt === undefined
        ? undefined
        : `issued ${iso(m.collateralIssuedAt)}, next update ${iso(m.collateralNextUpdate) ?? '-'}`,
    ],
  ]
  return rows.flatMap(([id, label, value]) => (value === undefined ? [] : [{ id, label, value }]))
}
