import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPolicyAbi } from '@licen/sdk'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  cli,
  orchestratorHash,
  policyDir,
  providerHash,
  type ReleaseKeyChain,
  startReleaseKeyChain,
} from '../testing/releaseKeyChain.js'

// The contract owner's release-key operations: `register` verifies the key an orchestrator serves (its recorded
// `GET /v1/release-key` answer, served here, with dev-TEE evidence in the test's storage node) before sending
// registerReleaseKey; `retire` and `revoke` change its status on chain.
let env: ReleaseKeyChain
let chain: DataPolicyChain
let server: Server
let orchestratorUrl: string
/** What the recorded orchestrator answers at `GET /v1/release-key`. */
let served: unknown

/** The compressed public key of a private key (33 bytes). */
function compressed(privateKey: Hex): Hex {
  const uncompressed = privateKeyToAccount(privateKey).publicKey
  const odd = Number.parseInt(uncompressed.slice(-2), 16) % 2 === 1
  return `0x${odd ? '03' : '02'}${uncompressed.slice(4, 68)}`
}
const KEY_V1 = compressed(`0x${'11'.repeat(32)}`)
const KEY_V2 = compressed(`0x${'22'.repeat(32)}`)
const KEY_V3 = compressed(`0x${'33'.repeat(32)}`)
const OTHER_CONTRACT = '0x000000000000000000000000000000000000dEaD'
const ACCOUNT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const TX = expect.stringMatching(/^0x[0-9a-f]{64}$/)

type View = { version: number; publicKey: Hex; evidenceRef: Hex | null; keyId: number | null; status: string }
/** The orchestrator's answer: the current key (the last of `keys`) first, then every key held. */
function answer(keys: View[], overrides: Record<string, unknown> = {}) {
  const current = keys.at(-1)!
  return {
    ...current,
    source: 'dstack',
    chainId: 31337,
    dataPolicy: chain.dataPolicy.toLowerCase(),
    attestation: { quote: 'ab'.repeat(5000), eventLog: '[]', reportData: `0x${'00'.repeat(64)}` },
    keys,
    ...overrides,
  }
}
const binding = (publicKey: Hex, dataPolicy: Hex = chain.dataPolicy) => ({
  chainId: 31337,
  dataPolicy,
  publicKey,
})
const keyOnChain = (keyId: number) =>
  chain.publicClient.readContract({
    address: chain.dataPolicy,
    abi: dataPolicyAbi,
    functionName: 'getReleaseKey',
    args: [keyId],
  })
const nextKeyId = () =>
  chain.publicClient.readContract({
    address: chain.dataPolicy,
    abi: dataPolicyAbi,
    functionName: 'nextReleaseKeyId',
  })
const network = () => [...env.network(), '--orchestrator', orchestratorUrl]
const json = async (...argv: string[]) => {
  const { code, stdout, stderr } = await cli(...argv, '--json')
  return { code, out: JSON.parse(stdout), stderr }
}

