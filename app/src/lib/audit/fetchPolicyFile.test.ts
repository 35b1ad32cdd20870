import { readFileSync } from 'node:fs'
import { rejection } from '@licen/sdk/testing'
import { describe, expect, test } from 'vitest'
import { AppError } from '../errors/AppError.js'
import { fetchPolicyFile } from './fetchPolicyFile.js'
import { LOCAL_POLICY_HASH } from './testing/devEvidence.js'

const localPolicy = readFileSync(
  new URL('../../../../attestation-policy/policies/local.json', import.meta.url),
  'utf8',
)

function serve(response: () => Response | Promise<Response>) {
  const urls: string[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    urls.push(String(input))
    return response()
  }) as typeof globalThis.fetch
  return { fetch, urls }
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await rejection(promise, AppError)
  return `${error.code}: ${error.shortMessage}${error.details ? ` (${error.details})` : ''}`
}

describe('fetchPolicyFile', () => {
  test('default: <base>/<hash>.json, parsed, its JCS keccak256 recomputed', async () => {
    const server = serve(() => new Response(localPolicy))
    const file = await fetchPolicyFile('https://app.example/policies', LOCAL_POLICY_HASH, server)
    expect(server.urls).toEqual([`https://app.example/policies/${LOCAL_POLICY_HASH}.json`])
    expect(file.hash).toBe(LOCAL_POLICY_HASH)
    expect(file.policy.name).toBe('local')
    expect(file.policy.trustAnchor.kind).toBe('dev-mock')
  })

  test('behavior: the hash is recomputed from the content, whatever the file is named', async () => {
    // Same policy, other key order and spacing: same canonical bytes, same hash.
    const reordered = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(localPolicy)).reverse()),
      null,
      4,
    )
    const file = await fetchPolicyFile(
      'https://p',
      `0x${'00'.repeat(32)}`,
      serve(() => new Response(reordered)),
    )
    expect(file.hash).toBe(LOCAL_POLICY_HASH)
  })

  test('error: unreachable, HTTP errors, too large, not JSON, not a policy', async () => {
    const hash = LOCAL_POLICY_HASH
    expect(
      await failure(
        fetchPolicyFile('https://p', hash, {
          fetch: async () => {
            throw new TypeError('fetch failed')
          },
        }),
      ),
    ).toBe('POLICY_FILE_UNAVAILABLE: The policy file could not be fetched. (fetch failed)')
    expect(
      await failure(
        fetchPolicyFile(
          'https://p',
          hash,
          serve(() => new Response('', { status: 500 })),
        ),
      ),
    ).toBe('POLICY_FILE_UNAVAILABLE: The policy file could not be fetched. (HTTP 500)')
    expect(
      await failure(
        fetchPolicyFile(
          'https://p',
          hash,
          serve(() => new Response('x'.repeat(256 * 1024 + 1))),
        ),
      ),
    ).toBe('POLICY_FILE_INVALID: The policy file is too large. (more than 262144 bytes)')
    expect(
      await failure(
        fetchPolicyFile(
          'https://p',
          hash,
          serve(() => new Response('{nope')),
        ),
      ),
    ).toBe('POLICY_FILE_INVALID: The policy file is not JSON.')
    expect(
      await failure(
        fetchPolicyFile(
          'https://p',
          hash,
          serve(() => new Response('{"schema":"x"}')),
        ),
      ),
    ).toMatch(/^POLICY_FILE_INVALID: The policy file is not a valid attestation policy\. \(.+\)$/)
  })
})
