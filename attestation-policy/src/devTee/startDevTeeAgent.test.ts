import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { DstackClient } from '@phala/dstack-sdk'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { DEV_NOW, testBinding } from '../../test/devEvidence.js'
import { packageText } from '../../test/fixtures.js'
import { fetchCollateral } from '../collateral/fetchCollateral.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { devMockRootCa } from './mockPki.js'
import { type DevTeeAgent, startDevTeeAgent } from './startDevTeeAgent.js'

const local = parsePolicyJson(packageText('policies/local.json'))
let agent: DevTeeAgent
let stateDir: string

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'licen-dev-tee-'))
  agent = await startDevTeeAgent({ port: 0, stateDir, now: () => DEV_NOW })
})

afterAll(async () => {
  await agent.close()
  await rm(stateDir, { recursive: true, force: true })
})

/** The unmodified SDK client, reaching the agent the way provider code does: DSTACK_SIMULATOR_ENDPOINT. */
function client(): DstackClient {
  vi.stubEnv('DSTACK_SIMULATOR_ENDPOINT', agent.url)
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  try {
    return new DstackClient()
  } finally {
    warn.mockRestore()
    vi.unstubAllEnvs()
  }
}

const post = (path: string, body: string, method = 'POST') =>
  fetch(`${agent.url}${path}`, { method, body: method === 'POST' ? body : undefined })

describe('startDevTeeAgent', () => {
  test("default: DstackClient.getQuote evidence passes the local policy with collateral from the agent's PCCS", async () => {
    const reportData = testBinding('nonce-agent')
    const quote = await client().getQuote(reportData)
    expect(quote.report_data).toBe(bytesToHex(reportData))
    const collateral = await fetchCollateral({ pccsUrl: agent.url, quote: hexToBytes(quote.quote) })
    expect(collateral).toEqual(agent.tee.collateral())
    const verdict = await verifyEvidence(
      { quote: hexToBytes(quote.quote), eventLog: quote.event_log },
      local,
      {
        collateral,
        now: DEV_NOW,
        expectedReportData: reportData,
        devMockRootCa: devMockRootCa(),
      },
    )
    expect(verdict.ok).toBe(true)
    // The SDK's own replay agrees with ours on honest logs (it is no check: it trusts the digest fields).
    expect(quote.replayRtmrs()[3]).toBe(agent.tee.rtmr3())
  })

  test('behavior: Info reports the identity RTMR3 records', async () => {
    const info = await client().info()
    expect(info).toMatchObject({
      app_id: agent.tee.appId,
      instance_id: agent.tee.instanceId,
      compose_hash: local.composeHashes[0],
      os_image_hash: local.measurements[0]!.osImageHash,
      key_provider_info: JSON.stringify({ name: 'dev-mock', id: agent.tee.keyProviderId }),
    })
    expect(info.tcb_info).toMatchObject({ mrtd: local.measurements[0]!.mrtd, rtmr3: agent.tee.rtmr3() })
    expect(info.tcb_info.event_log.length).toBe(12)
  })

  test('behavior: GetKey returns a key with a dstack-shaped signature chain up to the dev KMS root', async () => {
    const { key, signature_chain } = await client().getKey('provider/identity', 'signing')
    expect(key.length).toBe(32)
    const derived = bytesToHex(secp256k1.getPublicKey(key, true))
    const recover = (signature: Uint8Array, message: Uint8Array) =>
      secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact')
        .addRecoveryBit(signature[64]!)
        .recoverPublicKey(keccak_256(message))
        .toBytes(true)
    const appKey = recover(signature_chain[0]!, utf8ToBytes(`signing:${derived}`))
    const root = recover(
      signature_chain[1]!,
      concatBytes(utf8ToBytes('dstack-kms-issued:'), hexToBytes(agent.tee.appId), appKey),
    )
    expect(bytesToHex(root)).toBe(agent.tee.keyProviderId)
    const again = await client().getKey('provider/identity', 'signing')
    expect(bytesToHex(again.key)).toBe(bytesToHex(key))
  })

  test('behavior: EmitEvent extends RTMR3 and later quotes still verify', async () => {
    await client().emitEvent('licen-provider-started', 'v1')
    const reportData = testBinding('after-emit')
    const quote = await client().getQuote(reportData)
    const verdict = await verifyEvidence(
      { quote: hexToBytes(quote.quote), eventLog: quote.event_log },
      local,
      {
        collateral: agent.tee.collateral(),
        now: DEV_NOW,
        expectedReportData: reportData,
        devMockRootCa: devMockRootCa(),
      },
    )
    expect(verdict.ok).toBe(true)
    expect(JSON.parse(quote.event_log).at(-1)).toMatchObject({
      event: 'licen-provider-started',
      event_payload: '7631',
    })
  })

  test.each([
    ['/GetQuote', `{"report_data":"${'00'.repeat(65)}"}`, 'POST', 400],
    ['/GetQuote', '{not json', 'POST', 400],
    ['/GetKey', '{"algorithm":"ed25519"}', 'POST', 400],
    ['/EmitEvent', '{"event":"compose-hash","payload":"00"}', 'POST', 400],
    ['/Nope', '{}', 'POST', 404],
    ['/Info', '', 'GET', 405],
    ['/GetQuote', 'x'.repeat(70_000), 'POST', 413],
    ['/tdx/certification/v4/tcb?fmspc=000000000000', '', 'GET', 404],
  ])('error: %s %s → %i', async (path, body, method, status) => {
    const response = await post(path, body, method)
    expect(response.status).toBe(status)
    expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string')
  })

  test('behavior: a restart on the same state dir keeps instance id and root; the state file is 0600', async () => {
    const again = await startDevTeeAgent({ port: 0, stateDir, now: () => DEV_NOW })
    try {
      expect(again.tee.instanceId).toBe(agent.tee.instanceId)
      expect(again.rootCaSha256).toBe(local.trustAnchor.rootCaSha256)
    } finally {
      await again.close()
    }
    const file = join(stateDir, 'dev-tee-state.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual([
      'version',
      'pkiSeed',
      'instanceId',
    ])
  })

  test('error: the state dir refuses another PKI seed', async () => {
    await expect(startDevTeeAgent({ port: 0, stateDir, pkiSeed: new Uint8Array(32) })).rejects.toThrow(
      'The dev TEE state dir was created with another PKI seed.',
    )
  })

  test('error: late headers and a trickled body get 408 and the socket closes (#17 item 1)', async () => {
    const quick = await startDevTeeAgent({
      port: 0,
      stateDir,
      httpLimits: { headersTimeoutMs: 200, requestTimeoutMs: 400 },
    })
    try {
      const raw = (head: string) =>
        new Promise<{ status: string; ms: number }>((resolve) => {
          const started = Date.now()
          let text = ''
          const socket = connect(quick.port, '127.0.0.1', () => socket.write(head))
          socket.on('data', (data) => {
            text += data.toString()
          })
          socket.on('error', () => {})
          socket.on('close', () =>
            resolve({ status: text.split('\r\n', 1)[0] ?? '', ms: Date.now() - started }),
          )
        })
      for (const head of [
        'POST /GetQuote HTTP/1.1\r\nHost: a\r\n',
        'POST /GetQuote HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{',
      ]) {
        const { status, ms } = await raw(head)
        expect(status).toBe('HTTP/1.1 408 Request Timeout')
        expect(ms).toBeLessThan(2_000)
      }
    } finally {
      await quick.close()
    }
  })
})
