import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dataPolicyAbi } from '@licen/sdk'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import type { Address, Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCliCaptured } from '../testing/runCliCaptured.js'

// The deployment operations after `deploy:chain`: policy register/revoke, orchestrator allow/revoke/status,
// provider register/update/show and deployment show, on a local devnet chain and on a chain with galileo's id.
let devnet: DataPolicyChain
let galileo: DataPolicyChain
let dir: string

const policies = fileURLToPath(new URL('../../../attestation-policy/policies/', import.meta.url))
// attestation-policy/policies/hashes.json
const LOCAL = '0xb74eacf8862a0d13b5fb30f0d0a306350dc8e4021f66159319b2e1ee8cc15329'
const LOCAL_ORCHESTRATOR = '0x85670c8bf571376416556c580abe4d1804479a4c48fba2d3acf1ca73eefec64b'
const PRODUCTION = '0x236fefc37a63b8e743d3351097fa1093c3dcf638e18fbd1687d01c8310a76e52'
// anvil's public dev accounts 0 (the contract owner), 1, 2, 3 and 4.
const OWNER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const ACCOUNT_2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const ACCOUNT_3 = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const OWNER_KEY = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
// DataPolicy as anvil account 0's first deployment (on both chains).
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const TX = expect.stringMatching(/^0x[0-9a-f]{64}$/)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-cli-deployment-'))
  devnet = await startDataPolicyChain({ chainId: 31337 })
  galileo = await startDataPolicyChain({ chainId: 16_602 })
  for (const chain of [devnet, galileo])
    await writeFile(
      join(dir, `${chain.chainId}.json`),
      JSON.stringify({
        chainId: chain.chainId,
        address: chain.dataPolicy,
        blockNumber: Number(chain.deployment.blockNumber),
      }),
    )
  await writeFile(join(dir, 'owner.key'), `0x${OWNER_KEY}\n`)
}, 60_000)
afterAll(async () => {
  await devnet?.stop()
  await galileo?.stop()
  await rm(dir, { recursive: true, force: true })
})

const cli = (...argv: string[]) => runCliCaptured(argv, dir)
const json = async (...argv: string[]) => {
  const { code, stdout, stderr } = await cli(...argv, '--json')
  return { code, out: JSON.parse(stdout), stderr }
}
const onDevnet = () => ['--rpc', devnet.rpcUrl, '--deployment', '31337.json']
const onGalileo = () => ['--network', 'galileo', '--rpc', galileo.rpcUrl, '--deployment', '16602.json']
const read = <T>(chain: DataPolicyChain, functionName: string, args: readonly unknown[]) =>
  chain.publicClient.readContract({
    address: chain.dataPolicy,
    abi: dataPolicyAbi,
    functionName,
    args,
  } as never) as Promise<T>
const onChainPolicy = async (chain: DataPolicyChain, hash: Hex) => [
  await read<boolean>(chain, 'isAttestationPolicyAllowed', [hash]),
  await read<number>(chain, 'attestationPolicyRole', [hash]),
]
const lastPolicyEvent = async (chain: DataPolicyChain, hash: Hex) =>
  (
    await chain.publicClient.getContractEvents({
      address: chain.dataPolicy,
      abi: dataPolicyAbi,
      eventName: 'AttestationPolicySet',
      args: { policyHash: hash },
      fromBlock: 0n,
      strict: true,
    })
  ).at(-1)?.args

describe('licen deployment show', () => {
  test('default: a fresh deployment has its owner, no fee, no provider and no release key', async () => {
    expect(await json('deployment', 'show', ...onDevnet())).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        chainId: 31337,
        contract: CONTRACT,
        owner: OWNER,
        pendingOwner: null,
        protocolFee: { feeBps: 0, treasury: null },
        providers: 0,
        releaseKeys: 0,
        currentReleaseKey: null,
      },
    })
    expect(await cli('deployment', 'show', ...onDevnet())).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        `DataPolicy ${CONTRACT} on chain 31337`,
        `  owner         ${OWNER}`,
        '  protocol fee  0 bps',
        '  providers     0',
        '  release keys  0',
        '  current key   none',
        '',
      ].join('\n'),
    })
  })
})

