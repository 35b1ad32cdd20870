import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnvilChain, importGraph, startAnvilChain } from '@licen/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ChainTargetDefaults, resolveChainTarget } from './resolveChainTarget.js'

const CONTRACT = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
const CHECKSUMMED = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const configDefaults = { option: '--config', file: 'config.json', label: 'the config file' }

let anvil: AnvilChain
let dir: string
beforeAll(async () => {
  anvil = await startAnvilChain()
  dir = await mkdtemp(join(tmpdir(), 'licen-chain-target-'))
  await writeFile(
    join(dir, 'local.json'),
    JSON.stringify({ chainId: 31_337, address: CONTRACT, blockNumber: 12 }),
  )
  await writeFile(
    join(dir, 'galileo.json'),
    JSON.stringify({ chainId: 16_602, address: CONTRACT, blockNumber: 3 }),
  )
  await writeFile(join(dir, 'partial.json'), JSON.stringify({ address: CONTRACT }))
})
afterAll(async () => {
  await anvil?.stop()
  await rm(dir, { recursive: true, force: true })
})

const resolve = (values: Record<string, string>, defaults?: ChainTargetDefaults) =>
  resolveChainTarget({ cwd: dir, values, defaults })
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: { code: string; shortMessage: string; details?: string }) =>
      `${e.code}: ${e.shortMessage}${e.details ? ` (${e.details})` : ''}`,
  )

describe('resolveChainTarget', () => {
  test('default: --rpc and a deployment record (relative to cwd) name chain, contract and first block', async () => {
    const { client, ...target } = await resolve({ rpc: anvil.rpcUrl, deployment: 'local.json' })
    expect(target).toEqual({
      rpcUrl: anvil.rpcUrl,
      chainId: 31_337,
      contract: CHECKSUMMED,
      fromBlock: 12n,
      preset: undefined,
    })
    expect(await client.getChainId()).toBe(31_337)
  })

  test('args: --network devnet with an RPC override; --contract searches from block 0', async () => {
    const target = await resolve({ network: 'devnet', rpc: anvil.rpcUrl, contract: CONTRACT })
    expect([target.preset?.name, target.chainId, target.contract, target.fromBlock]).toEqual([
      'devnet',
      31_337,
      CHECKSUMMED,
      0n,
    ])
  })

  test('args: the defaults file comes after the flags and before the preset', async () => {
    const values = { rpcUrl: anvil.rpcUrl, chainId: 31_337, contract: CONTRACT, deploymentBlock: 7 }
    const target = await resolve({ network: 'devnet' }, { ...configDefaults, values })
    expect([target.rpcUrl, target.contract, target.fromBlock]).toEqual([anvil.rpcUrl, CHECKSUMMED, 7n])
  })

  test.each([
    [
      { network: 'sepolia' },
      undefined,
      'CHAIN_TARGET_USAGE: --network must be one of devnet, galileo, mainnet.',
    ],
    [
      {},
      undefined,
      'CHAIN_TARGET_USAGE: Say which chain: --network <name> or --rpc and --contract/--deployment.',
    ],
    [
      { rpc: 'http://127.0.0.1:9' },
      configDefaults,
      'CHAIN_TARGET_USAGE: Say which chain: --network <name>, --config <config.json>, or --rpc and --contract/--deployment.',
    ],
    [
      { network: 'galileo' },
      undefined,
      'CHAIN_TARGET_NO_DEPLOYMENT: No LICEN deployment is recorded for galileo. (pass --contract <address> or --deployment <file>)',
    ],
    [
      { network: 'galileo' },
      configDefaults,
      'CHAIN_TARGET_NO_DEPLOYMENT: No LICEN deployment is recorded for galileo. (pass --contract <address> or --deployment <file> (or --config))',
    ],
    [{ rpc: 'ws://x', contract: CONTRACT }, undefined, 'CHAIN_TARGET_USAGE: --rpc must be an http(s) URL.'],
    [
      { rpc: 'http://x', contract: '0x1234' },
      undefined,
      'CHAIN_TARGET_USAGE: --contract must be an address.',
    ],
    [
      { rpc: 'http://x', deployment: 'partial.json' },
      undefined,
      'CHAIN_TARGET_FILE_UNREADABLE: The deployment file is invalid. (chainId: Invalid input: expected number, received undefined; blockNumber: Invalid input: expected number, received undefined)',
    ],
  ])('error: %j (defaults %j) before any RPC call', async (values, defaults, expected) => {
    expect(await failure(resolve(values, defaults))).toBe(expected)
  })

  test('error: a missing deployment file names the path', async () => {
    expect(await failure(resolve({ rpc: 'http://x', deployment: 'none.json' }))).toMatch(
      /^CHAIN_TARGET_FILE_UNREADABLE: Cannot read the deployment file\. \(.*none\.json: ENOENT/,
    )
  })

  test('error: an RPC node that does not answer', async () => {
    expect(await failure(resolve({ rpc: 'http://127.0.0.1:9', contract: CONTRACT }))).toBe(
      'CHAIN_TARGET_RPC_UNAVAILABLE: The RPC node did not answer. (eth_chainId failed)',
    )
  })

  test('error: an RPC of another chain than the deployment record, the defaults file or the preset names', async () => {
    expect(await failure(resolve({ rpc: anvil.rpcUrl, deployment: 'galileo.json' }))).toBe(
      'CHAIN_TARGET_CHAIN_MISMATCH: The RPC node serves another chain than the deployment file names. (RPC chain 31337, expected 16602)',
    )
    const values = { rpcUrl: anvil.rpcUrl, chainId: 16_602, contract: CONTRACT, deploymentBlock: 0 }
    expect(await failure(resolve({}, { ...configDefaults, values }))).toBe(
      'CHAIN_TARGET_CHAIN_MISMATCH: The RPC node serves another chain than the config file names. (RPC chain 31337, expected 16602)',
    )
    expect(await failure(resolve({ network: 'galileo', rpc: anvil.rpcUrl, contract: CONTRACT }))).toBe(
      'CHAIN_TARGET_CHAIN_MISMATCH: The RPC node serves another chain than preset galileo names. (RPC chain 31337, expected 16602)',
    )
  })

  test('behavior: the browser entries never reach this Node-only module', () => {
    const src = join(import.meta.dirname, '..')
    for (const entry of ['index.ts', 'chain/index.ts', 'networks/index.ts'])
      expect(importGraph(src, entry).files.filter((file) => file.startsWith('chainTarget/'))).toEqual([])
  })
})
