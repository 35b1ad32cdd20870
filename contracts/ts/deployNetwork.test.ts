import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createPublicClient, getAddress, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, describe, expect, test } from 'vitest'
import { type Anvil, anvilPrivateKeys, startAnvil } from './anvil.js'
import { checkNetworkChain } from './checkNetworkChain.js'
import { formatDeployment } from './deployment.js'
import { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'
import { licenNetworks } from './networks.js'

// scripts/deploy.ts against a preset: a dry run on anvil started with the preset's chain id, and the refusal when
// the RPC serves another chain.
const root = join(import.meta.dirname, '..')
const testDir = `deployments/.test-network-${process.pid}`
const anvils: Anvil[] = []
const deployer = privateKeyToAccount(anvilPrivateKeys[4]).address
const owner = privateKeyToAccount(anvilPrivateKeys[5]).address
const orchestrator = privateKeyToAccount(anvilPrivateKeys[6]).address

afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()))
  rmSync(join(root, testDir), { recursive: true, force: true })
})

/** Runs the package's deploy entry as an operator would, with only this configuration in the environment. */
function deploy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DEPLOYMENTS_DIR: testDir,
    DEPLOYER_PRIVATE_KEY: anvilPrivateKeys[4],
    OWNER: owner,
    ORCHESTRATOR: orchestrator,
  }
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules/.bin/tsx'),
      ['scripts/deploy.ts', ...args],
      { cwd: root, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
  })
}

async function startChain(chainId: number) {
  const anvil = await startAnvil({ chainId })
  anvils.push(anvil)
  return { anvil, client: createPublicClient({ transport: http(anvil.rpcUrl) }) }
}

describe('deploy:chain --network', () => {
  test('default: galileo on an anvil with chain id 16602 deploys and records the deployment', async () => {
    const { anvil, client } = await startChain(16_602)
    const result = await deploy(['--network', 'galileo', '--rpc', anvil.rpcUrl])
    expect(result.code, result.stderr.slice(-2000)).toBe(0)
    const line = JSON.parse(result.stdout.trim()) as Record<string, unknown>
    const receipt = await client.getTransactionReceipt({ hash: line.transactionHash as `0x${string}` })
    expect(line).toEqual({
      network: 'galileo',
      chainId: 16_602,
      address: getAddress(receipt.contractAddress!),
      blockNumber: Number(receipt.blockNumber),
      transactionHash: receipt.transactionHash,
      deploymentFile: `${testDir}/16602.json`,
    })
    expect(receipt.from).toBe(deployer.toLowerCase())
    expect(readFileSync(join(root, testDir, '16602.json'), 'utf8')).toBe(
      formatDeployment({
        chainId: 16_602,
        address: receipt.contractAddress!,
        blockNumber: Number(receipt.blockNumber),
        transactionHash: receipt.transactionHash,
        abiHash: dataPolicyAbiHash,
      }),
    )
    const read = (functionName: string, args: unknown[] = []) =>
      client.readContract({
        address: receipt.contractAddress!,
        abi: dataPolicyAbi,
        functionName,
        args,
      } as never)
    await expect(read('pendingOwner')).resolves.toBe(owner)
    await expect(read('isOrchestrator', [orchestrator])).resolves.toBe(true)
  })

  test('error: an RPC that serves another chain is refused before any transaction', async () => {
    const { anvil, client } = await startChain(31_337)
    const result = await deploy(['--network', 'galileo', '--rpc', anvil.rpcUrl])
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'deploy: DEPLOY_CHAIN_MISMATCH: preset galileo is chain 16602, the RPC reports 31337\n',
    })
    expect(await client.getBlockNumber()).toBe(0n)
    expect(await client.getTransactionCount({ address: deployer })).toBe(0)
    expect(existsSync(join(root, testDir, '31337.json'))).toBe(false)
  })

  test('error: an unknown network is a usage error', async () => {
    expect(await deploy(['--network', 'sepolia'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'deploy: DEPLOY_USAGE: Unknown network "sepolia". (usage: deploy:chain [--network <devnet|galileo|mainnet>] [--rpc <url>])\n',
    })
  })
})

describe('checkNetworkChain', () => {
  test('error: an RPC that does not answer', async () => {
    const error = await checkNetworkChain({
      network: licenNetworks.mainnet,
      rpcUrl: 'http://127.0.0.1:9/',
      timeoutMs: 2_000,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'DEPLOY_RPC_UNAVAILABLE',
      shortMessage: 'The RPC did not answer eth_chainId.',
    })
  })
})