describe('licen policy', () => {
  test('default: the owner allows the provider and orchestrator policy files with their roles', async () => {
    const uri = 'http://127.0.0.1:5173/policies/local.json'
    expect(
      await json(
        'policy',
        'register',
        join(policies, 'local.json'),
        '--uri',
        uri,
        '--dev-account',
        '0',
        ...onDevnet(),
      ),
    ).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'register',
        policyHash: LOCAL,
        name: 'local',
        version: 1,
        role: 'provider',
        allowed: true,
        uri,
        transactionHash: TX,
      },
    })
    expect(await onChainPolicy(devnet, LOCAL)).toEqual([true, 1])
    expect(await lastPolicyEvent(devnet, LOCAL)).toEqual({ policyHash: LOCAL, allowed: true, uri, role: 1 })

    const text = await cli(
      'policy',
      'register',
      join(policies, 'local-orchestrator.json'),
      '--uri',
      'http://127.0.0.1:5173/policies/local-orchestrator.json',
      '--dev-account',
      '0',
      ...onDevnet(),
    )
    expect(text).toEqual({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(
        new RegExp(
          `^attestation policy local-orchestrator v1 \\(orchestrator\\) ${LOCAL_ORCHESTRATOR} allowed, published at http://127\\.0\\.0\\.1:5173/policies/local-orchestrator\\.json \\(tx 0x[0-9a-f]{64}\\)\\n$`,
        ),
      ),
    })
    expect(await onChainPolicy(devnet, LOCAL_ORCHESTRATOR)).toEqual([true, 2])
  })

  test('behavior: revoke keeps the role and the URI the chain has, and disallows the hash', async () => {
    expect(await json('policy', 'revoke', LOCAL, '--dev-account', '0', ...onDevnet())).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'revoke',
        policyHash: LOCAL,
        role: 'provider',
        allowed: false,
        wasAllowed: true,
        uri: 'http://127.0.0.1:5173/policies/local.json',
        transactionHash: TX,
      },
    })
    expect(await onChainPolicy(devnet, LOCAL)).toEqual([false, 1])
    expect(await lastPolicyEvent(devnet, LOCAL)).toEqual({
      policyHash: LOCAL,
      allowed: false,
      uri: 'http://127.0.0.1:5173/policies/local.json',
      role: 1,
    })
  })

  test('error: a hash the chain already holds with another role is the decoded revert; nothing changes', async () => {
    // Only a tool other than `licen policy` can set a hash with a role its file does not name.
    const hash = await devnet.wallet(0).writeContract({
      address: devnet.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'setAttestationPolicy',
      args: [PRODUCTION, false, 'https://example.org/p.json', 2],
    })
    await devnet.publicClient.waitForTransactionReceipt({ hash })
    const { code, out } = await json(
      'policy',
      'register',
      join(policies, 'production.template.json'),
      '--uri',
      'https://example.org/production.template.json',
      '--dev-account',
      '0',
      ...onDevnet(),
    )
    expect([code, out]).toEqual([
      1,
      {
        ok: false,
        error: {
          code: 'DATA_POLICY_INVALID_POLICY_ROLE',
          message: 'DataPolicy reverted: DataPolicy__InvalidPolicyRole.',
          details: `${PRODUCTION}, 2, 1`,
        },
      },
    ])
    expect(await onChainPolicy(devnet, PRODUCTION)).toEqual([false, 2])
  })

  test('error: an account other than the owner is refused with the decoded revert', async () => {
    expect(
      await cli(
        'policy',
        'register',
        join(policies, 'local.json'),
        '--uri',
        'http://127.0.0.1:5173/policies/local.json',
        '--dev-account',
        '1',
        ...onDevnet(),
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: `licen policy: DATA_POLICY_NOT_ADMIN: DataPolicy reverted: OwnableUnauthorizedAccount. (${ACCOUNT_1})\n`,
    })
    expect(await onChainPolicy(devnet, LOCAL)).toEqual([false, 1])
  })

  test('error: a file that is not a valid policy, a missing file, an unknown hash, usage', async () => {
    const local = JSON.parse(await readFile(join(policies, 'local.json'), 'utf8'))
    await writeFile(join(dir, 'not-a-policy.json'), JSON.stringify({ ...local, role: 'verifier' }))
    const register = (file: string) =>
      json(
        'policy',
        'register',
        file,
        '--uri',
        'http://127.0.0.1:9/p.json',
        '--dev-account',
        '0',
        ...onDevnet(),
      )
    expect(await register('not-a-policy.json')).toEqual({
      code: 1,
      stderr: '',
      out: {
        ok: false,
        error: {
          code: 'POLICY_INVALID',
          message: 'The attestation policy is invalid.',
          details: 'role: Invalid option: expected one of "provider"|"orchestrator"',
        },
      },
    })
    const missing = join(dir, 'missing.json')
    expect(await register('missing.json')).toEqual({
      code: 1,
      stderr: '',
      out: {
        ok: false,
        error: {
          code: 'CLI_INPUT_UNREADABLE',
          message: 'Cannot read the policy file.',
          details: `${missing}: ENOENT: no such file or directory, open '${missing}'`,
        },
      },
    })
    const unknown = `0x${'ab'.repeat(32)}`
    expect(await json('policy', 'revoke', unknown, '--dev-account', '0', ...onDevnet())).toEqual({
      code: 1,
      stderr: '',
      out: {
        ok: false,
        error: {
          code: 'CLI_POLICY_UNKNOWN',
          message: 'The chain has never set this attestation policy.',
          details: unknown,
        },
      },
    })
    expect(
      await cli('policy', 'register', join(policies, 'local.json'), ...onDevnet(), '--dev-account', '0'),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen policy: CLI_USAGE: --uri <url> is required.\n',
    })
    expect((await cli('policy', 'allow', LOCAL)).code).toBe(2)
    expect((await cli('policy', '--help')).stdout).toMatch(
      /^Allow an attestation policy file on chain, or revoke a hash \(contract owner\)\n\nUsage: licen policy register <policy\.json> --uri <url> /,
    )
  })
})

