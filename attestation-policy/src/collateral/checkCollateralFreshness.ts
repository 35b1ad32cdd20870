import { hexToBytes } from '@noble/hashes/utils'
import { isoSeconds as iso } from '../bytes.js'
import { parseCrl } from '../der/x509.js'
import { describeError } from '../errors.js'
import { readQeIdentity, readTcbInfo } from './collateralDocuments.js'
import type { Collateral } from './collateralSchema.js'

/** Seconds an issue date may lie ahead of `now` (clock skew between PCCS and verifier). */
export const MAX_CLOCK_SKEW_SECONDS = 300

export type CollateralFreshness = {
  ok: boolean
  code:
    | 'COLLATERAL_EXPIRED'
    | 'COLLATERAL_NOT_YET_VALID'
    | 'COLLATERAL_TOO_OLD'
    | 'COLLATERAL_INVALID'
    | undefined
  reason: string
  /** Oldest TCB info / QE identity issue date (unix seconds). */
  issuedAt: number | undefined
  /** Earliest next update among TCB info, QE identity and CRLs (unix seconds). */
  nextUpdate: number | undefined
  ageSeconds: number | undefined
}

/**
 * Checks every collateral document is inside its validity window at `now` (TCB info, QE identity, root CA CRL,
 * PCK CRL) and, when `maxAgeSeconds` is given, that TCB info and QE identity were issued at most that long ago.
 */
export function checkCollateralFreshness(
  collateral: Collateral,
  options: { now: number; maxAgeSeconds?: number | undefined },
): CollateralFreshness {
  const { now, maxAgeSeconds } = options
  let windows: { name: string; issued: number; next: number | undefined }[]
  try {
    const tcb = readTcbInfo(collateral)
    const qe = readQeIdentity(collateral)
    const rootCrl = parseCrl(hexToBytes(collateral.root_ca_crl))
    const pckCrl = parseCrl(hexToBytes(collateral.pck_crl))
    windows = [
      { name: 'TCB info', issued: tcb.issueDate, next: tcb.nextUpdate },
      { name: 'QE identity', issued: qe.issueDate, next: qe.nextUpdate },
      { name: 'root CA CRL', issued: rootCrl.thisUpdate, next: rootCrl.nextUpdate },
      { name: 'PCK CRL', issued: pckCrl.thisUpdate, next: pckCrl.nextUpdate },
    ]
  } catch (error) {
    const reason = describeError(error)
    return {
      ok: false,
      code: 'COLLATERAL_INVALID',
      reason,
      issuedAt: undefined,
      nextUpdate: undefined,
      ageSeconds: undefined,
    }
  }
  const issuedAt = Math.min(windows[0]!.issued, windows[1]!.issued)
  const nextUpdate = Math.min(...windows.map((w) => w.next ?? Number.POSITIVE_INFINITY))
  const base = {
    issuedAt,
    nextUpdate: Number.isFinite(nextUpdate) ? nextUpdate : undefined,
    ageSeconds: now - issuedAt,
  }
  for (const window of windows) {
    if (window.issued > now + MAX_CLOCK_SKEW_SECONDS) {
      return {
        ...base,
        ok: false,
        code: 'COLLATERAL_NOT_YET_VALID',
        reason: `${window.name} is issued ${iso(window.issued)}, after now (${iso(now)}): check the clock or --now`,
      }
    }
    if (window.next !== undefined && now > window.next) {
      return {
        ...base,
        ok: false,
        code: 'COLLATERAL_EXPIRED',
        reason: `${window.name} expired ${iso(window.next)} (now ${iso(now)}): fetch fresh collateral from the PCCS`,
      }
    }
  }
  if (maxAgeSeconds !== undefined && now - issuedAt > maxAgeSeconds) {
    return {
      ...base,
      ok: false,
      code: 'COLLATERAL_TOO_OLD',
      reason: `collateral issued ${iso(issuedAt)} is ${now - issuedAt} s old, the policy allows ${maxAgeSeconds} s: fetch fresh collateral`,
    }
  }
  return {
    ...base,
    ok: true,
    code: undefined,
    reason: `issued ${iso(issuedAt)}, valid until ${Number.isFinite(nextUpdate) ? iso(nextUpdate) : 'no end'}`,
  }
}
