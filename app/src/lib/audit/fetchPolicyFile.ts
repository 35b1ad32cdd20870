import { parsePolicy, policyHash } from '@licen/attestation-policy'
import { parseJsonOrThrow } from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Hex } from 'viem'
import { AppError } from '../errors/AppError.js'

/** Largest attestation policy file the audit reads, in bytes. */
export const MAX_POLICY_FILE_BYTES = 256 * 1024

/** A policy file as fetched: the parsed policy and the keccak256 of its canonical (JCS) bytes, recomputed here. */
export type PolicyFile = { policy: ReturnType<typeof parsePolicy>; hash: Hex }

/**
 * Fetches `<baseUrl>/<policyHash>.json` (bounded, with a timeout), validates it as an attestation policy and
 * recomputes its hash in the browser; the caller compares that hash with the one on chain.
 */
export async function fetchPolicyFile(
  baseUrl: string,
  hash: Hex,
  options: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
): Promise<PolicyFile> {
  const json = await fetchPolicyJson(baseUrl, hash, options)
  let policy: PolicyFile['policy']
  try {
    policy = parsePolicy(json)
  } catch (cause) {
    const details = cause instanceof Error && 'details' in cause ? String(cause.details) : undefined
    throw new AppError('The policy file is not a valid attestation policy.', {
      code: 'POLICY_FILE_INVALID',
      details,
      cause,
    })
  }
  return { policy, hash: policyHash(policy) }
}

/**
 * The JSON value of `<baseUrl>/<policyHash>.json` (bounded, with a timeout), unvalidated: for a verifier that hashes
 * and parses it itself (`verifyReleaseKey`).
 */
export async function fetchPolicyJson(
  baseUrl: string,
  hash: Hex,
  options: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
): Promise<unknown> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const unavailable = (details: string, cause?: unknown) =>
    new AppError('The policy file could not be fetched.', { code: 'POLICY_FILE_UNAVAILABLE', details, cause })
  let response: Response
  try {
    response = await doFetch(`${baseUrl}/${hash.toLowerCase()}.json`, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      headers: { accept: 'application/json' },
    })
  } catch (cause) {
    throw unavailable(cause instanceof Error ? cause.message : 'network error', cause)
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {})
    throw unavailable(`HTTP ${response.status}`)
  }
  const bytes = await readBounded(response, {
    maxBytes: MAX_POLICY_FILE_BYTES,
    tooLarge: () =>
      new AppError('The policy file is too large.', {
        code: 'POLICY_FILE_INVALID',
        details: `more than ${MAX_POLICY_FILE_BYTES} bytes`,
      }),
  })
  return parseJsonOrThrow(
    bytes,
    (cause) => new AppError('The policy file is not JSON.', { code: 'POLICY_FILE_INVALID', cause }),
  )
}