describe('licen orchestrator', () => {
  test('default: the owner grants the role, status reads it, revoke takes it back', async () => {
    const status = () => json('orchestrator', 'status', ACCOUNT_2, ...onDevnet())
    expect((await status()).out).toEqual({
      ok: true,
      action: 'status',
      address: ACCOUNT_2,
      orchestrator: false,
    })
    expect(
      await json('orchestrator', 'allow', ACCOUNT_2.toLowerCase(), '--dev-account', '0', ...onDevnet()),
    ).toEqual({
      code: 0,
      stderr: '',
      out: { ok: true, action: 'allow', address: ACCOUNT_2, orchestrator: true, transactionHash: TX },
    })
    expect(await read<boolean>(devnet, 'isOrchestrator', [ACCOUNT_2])).toBe(true)
    expect(await cli('orchestrator', 'status', ACCOUNT_2, ...onDevnet())).toEqual({
      code: 0,
      stderr: '',
      stdout: `${ACCOUNT_2} holds the orchestrator role\n`,
    })
    const revoked = await cli('orchestrator', 'revoke', ACCOUNT_2, '--dev-account', '0', ...onDevnet())
    expect(revoked.stdout).toMatch(
      new RegExp(`^orchestrator role revoked from ${ACCOUNT_2} \\(tx 0x[0-9a-f]{64}\\)\\n$`),
    )
    expect(await read<boolean>(devnet, 'isOrchestrator', [ACCOUNT_2])).toBe(false)
  })

  test('error: a non-owner is refused; a bad address is usage', async () => {
    expect((await json('orchestrator', 'allow', ACCOUNT_2, '--dev-account', '1', ...onDevnet())).out).toEqual(
      {
        ok: false,
        error: {
          code: 'DATA_POLICY_NOT_ADMIN',
          message: 'DataPolicy reverted: OwnableUnauthorizedAccount.',
          details: ACCOUNT_1,
        },
      },
    )
    expect(await read<boolean>(devnet, 'isOrchestrator', [ACCOUNT_2])).toBe(false)
    expect(await cli('orchestrator', 'allow', '0x1234', '--dev-account', '0', ...onDevnet())).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen orchestrator: CLI_USAGE: The orchestrator must be an address.\n',
    })
  })
})

