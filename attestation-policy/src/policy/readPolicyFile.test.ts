import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { failureText } from '@licen/errors/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { packageText } from '../../test/fixtures.js'
import { MAX_POLICY_BYTES, readPolicyFromUri, readPolicyFromUrl } from './readPolicyFile.js'

const hash = (JSON.parse(packageText('policies/hashes.json')) as Record<string, `0x${string}`>)[
  'local-orchestrator.json'
]!
const text = packageText('policies/local-orchestrator.json')
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === `/policies/${hash}.json`) response.end(text)
    else if (request.url === '/large.json') response.end(' '.repeat(MAX_POLICY_BYTES + 1))
    else if (request.url === '/slow.json') setTimeout(() => response.end(text), 2000)
    else {
      response.statusCode = 404
      response.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('readPolicyFromUri / readPolicyFromUrl', () => {
  test('default: the file at the chain URI, and <base>/<hash>.json', async () => {
    expect(await readPolicyFromUri(`${base}/policies/${hash}.json`, hash, 5000)).toEqual(JSON.parse(text))
    expect(await readPolicyFromUrl(`${base}/policies/`, hash, 5000)).toEqual(JSON.parse(text))
  })

  test.each([
    [
      'a URI that is not http(s)',
      () => 'file:///etc/passwd',
      'JOB_SOURCE_UNAVAILABLE: The policy URI is not an http(s) URL. file:///etc/passwd',
    ],
    [
      'a missing file',
      () => `${base}/none.json`,
      `JOB_POLICY_NOT_FOUND: The policy URL has no file for this hash. ${hash}`,
    ],
    [
      'a file over the bound',
      () => `${base}/large.json`,
      `JOB_SOURCE_UNAVAILABLE: The policy file is too large. more than ${MAX_POLICY_BYTES} bytes`,
    ],
  ])('error: %s', async (_, uri, message) => {
    expect(await failureText(readPolicyFromUri(uri(), hash, 5000))).toBe(message)
  })

  test('error: a server that does not answer in time', async () => {
    expect(await failureText(readPolicyFromUri(`${base}/slow.json`, hash, 100))).toBe(
      'JOB_SOURCE_UNAVAILABLE: Cannot read the policy file. The operation was aborted due to timeout',
    )
  })
})
