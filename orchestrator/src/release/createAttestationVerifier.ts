import {
  type AttestationPolicy,
  type Collateral,
  createCollateralCache,
  parsePolicy,
  policyHash,
  type Verdict,
  verifyEvidence,
} from '@licen/attestation-policy'
import type { Hex } from 'viem'
import { OrchestratorError } from '../errors.js'

/** Verifies provider evidence against the attestation policies this orchestrator holds. */
export type AttestationVerifier = {
  /** Policies by hash (lower-case). */
  policies: ReadonlyMap<string, AttestationPolicy>
  has: (policyHash: Hex) => boolean
  /** DCAP collateral for a quote's platform, from the same cache (the release key's own evidence uses it too). */
  collateral: (quote: Uint8Array) => Promise<Collateral>
  /**
   * Fetches (cached) collateral for the quote and verifies it against the policy, bound to `expectedReportData`.
   * Collateral problems throw `PCCS_FETCH_FAILED` (transient); evidence problems come back as a failed verdict.
   */
  verify: (parameters: {
    quote: Uint8Array
    eventLog: string
    policyHash: Hex
    expectedReportData: Uint8Array
    now: number
  }) => Promise<{ verdict: Verdict; collateral: Collateral }>
}

export type CreateAttestationVerifierParameters = {
  policies: readonly unknown[]
  pccsUrl: string
  collateralTtlSeconds: number
  timeoutMs: number
  /** DER of the dev-mock root CA (default: the dev TEE module's shared root, loaded only for a dev-mock policy). */
  devMockRootCa?: Uint8Array | undefined
  fetch?: typeof fetch | undefined
}

/** Parses the configured policies (failing fast on a bad one) and sets up the collateral cache. */
export function createAttestationVerifier(
  parameters: CreateAttestationVerifierParameters,
): AttestationVerifier {
  const policies = new Map<string, AttestationPolicy>()
  for (const [index, value] of parameters.policies.entries()) {
    let policy: AttestationPolicy
    try {
      policy = parsePolicy(value)
    } catch (error) {
      throw new OrchestratorError('An attestation policy is invalid.', {
        code: 'POLICY_FILE_INVALID',
        details: `policy #${index}: ${(error as { details?: string }).details ?? (error as Error).message}`,
      })
    }
    policies.set(policyHash(policy).toLowerCase(), policy)
  }
  const cache = createCollateralCache({
    pccsUrl: parameters.pccsUrl,
    ttlSeconds: parameters.collateralTtlSeconds,
    timeoutMs: parameters.timeoutMs,
    fetch: parameters.fetch,
  })
  // The local (dev-mock) policy's anchor is injected from the dev TEE module; Intel policies never load it.
  let devRoot: Promise<Uint8Array> | undefined
  const devMockRootCa = (policy: AttestationPolicy): Promise<Uint8Array> | undefined => {
    if (policy.trustAnchor.kind !== 'dev-mock') return undefined
    if (parameters.devMockRootCa) return Promise.resolve(parameters.devMockRootCa)
    devRoot ??= import('@licen/attestation-policy/dev-tee/anchor').then((dev) => dev.devMockRootCa())
    return devRoot
  }
  return {
    policies,
    has: (hash) => policies.has(hash.toLowerCase()),
    collateral: (quote) => cache.get(quote),
    async verify({ quote, eventLog, policyHash: hash, expectedReportData, now }) {
      const policy = policies.get(hash.toLowerCase())
      if (!policy) {
        throw new OrchestratorError('No attestation policy with this hash is configured.', {
          code: 'POLICY_FILE_INVALID',
          details: hash,
        })
      }
      const collateral = await cache.get(quote)
      const verdict = await verifyEvidence({ quote, eventLog }, policy, {
        collateral,
        now,
        expectedReportData,
        devMockRootCa: await devMockRootCa(policy),
      })
      return { verdict, collateral }
    },
  }
}