describe('licen provider', () => {
  test('default: the operator registers provider 1 with its endpoint and price', async () => {
    expect(
      await json(
        'provider',
        'register',
        '--endpoint',
        'http://127.0.0.1:8600',
        '--price',
        '0.001',
        '--dev-account',
        '3',
        ...onDevnet(),
      ),
    ).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'register',
        providerId: 1,
        operator: ACCOUNT_3,
        endpoint: 'http://127.0.0.1:8600',
        pricePerEpoch: '1000000000000000',
        active: true,
        transactionHash: TX,
      },
    })
    expect(await read(devnet, 'getProvider', [1])).toEqual({
      operator: ACCOUNT_3,
      active: true,
      pricePerEpoch: 1_000_000_000_000_000n,
      endpoint: 'http://127.0.0.1:8600',
    })
  })

  test('behavior: update changes what is given and keeps the rest; show reads it', async () => {
    const updated = await cli(
      'provider',
      'update',
      '1',
      '--price',
      '0.0025',
      '--dev-account',
      '3',
      ...onDevnet(),
    )
    expect(updated.stdout).toMatch(
      new RegExp(
        `^provider 1 updated\\n  endpoint http://127\\.0\\.0\\.1:8600\\n  price    0\\.0025 per epoch \\(2500000000000000 wei\\)\\n  operator ${ACCOUNT_3}\\n  tx       0x[0-9a-f]{64}\\n$`,
      ),
    )
    expect(await json('provider', 'show', '1', ...onDevnet())).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'show',
        providerId: 1,
        operator: ACCOUNT_3,
        endpoint: 'http://127.0.0.1:8600',
        pricePerEpoch: '2500000000000000',
        active: true,
      },
    })
  })

  test('error: another account cannot update it; bad amounts and unknown ids', async () => {
    expect(
      (await json('provider', 'update', '1', '--price', '1', '--dev-account', '4', ...onDevnet())).out,
    ).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_NOT_PROVIDER_OPERATOR',
        message: 'DataPolicy reverted: DataPolicy__NotProviderOperator.',
        details: '1, 0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      },
    })
    expect((await json('provider', 'show', '7', ...onDevnet())).out).toEqual({
      ok: false,
      error: { code: 'DATA_POLICY_UNKNOWN_PROVIDER', message: 'No provider is registered under this id.' },
    })
    for (const price of ['-1', '0.0000000000000000001', '1e3', '79228162515'])
      expect(
        (
          await json(
            'provider',
            'register',
            '--endpoint',
            'http://127.0.0.1:8600',
            '--price',
            price,
            '--dev-account',
            '3',
            ...onDevnet(),
          )
        ).code,
      ).toBe(2)
    expect(await read<number>(devnet, 'nextProviderId', [])).toBe(2)
  })
})

describe('off the devnet (chain 16602 as --network galileo)', () => {
  test('default: the owner (key file) allows the production policy template at an https URI', async () => {
    const uri = 'https://policies.example.org/production.template.json'
    const { code, out } = await json(
      'policy',
      'register',
      join(policies, 'production.template.json'),
      '--uri',
      uri,
      '--account-key-file',
      'owner.key',
      ...onGalileo(),
    )
    expect([code, out]).toEqual([
      0,
      {
        ok: true,
        action: 'register',
        policyHash: PRODUCTION,
        name: 'production-template',
        version: 1,
        role: 'provider',
        allowed: true,
        uri,
        transactionHash: TX,
      },
    ])
    expect(await onChainPolicy(galileo, PRODUCTION)).toEqual([true, 1])
  })

  test('error: a dev-mock policy, plain http, the dev accounts and another chain are refused before sending', async () => {
    const key = ['--account-key-file', 'owner.key']
    expect(
      await cli(
        'policy',
        'register',
        join(policies, 'local.json'),
        '--uri',
        'https://x.example/local.json',
        ...key,
        ...onGalileo(),
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'licen policy: CLI_DEV_POLICY_OFF_DEVNET: A development (dev-mock) policy is for the local devnet only. (local on chain 16602)\n',
    })
    expect(
      await cli(
        'provider',
        'register',
        '--endpoint',
        'http://provider.example',
        '--price',
        '0.001',
        ...key,
        ...onGalileo(),
      ),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'licen provider: CLI_USAGE: --endpoint must be an https URL off the local devnet. (chain 16602)\n',
    })
    expect(await cli('orchestrator', 'allow', ACCOUNT_2, '--dev-account', '0', ...onGalileo())).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen orchestrator: CLI_USAGE: --dev-account is only for the local devnet (chain 31337).\n',
    })
    expect(
      await cli(
        'orchestrator',
        'allow',
        ACCOUNT_2,
        ...key,
        '--network',
        'galileo',
        '--rpc',
        devnet.rpcUrl,
        '--contract',
        devnet.dataPolicy,
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'licen orchestrator: CLI_CHAIN_MISMATCH: The RPC node serves another chain than preset galileo names. (RPC chain 31337, expected 16602)\n',
    })
    expect(await onChainPolicy(galileo, LOCAL)).toEqual([false, 0])
    expect(await read<boolean>(galileo, 'isOrchestrator', [ACCOUNT_2])).toBe(false)
    expect(await read<boolean>(devnet, 'isOrchestrator', [ACCOUNT_2])).toBe(false)
  })
})