beforeAll(async () => {
  env = await startReleaseKeyChain('licen-release-key-admin-')
  chain = env.chain
  server = createServer((request, response) => {
    if (request.url !== '/v1/release-key') {
      response.statusCode = 404
      response.end()
      return
    }
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify(served))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  orchestratorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 120_000)

afterAll(async () => {
  server?.close()
  await env?.stop()
})

describe('licen release-key register', () => {
  let v1: View
  test('default: the owner registers the orchestrator current key after verifying its evidence', async () => {
    const evidenceRef = await env.storeEvidence(binding(KEY_V1))
    v1 = { version: 1, publicKey: KEY_V1, evidenceRef, keyId: null, status: 'Unregistered' }
    served = answer([v1])
    const { code, out, stderr } = await json('release-key', 'register', '--dev-account', '0', ...network())
    expect([code, stderr]).toEqual([0, ''])
    expect({ ...out, checks: out.checks.length }).toEqual({
      ok: true,
      action: 'register',
      keyId: 1,
      version: 1,
      publicKey: KEY_V1,
      evidenceRef,
      policyHash: orchestratorHash,
      status: 'Active',
      policy: { name: 'local-orchestrator', version: 1, trustAnchor: 'dev-mock' },
      checks: 21,
      transactionHash: TX,
    })
    expect(out.checks.every((check: { status: string }) => check.status === 'pass')).toBe(true)
    expect(out.checks[0]).toEqual({
      id: 'key',
      status: 'pass',
      reason: 'v1 is unregistered; it registers as key 1',
    })
    expect(await keyOnChain(1)).toMatchObject({
      publicKey: KEY_V1,
      evidenceRef,
      policyHash: orchestratorHash,
      status: 1,
    })
    // What a sealer then checks of the registered key.
    expect((await cli('release-key', ...env.network(), '--key-id', '1')).code).toBe(0)
  })

  test('error: evidence that binds another contract or another key is refused; nothing is sent', async () => {
    const otherContract = await env.storeEvidence(binding(KEY_V2, OTHER_CONTRACT))
    served = answer([
      { ...v1, keyId: 1, status: 'Active' },
      { version: 2, publicKey: KEY_V2, evidenceRef: otherContract, keyId: null, status: 'Unregistered' },
    ])
    const contract = chain.dataPolicy.toLowerCase()
    expect(await json('release-key', 'register', '--dev-account', '0', ...network())).toEqual({
      code: 1,
      stderr: '',
      out: {
        ok: false,
        error: {
          code: 'CLI_RELEASE_KEY_UNVERIFIED',
          message: 'Release key v2 does not verify: not registered.',
          details: expect.stringMatching(
            new RegExp(
              `^binding: BINDING_CONTRACT_MISMATCH evidence binds contract ${OTHER_CONTRACT.toLowerCase()}, not ${contract}; quote\\.reportData: REPORT_DATA_MISMATCH `,
            ),
          ),
        },
      },
    })
    // Evidence of key v1 served as v2's: its binding names another key.
    served = answer([
      { ...v1, keyId: 1, status: 'Active' },
      { version: 2, publicKey: KEY_V2, evidenceRef: v1.evidenceRef, keyId: null, status: 'Unregistered' },
    ])
    const { code, out } = await json('release-key', 'register', '--dev-account', '0', ...network())
    expect([code, out.error.code]).toEqual([1, 'CLI_RELEASE_KEY_UNVERIFIED'])
    expect(out.error.details).toMatch(
      new RegExp(`^binding: BINDING_KEY_MISMATCH evidence binds key ${KEY_V1}, not ${KEY_V2}; `),
    )
    // A provider-role policy is not one a release key can be registered under.
    const provider = await json(
      'release-key',
      'register',
      '--policy',
      providerHash,
      '--dev-account',
      '0',
      ...network(),
    )
    expect([provider.code, provider.out.error.code]).toEqual([1, 'CLI_RELEASE_KEY_UNVERIFIED'])
    expect(provider.out.error.details).toMatch(
      new RegExp(
        `^policyOnChain: POLICY_ROLE_MISMATCH policy ${providerHash} is allowed with role provider, not orchestrator; `,
      ),
    )
    expect(await nextKeyId()).toBe(2)
  })

  test('behavior: --version picks a held key; a non-owner is refused after the checks pass', async () => {
    const evidenceRef = await env.storeEvidence(binding(KEY_V2))
    const v2 = { version: 2, publicKey: KEY_V2, evidenceRef, keyId: null, status: 'Unregistered' }
    const v3 = { version: 3, publicKey: KEY_V3, evidenceRef: null, keyId: null, status: 'Unregistered' }
    served = answer([{ ...v1, keyId: 1, status: 'Active' }, v2, v3])
    expect(
      await cli('release-key', 'register', '--version', '2', '--dev-account', '1', ...network()),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: `licen release-key: DATA_POLICY_NOT_ADMIN: DataPolicy reverted: OwnableUnauthorizedAccount. (${ACCOUNT_1})\n`,
    })
    expect(await json('release-key', 'register', '--dev-account', '0', ...network())).toEqual({
      code: 1,
      stderr: '',
      out: {
        ok: false,
        error: {
          code: 'CLI_RELEASE_KEY_UNVERIFIED',
          message: 'Release key v3 does not verify: not registered.',
          details: 'evidence: EVIDENCE_MISSING the orchestrator publishes no evidence for it',
        },
      },
    })
    const text = await cli(
      'release-key',
      'register',
      '--version',
      '2',
      '--policy',
      orchestratorHash,
      '--dev-account',
      '0',
      ...network(),
    )
    expect(text.stdout.split('\n')).toEqual([
      `release key v2 registered as key 2 (Active) ${KEY_V2}`,
      `  evidence ${evidenceRef}`,
      `  policy   local-orchestrator v1 ${orchestratorHash}`,
      '  anchor   dev-mock: a development TEE anyone can forge (local devnet only)',
      '  checked  21 checks passed before registering',
      expect.stringMatching(/^ {2}tx {7}0x[0-9a-f]{64}$/),
      '',
    ])
    expect(await keyOnChain(2)).toMatchObject({ publicKey: KEY_V2, evidenceRef, status: 1 })
  })

  test('error: a registered key, a version not held, an answer for another contract', async () => {
    served = answer([{ ...v1, keyId: 1, status: 'Active' }])
    expect((await json('release-key', 'register', '--dev-account', '0', ...network())).out).toEqual({
      ok: false,
      error: {
        code: 'CLI_RELEASE_KEY_STATE',
        message: 'Release key v1 is registered already.',
        details: 'key 1 is Active on chain',
      },
    })
    expect(
      (await json('release-key', 'register', '--version', '9', '--dev-account', '0', ...network())).out,
    ).toEqual({
      ok: false,
      error: {
        code: 'CLI_RELEASE_KEY_UNAVAILABLE',
        message: 'The orchestrator holds no release key v9.',
        details: 'it holds v1',
      },
    })
    served = answer([v1], { dataPolicy: OTHER_CONTRACT.toLowerCase() })
    expect((await json('release-key', 'register', '--dev-account', '0', ...network())).out).toEqual({
      ok: false,
      error: {
        code: 'CLI_CHAIN_MISMATCH',
        message: 'The orchestrator serves another chain or contract.',
        details: `orchestrator: chain 31337 contract ${OTHER_CONTRACT.toLowerCase()}; here: chain 31337 contract ${chain.dataPolicy.toLowerCase()}`,
      },
    })
    served = { publicKey: KEY_V1 }
    expect(
      (await json('release-key', 'register', '--dev-account', '0', ...network())).out.error,
    ).toMatchObject({
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
      message: 'The orchestrator did not give its release keys.',
    })
    expect(await nextKeyId()).toBe(3)
  })
})

describe('licen release-key retire|revoke', () => {
  test('default: retire stops new seals, revoke stops releases; the chain records each', async () => {
    expect(await json('release-key', 'retire', '1', '--dev-account', '0', ...env.network())).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'retire',
        keyId: 1,
        publicKey: KEY_V1,
        status: 'Retired',
        wasStatus: 'Active',
        transactionHash: TX,
      },
    })
    expect((await keyOnChain(1)).status).toBe(2)
    const revoked = await cli('release-key', 'revoke', '1', '--dev-account', '0', ...env.network())
    expect(revoked).toEqual({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(
        new RegExp(
          `^release key 1 ${KEY_V1} revoked: nothing more is released with it \\(was Retired\\) \\(tx 0x[0-9a-f]{64}\\)\\n$`,
        ),
      ),
    })
    expect((await keyOnChain(1)).status).toBe(3)
  })

  test('error: a key in the wrong state, an unknown key, a non-owner, usage', async () => {
    expect((await json('release-key', 'retire', '1', '--dev-account', '0', ...env.network())).out).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_INVALID_RELEASE_KEY_STATUS',
        message: 'DataPolicy reverted: DataPolicy__InvalidReleaseKeyStatus.',
        details: '1, 3',
      },
    })
    expect((await json('release-key', 'revoke', '9', '--dev-account', '0', ...env.network())).out).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_UNKNOWN_RELEASE_KEY',
        message: 'No release key is registered as #9.',
      },
    })
    expect((await json('release-key', 'revoke', '2', '--dev-account', '1', ...env.network())).out).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_NOT_ADMIN',
        message: 'DataPolicy reverted: OwnableUnauthorizedAccount.',
        details: ACCOUNT_1,
      },
    })
    expect((await keyOnChain(2)).status).toBe(1)
    expect(await cli('release-key', 'retire', '0', '--dev-account', '0', ...env.network())).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^licen release-key: CLI_USAGE: The key id must be a number from 1 to 4294967295\. /,
      ),
    })
    expect(await cli('release-key', '--dev-account', '0', ...env.network())).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen release-key: CLI_USAGE: --dev-account is for release-key register, retire or revoke.\n',
    })
    expect(await cli('release-key', 'retire', '2', '--key-id', '2', '--dev-account', '0')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen release-key: CLI_USAGE: release-key retire takes no --key-id.\n',
    })
    expect(
      await cli('release-key', 'revoke', '2', '--policy', orchestratorHash, '--dev-account', '0'),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen release-key: CLI_USAGE: release-key revoke takes no --policy.\n',
    })
  })
})

