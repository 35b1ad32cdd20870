import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deployFakeFlow, startFakeZerogNetwork } from '@licen/sdk/zerog-fake'
import { type AnvilChain, type DataPolicyChain, startAnvilChain, startDataPolicyChain } from '@licen/testing'
import { getAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createNetworkStorage, readNetwork } from '../network.js'
import { runCliCaptured } from '../testing/runCliCaptured.js'

// `--network <preset>` on the chain commands, and `licen app-config`.
let devnet: AnvilChain
let galileo: DataPolicyChain
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-cli-network-'))
  devnet = await startAnvilChain()
  galileo = await startDataPolicyChain({ chainId: 16_602 })
}, 60_000)
afterAll(async () => {
  await devnet?.stop()
  await galileo?.stop()
  await rm(dir, { recursive: true, force: true })
})

const cli = (...argv: string[]) => runCliCaptured(argv, dir)

const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
// anvil's dev account 1 (public test key).
const ANVIL_KEY_1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

describe('--network', () => {
  test('default: the preset names the chain; an RPC override of the same chain id reaches the contract', async () => {
    // A job id that does not exist: the answer comes from the contract the flags name, on the preset's chain.
    expect(
      await cli(
        'status',
        '7',
        '--network',
        'galileo',
        '--rpc',
        galileo.rpcUrl,
        '--contract',
        galileo.dataPolicy,
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: 'licen status: CLI_JOB_STATE: No such job. (job 7)\n',
    })
  })

  test('error: a preset with no recorded deployment asks for the contract before any RPC call', async () => {
    expect(await cli('status', '1', '--network', 'galileo')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'licen status: CLI_NO_DEPLOYMENT: No LICEN deployment is recorded for galileo. (pass --contract <address> or --deployment <file> (or --config))\n',
    })
  })

  test('error: an RPC that serves another chain than the preset is refused', async () => {
    expect(
      await cli('status', '1', '--network', 'galileo', '--rpc', devnet.rpcUrl, '--contract', CONTRACT),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'licen status: CLI_CHAIN_MISMATCH: The RPC node serves another chain than preset galileo names. (RPC chain 31337, expected 16602)\n',
    })
  })

  test('error: an unknown preset; the devnet dev accounts stay off a 0G preset', async () => {
    expect(await cli('status', '1', '--network', 'sepolia')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen status: CLI_USAGE: --network must be one of devnet, galileo, mainnet.\n',
    })
    expect(
      await cli(
        'download',
        '1',
        '--out',
        'out',
        '--dev-account',
        '1',
        '--network',
        'galileo',
        '--rpc',
        galileo.rpcUrl,
        '--contract',
        galileo.dataPolicy,
      ),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr: 'licen download: CLI_USAGE: --dev-account is only for the local devnet (chain 31337).\n',
    })
  })
})

describe('storage of a network', () => {
  test('default: a preset names its storage; --storage (a LICEN storage node) wins', async () => {
    const values = { network: 'galileo', rpc: galileo.rpcUrl, contract: galileo.dataPolicy }
    expect((await readNetwork(dir, values)).storage).toEqual({
      backend: 'zerog',
      indexerUrl: 'https://indexer-storage-testnet-turbo.0g.ai',
      flowAddress: '0x22E03a6A89B950F1c82ec5e74F8eCa321a105296',
    })
    expect((await readNetwork(dir, { ...values, storage: 'http://127.0.0.1:4001/' })).storage).toEqual({
      backend: 'local',
      url: 'http://127.0.0.1:4001',
    })
    const devnetValues = { network: 'devnet', rpc: devnet.rpcUrl, contract: CONTRACT }
    expect((await readNetwork(dir, devnetValues)).storage).toEqual({
      backend: 'local',
      url: 'http://127.0.0.1:4001',
    })
  })

  test('behavior: a config with 0G storage uploads (the account pays the Flow) and downloads through 0G', async () => {
    const flow = await deployFakeFlow(devnet.wallet(0), devnet.publicClient, 1_000n)
    const zerog = await startFakeZerogNetwork({ publicClient: devnet.publicClient, flowAddress: flow })
    try {
      await writeFile(
        join(dir, 'zerog.json'),
        JSON.stringify({
          chain: { id: 31_337, rpcUrl: devnet.rpcUrl },
          dataPolicy: { address: CONTRACT, deploymentBlock: 0 },
          storage: { backend: 'zerog', url: zerog.indexerUrl, flowAddress: flow },
        }),
      )
      const network = await readNetwork(dir, { config: 'zerog.json' })
      expect(network.storage).toEqual({
        backend: 'zerog',
        indexerUrl: zerog.indexerUrl,
        flowAddress: getAddress(flow),
      })
      const account = privateKeyToAccount(ANVIL_KEY_1)
      const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 251)
      const storage = createNetworkStorage(network, { account, workers: 0 })
      const { root, size } = await storage.upload(bytes)
      expect([size, zerog.txs.length]).toEqual([300_000, 1])
      const read = createNetworkStorage(network, { workers: 0 })
      expect(new Uint8Array(await new Response(await read.download(root)).arrayBuffer())).toEqual(bytes)
    } finally {
      await zerog.close()
    }
  })

  test('error: no storage named', async () => {
    const network = await readNetwork(dir, { rpc: devnet.rpcUrl, contract: CONTRACT })
    expect(() => createNetworkStorage(network)).toThrow(
      'Say where storage is: --storage <url>, --config or --network.',
    )
  })
})