describe('after the steps', () => {
  test('behavior: deployment show names the provider count and the current release key', async () => {
    const publicKey = `0x02${'a7'.repeat(32)}` as Hex
    const evidenceRef = `0x${'e1'.repeat(32)}` as Hex
    const hash = await devnet.wallet(0).writeContract({
      address: devnet.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'registerReleaseKey',
      args: [publicKey, evidenceRef, LOCAL_ORCHESTRATOR],
    })
    await devnet.publicClient.waitForTransactionReceipt({ hash })
    expect((await json('deployment', 'show', ...onDevnet())).out).toEqual({
      ok: true,
      chainId: 31337,
      contract: CONTRACT,
      owner: OWNER,
      pendingOwner: null,
      protocolFee: { feeBps: 0, treasury: null },
      providers: 1,
      releaseKeys: 1,
      currentReleaseKey: { keyId: 1, publicKey, policyHash: LOCAL_ORCHESTRATOR, evidenceRef },
    })
    expect((await cli('deployment', 'show', ...onDevnet())).stdout.split('\n').slice(3, 6)).toEqual([
      '  providers     1',
      '  release keys  1',
      `  current key   1 ${publicKey} (policy ${LOCAL_ORCHESTRATOR})`,
    ])
  })

  test('error: a receipt not seen within --timeout names the transaction', async () => {
    const request = devnet.publicClient.request as (args: {
      method: string
      params: unknown[]
    }) => Promise<unknown>
    await request({ method: 'evm_setAutomine', params: [false] })
    try {
      const { code, out } = await json(
        'orchestrator',
        'allow',
        ACCOUNT_2,
        '--timeout',
        '1',
        '--dev-account',
        '0',
        ...onDevnet(),
      )
      expect([code, out]).toEqual([
        1,
        {
          ok: false,
          error: {
            code: 'CHAIN_TIMEOUT',
            message: expect.stringMatching(/^Transaction 0x[0-9a-f]{64} was not mined in time\.$/),
            details: 'waited 1 s for setOrchestrator; it may still be mined: look it up before sending again',
          },
        },
      ])
      expect(await read<boolean>(devnet, 'isOrchestrator', [ACCOUNT_2 as Address])).toBe(false)
    } finally {
      await request({ method: 'evm_setAutomine', params: [true] })
    }
    await request({ method: 'evm_mine', params: [] })
    expect(await read<boolean>(devnet, 'isOrchestrator', [ACCOUNT_2])).toBe(true)
  })
})