describe('off the devnet (chain 16602 as --network galileo)', () => {
  test('error: dev-mock evidence is refused: the dev-mock anchor is trusted on chain 31337 only', async () => {
    const galileo = await startDataPolicyChain({ chainId: 16_602 })
    const dir = await mkdtemp(join(tmpdir(), 'licen-release-key-galileo-'))
    try {
      const allow = await galileo.wallet(0).writeContract({
        address: galileo.dataPolicy,
        abi: dataPolicyAbi,
        functionName: 'setAttestationPolicy',
        args: [orchestratorHash, true, 'https://policies.example.org/local-orchestrator.json', 2],
      })
      await galileo.publicClient.waitForTransactionReceipt({ hash: allow })
      const evidenceRef = await env.storeEvidence({
        chainId: 16_602,
        dataPolicy: galileo.dataPolicy,
        publicKey: KEY_V3,
      })
      served = answer([{ version: 1, publicKey: KEY_V3, evidenceRef, keyId: null, status: 'Unregistered' }], {
        chainId: 16_602,
        dataPolicy: galileo.dataPolicy.toLowerCase(),
      })
      await writeFile(
        join(dir, 'owner.key'),
        '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n',
      )
      const { code, out } = await json(
        'release-key',
        'register',
        '--network',
        'galileo',
        '--rpc',
        galileo.rpcUrl,
        '--contract',
        galileo.dataPolicy,
        '--storage',
        env.storageNode.url,
        '--policy-dir',
        policyDir,
        '--orchestrator',
        orchestratorUrl,
        '--account-key-file',
        join(dir, 'owner.key'),
      )
      expect([code, out.error.code, out.error.message]).toEqual([
        1,
        'CLI_RELEASE_KEY_UNVERIFIED',
        'Release key v1 does not verify: not registered.',
      ])
      expect(out.error.details).toBe(
        "quote.trustAnchor: TRUST_ANCHOR_MISSING the dev-mock anchor was asked for but this verifier was given no dev-mock root CA (production verifiers trust Intel's root only; the local devnet injects devMockRootCa() from @licen/attestation-policy/dev-tee)",
      )
      expect(
        await galileo.publicClient.readContract({
          address: galileo.dataPolicy,
          abi: dataPolicyAbi,
          functionName: 'nextReleaseKeyId',
        }),
      ).toBe(1)
    } finally {
      await galileo.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