describe('licen app-config', () => {
  const services = [
    '--indexer',
    'https://indexer.example/graphql',
    '--orchestrator',
    'https://orchestrator.example/',
    '--policies',
    'https://app.example/policies',
  ]

  test('default: galileo with its deployment from flags, validated and normalised by the app', async () => {
    const result = await cli(
      'app-config',
      '--json',
      '--network',
      'galileo',
      '--data-policy',
      '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      '--deployment-block',
      '1234',
      ...services,
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      network: 'galileo',
      config: {
        chain: {
          id: 16_602,
          name: '0G Galileo Testnet',
          rpcUrl: 'https://evmrpc-testnet.0g.ai',
          nativeCurrency: { name: '0G', symbol: '0G', decimals: 18 },
          explorerUrl: 'https://chainscan-galileo.0g.ai',
        },
        dataPolicy: { address: CONTRACT, deploymentBlock: 1234 },
        indexerUrl: 'https://indexer.example/graphql',
        storage: {
          backend: 'zerog',
          url: 'https://indexer-storage-testnet-turbo.0g.ai',
          flowAddress: '0x22E03a6A89B950F1c82ec5e74F8eCa321a105296',
        },
        orchestratorUrl: 'https://orchestrator.example',
        attestationPoliciesUrl: 'https://app.example/policies',
        devWallet: false,
      },
    })
  })

  test('args: --out writes the file, and refuses to overwrite it without --force', async () => {
    const argv = [
      'app-config',
      '--network',
      'devnet',
      '--data-policy',
      CONTRACT,
      '--deployment-block',
      '0',
      '--dev-wallet',
      ...services,
      '--out',
      'config.json',
    ]
    expect(await cli(...argv)).toEqual({
      code: 0,
      stdout: "Wrote config.json: the app's config for devnet (chain 31337).\n",
      stderr: '',
    })
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toMatchObject({
      chain: { id: 31_337, name: 'LICEN devnet', rpcUrl: 'http://127.0.0.1:8545' },
      storage: { backend: 'local', url: 'http://127.0.0.1:4001' },
      devWallet: true,
    })
    const again = await cli(...argv)
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `licen app-config: CLI_OUTPUT_UNWRITABLE: Cannot write the config file. (${join(dir, 'config.json')}: EEXIST (--force overwrites))\n`,
    })
    expect((await cli(...argv, '--force')).code).toBe(0)
  })

  test('error: what the app refuses, and a preset without a deployment', async () => {
    expect(
      await cli(
        'app-config',
        '--network',
        'mainnet',
        '--data-policy',
        CONTRACT,
        '--deployment-block',
        '1',
        '--dev-wallet',
        ...services,
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'licen app-config: CONFIG_INVALID: The network configuration (config.json) is invalid. (devWallet: devWallet is only allowed on the local devnet (chain id 31337))\n',
    })
    expect(await cli('app-config', '--network', 'galileo', ...services)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'licen app-config: CLI_NO_DEPLOYMENT: No LICEN deployment is recorded for galileo. (pass --data-policy <address> --deployment-block <n>)\n',
    })
  })
})
