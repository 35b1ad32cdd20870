import { formatUnits, type Hex, parseUnits } from 'viem'
import type { PolicyOnChain } from '../chain/dataPolicy.js'
import { formatDuration } from '../format/duration.js'
import { purposeBitmap } from '../format/purposes.js'

/** The policy form as the person types it. */
export type PolicyFormValues = {
  /** Royalty per epoch in whole currency units (e.g. "0.01"). */
  royalty: string
  maxEpochs: string
  maxActiveJobs: string
  /** Session length in hours (may be fractional). */
  sessionHours: string
  /** Last day new jobs are granted (`YYYY-MM-DD`, end of that day UTC), or empty for never. */
  expiryDate: string
  purposes: number[]
  /** Attestation policy hash (0x + 64 hex) or empty to accept any allowed policy. */
  attestationPolicy: string
}

/** Session length bounds, read from the contract (`MIN_SESSION_TTL`, `MAX_SESSION_TTL`). */
export type PolicyLimits = { minSessionTtl: number; maxSessionTtl: number; decimals: number }

export type PolicyFormResult =
  | { ok: true; policy: PolicyOnChain }
  | { ok: false; errors: Partial<Record<keyof PolicyFormValues, string>> }

const maxUint96 = 2n ** 96n - 1n
const zeroHash = `0x${'0'.repeat(64)}` as Hex

/** Validates the policy form against the contract's rules and builds the on-chain policy struct. */
export function policyFromForm(
  values: PolicyFormValues,
  limits: PolicyLimits,
  nowSeconds: number,
): PolicyFormResult {
  const errors: Partial<Record<keyof PolicyFormValues, string>> = {}
  let royaltyPerEpoch = 0n
  try {
    if (!/^\d+(\.\d+)?$/.test(values.royalty.trim())) throw new Error()
    royaltyPerEpoch = parseUnits(values.royalty.trim(), limits.decimals)
    if (royaltyPerEpoch > maxUint96) errors.royalty = 'The royalty is too large.'
  } catch {
    errors.royalty = 'Enter an amount such as 0.01 (zero is allowed).'
  }
  const maxEpochsPerJob = integer(values.maxEpochs, 1, 65_535)
  if (maxEpochsPerJob === undefined) errors.maxEpochs = 'Enter a whole number from 1 to 65535.'
  const maxActiveJobsPerRequester = integer(values.maxActiveJobs, 1, 65_535)
  if (maxActiveJobsPerRequester === undefined) errors.maxActiveJobs = 'Enter a whole number from 1 to 65535.'
  const hours = Number(values.sessionHours)
  const sessionTtl =
    Number.isFinite(hours) && values.sessionHours.trim() !== '' ? Math.round(hours * 3600) : Number.NaN
  if (!(sessionTtl >= limits.minSessionTtl && sessionTtl <= limits.maxSessionTtl))
    errors.sessionHours = `Enter a length from ${formatDuration(limits.minSessionTtl)} to ${formatDuration(limits.maxSessionTtl)}.`
  let expiry = 0
  if (values.expiryDate.trim() !== '') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.expiryDate.trim())
    const endOfDay = match
      ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59) / 1000
      : Number.NaN
    if (!Number.isFinite(endOfDay)) errors.expiryDate = 'Enter a date as YYYY-MM-DD, or leave it empty.'
    else if (endOfDay <= nowSeconds) errors.expiryDate = 'The expiry date must be in the future.'
    else expiry = endOfDay
  }
  if (values.purposes.length === 0) errors.purposes = 'Allow at least one purpose.'
  const attestation = values.attestationPolicy.trim()
  if (attestation !== '' && !/^0x[0-9a-fA-F]{64}$/.test(attestation))
    errors.attestationPolicy = 'Enter a 32-byte policy hash (0x + 64 hex digits), or leave it empty.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    policy: {
      royaltyPerEpoch,
      maxEpochsPerJob: maxEpochsPerJob!,
      maxActiveJobsPerRequester: maxActiveJobsPerRequester!,
      sessionTtl,
      expiry,
      allowedPurposes: purposeBitmap(values.purposes),
      attestationPolicy: attestation === '' ? zeroHash : (attestation.toLowerCase() as Hex),
    },
  }
}

/** The form values that show an existing policy (for editing). */
export function formFromPolicy(policy: PolicyOnChain, decimals: number): PolicyFormValues {
  const purposes: number[] = []
  for (let bit = 0; bit < 32; bit++) if ((policy.allowedPurposes >>> bit) & 1) purposes.push(bit)
  return {
    royalty: formatUnits(policy.royaltyPerEpoch, decimals),
    maxEpochs: String(policy.maxEpochsPerJob),
    maxActiveJobs: String(policy.maxActiveJobsPerRequester),
    sessionHours: String(policy.sessionTtl / 3600),
    expiryDate: policy.expiry === 0 ? '' : new Date(policy.expiry * 1000).toISOString().slice(0, 10),
    purposes,
    attestationPolicy: policy.attestationPolicy === zeroHash ? '' : policy.attestationPolicy,
  }
}

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined
  const value = Number(text.trim())
  return value >= min && value <= max ? value : undefined
}