describe('licen deployment fee|transfer-ownership|accept-ownership', () => {
  const fee = () => read<readonly [number, Address]>(devnet, 'protocolFee', [])
  const owners = async () => [
    await read<Address>(devnet, 'owner', []),
    await read<Address>(devnet, 'pendingOwner', []),
  ]

  test('default: the owner sets the protocol fee and its treasury', async () => {
    expect(
      await json(
        'deployment',
        'fee',
        '250',
        '--treasury',
        ACCOUNT_3.toLowerCase(),
        '--dev-account',
        '0',
        ...onDevnet(),
      ),
    ).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'fee',
        chainId: 31337,
        contract: CONTRACT,
        protocolFee: { feeBps: 250, treasury: ACCOUNT_3 },
        transactionHash: TX,
      },
    })
    expect(await fee()).toEqual([250, ACCOUNT_3])
    const text = await cli(
      'deployment',
      'fee',
      '0',
      '--treasury',
      ACCOUNT_2,
      '--dev-account',
      '0',
      ...onDevnet(),
    )
    expect(text.stdout).toMatch(
      new RegExp(`^protocol fee set to 0 bps to ${ACCOUNT_2} \\(tx 0x[0-9a-f]{64}\\)\\n$`),
    )
    expect(await fee()).toEqual([0, ACCOUNT_2])
    expect((await cli('deployment', 'show', ...onDevnet())).stdout.split('\n')[2]).toBe(
      `  protocol fee  0 bps to ${ACCOUNT_2}`,
    )
  })

  test('error: a fee over the cap, a non-owner, usage: nothing changes', async () => {
    expect(
      (await json('deployment', 'fee', '1001', '--treasury', ACCOUNT_3, '--dev-account', '0', ...onDevnet()))
        .out,
    ).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_INVALID_FEE',
        message: 'DataPolicy reverted: DataPolicy__InvalidFee.',
        details: '1001',
      },
    })
    expect(
      (await json('deployment', 'fee', '100', '--treasury', ACCOUNT_3, '--dev-account', '1', ...onDevnet()))
        .out,
    ).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_NOT_ADMIN',
        message: 'DataPolicy reverted: OwnableUnauthorizedAccount.',
        details: ACCOUNT_1,
      },
    })
    expect(await fee()).toEqual([0, ACCOUNT_2])
    expect(await cli('deployment', 'fee', '100', '--dev-account', '0', ...onDevnet())).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^licen deployment: CLI_USAGE: --treasury <address> must be an address\. /,
      ),
    })
    expect(await cli('deployment', 'fee', '10001', '--treasury', ACCOUNT_3, '--dev-account', '0')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen deployment: CLI_USAGE: The fee must be whole basis points from 0 to 10000.\n',
    })
    expect(await cli('deployment', 'show', '--dev-account', '0', ...onDevnet())).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen deployment: CLI_USAGE: deployment show takes no --dev-account.\n',
    })
  })

  test('behavior: ownership moves in two steps, and only the pending owner can accept', async () => {
    expect(
      await json('deployment', 'transfer-ownership', ACCOUNT_1, '--dev-account', '0', ...onDevnet()),
    ).toEqual({
      code: 0,
      stderr: '',
      out: {
        ok: true,
        action: 'transfer-ownership',
        chainId: 31337,
        contract: CONTRACT,
        owner: OWNER,
        pendingOwner: ACCOUNT_1,
        transactionHash: TX,
      },
    })
    expect(await owners()).toEqual([OWNER, ACCOUNT_1])
    expect((await cli('deployment', 'show', ...onDevnet())).stdout.split('\n')[1]).toBe(
      `  owner         ${OWNER} (transfer pending to ${ACCOUNT_1})`,
    )
    expect((await json('deployment', 'accept-ownership', '--dev-account', '2', ...onDevnet())).out).toEqual({
      ok: false,
      error: {
        code: 'DATA_POLICY_NOT_ADMIN',
        message: 'DataPolicy reverted: OwnableUnauthorizedAccount.',
        details: ACCOUNT_2,
      },
    })
    const accepted = await cli('deployment', 'accept-ownership', '--dev-account', '1', ...onDevnet())
    expect(accepted.stdout).toMatch(
      new RegExp(`^${ACCOUNT_1} now owns DataPolicy ${CONTRACT} \\(tx 0x[0-9a-f]{64}\\)\\n$`),
    )
    expect(await owners()).toEqual([ACCOUNT_1, '0x0000000000000000000000000000000000000000'])
    // The former owner is no longer the admin.
    expect(
      (await json('deployment', 'fee', '5', '--treasury', ACCOUNT_3, '--dev-account', '0', ...onDevnet())).out
        .error,
    ).toMatchObject({ code: 'DATA_POLICY_NOT_ADMIN', details: OWNER })
    // And back, leaving the deployment as it was.
    expect(
      (await json('deployment', 'transfer-ownership', OWNER, '--dev-account', '1', ...onDevnet())).code,
    ).toBe(0)
    expect((await json('deployment', 'accept-ownership', '--dev-account', '0', ...onDevnet())).code).toBe(0)
    expect(await owners()).toEqual([OWNER, '0x0000000000000000000000000000000000000000'])
    expect(await cli('deployment', 'accept-ownership', 'extra', '--dev-account', '0')).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        /^licen deployment: CLI_USAGE: deployment accept-ownership takes no argument\. /,
      ),
    })
  })
})
