import { parseJsonOrThrow } from '@licen/errors'
import { readBounded } from '@licen/sdk/http'
import type { Hex } from 'viem'
import { listJsonFiles, readTextFile } from '#platform'
import { BaseError, describeError } from '../errors.js'
import { parsePolicyJson } from './parsePolicy.js'
import { policyHash } from './policyHash.js'

/** Largest policy file an auditor reads, in bytes. */
export const MAX_POLICY_BYTES = 256 * 1024

/** The policy file in `dir` whose canonical hash is `hash` (files that are not policies are skipped; Node only). */
export async function readPolicyFromDir(dir: string, hash: Hex): Promise<unknown> {
  let names: string[]
  try {
    names = await listJsonFiles(dir)
  } catch (cause) {
    throw new BaseError('Cannot read the policy folder.', {
      code: 'JOB_POLICY_NOT_FOUND',
      details: dir,
      cause,
    })
  }
  for (const name of names) {
    const text = await readTextFile(dir, name).catch(() => '')
    if (!text || text.length > MAX_POLICY_BYTES) continue
    try {
      const policy = parsePolicyJson(text)
      if (policyHash(policy) === hash.toLowerCase()) return policy
    } catch {
      // not a policy file (e.g. hashes.json)
    }
  }
  throw new BaseError('No policy file in the folder has the hash the chain records.', {
    code: 'JOB_POLICY_NOT_FOUND',
    details: `${hash} in ${dir}`,
  })
}

/** `<base>/<hash>.json`, bounded; the caller checks its hash. */
export function readPolicyFromUrl(base: string, hash: Hex, timeoutMs: number): Promise<unknown> {
  return readPolicyFromUri(`${base.replace(/\/+$/, '')}/${hash.toLowerCase()}.json`, hash, timeoutMs)
}

/**
 * The policy file at `uri` (http(s) only, as `AttestationPolicySet` publishes it), at most MAX_POLICY_BYTES within
 * `timeoutMs`, as JSON; the caller checks its hash.
 */
export async function readPolicyFromUri(uri: string, hash: Hex, timeoutMs: number): Promise<unknown> {
  if (!/^https?:\/\/\S+$/.test(uri) || uri.length > 2048)
    throw new BaseError('The policy URI is not an http(s) URL.', {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: uri.slice(0, 80),
    })
  let bytes: Uint8Array
  try {
    const signal = AbortSignal.timeout(timeoutMs)
    const response = await fetch(uri, { signal, headers: { accept: 'application/json' } })
    if (response.status === 404) {
      await response.body?.cancel()
      throw new BaseError('The policy URL has no file for this hash.', {
        code: 'JOB_POLICY_NOT_FOUND',
        details: hash,
      })
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new Error(`HTTP ${response.status}`)
    }
    bytes = await readBounded(response, {
      maxBytes: MAX_POLICY_BYTES,
      signal,
      tooLarge: () =>
        new BaseError('The policy file is too large.', {
          code: 'JOB_SOURCE_UNAVAILABLE',
          details: `more than ${MAX_POLICY_BYTES} bytes`,
        }),
    })
  } catch (cause) {
    if (cause instanceof BaseError) throw cause
    throw new BaseError('Cannot read the policy file.', {
      code: 'JOB_SOURCE_UNAVAILABLE',
      details: describeError(cause),
    })
  }
  return parseJsonOrThrow(
    bytes,
    (cause) =>
      new BaseError('The policy file is not JSON.', { code: 'JOB_SOURCE_UNAVAILABLE', details: hash, cause }),
  )
}
