import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createPublicClient, type Hash, http, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, describe, expect, test } from 'vitest'
import { type Anvil, anvilPrivateKeys, startAnvil } from './anvil.js'
import { formatDeployment } from './deployment.js'
import { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'

// script/Deploy.s.sol end to end: broadcast against anvil, then record() writes the deployments file.
const root = join(import.meta.dirname, '..')
const forge = join(root, 'bin/forge')
const testDir = `deployments/.test-${process.pid}`
const run = promisify(execFile)
const anvils: Anvil[] = []

afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()))
  rmSync(join(root, testDir), { recursive: true, force: true })
})

/** Runs the two script steps with only the given configuration in the environment. */
async function deployWithScript(rpcUrl: string, config: Record<string, string>): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DEPLOYMENTS_DIR: testDir,
    ...config,
  }
  const options = { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }
  await run(forge, ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--broadcast', '--slow'], options)
  await run(forge, ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--sig', 'record()'], options)
  return join(root, testDir)
}

async function checkRecord(anvil: Anvil, chainId: number) {
  const text = readFileSync(join(root, testDir, `${chainId}.json`), 'utf8')
  const record = JSON.parse(text) as { address: `0x${string}`; transactionHash: Hash }
  const client = createPublicClient({ transport: http(anvil.rpcUrl) })
  const receipt = await client.getTransactionReceipt({ hash: record.transactionHash })
  expect(receipt.contractAddress?.toLowerCase()).toBe(record.address.toLowerCase())
  // Byte for byte what the TS writer produces for the same receipt.
  expect(text).toBe(
    formatDeployment({
      chainId,
      address: receipt.contractAddress!,
      blockNumber: Number(receipt.blockNumber),
      transactionHash: receipt.transactionHash,
      abiHash: dataPolicyAbiHash,
    }),
  )
  return { client, address: record.address }
}

describe('script/Deploy.s.sol', () => {
  test('default: on anvil everything defaults to the first dev account', async () => {
    const anvil = await startAnvil()
    anvils.push(anvil)
    await deployWithScript(anvil.rpcUrl, {})
    const { client, address } = await checkRecord(anvil, 31_337)
    const deployer = privateKeyToAccount(anvilPrivateKeys[0]).address
    const read = (functionName: string, args: unknown[] = []) =>
      client.readContract({ address, abi: dataPolicyAbi, functionName, args } as never)
    await expect(read('owner')).resolves.toBe(deployer)
    await expect(read('pendingOwner')).resolves.toBe('0x0000000000000000000000000000000000000000')
    await expect(read('isOrchestrator', [deployer])).resolves.toBe(true)
  })

  test('args: a configured chain with owner, orchestrator and attestation policy', async () => {
    const anvil = await startAnvil({ chainId: 16_661 })
    anvils.push(anvil)
    const owner = privateKeyToAccount(anvilPrivateKeys[5]).address
    const orchestrator = privateKeyToAccount(anvilPrivateKeys[6]).address
    const policyHash = stringToHex('licen/script/policy', { size: 32 })
    await deployWithScript(anvil.rpcUrl, {
      DEPLOYER_PRIVATE_KEY: anvilPrivateKeys[4],
      OWNER: owner,
      ORCHESTRATOR: orchestrator,
      ATTESTATION_POLICY_HASH: policyHash,
      ATTESTATION_POLICY_URI: 'ipfs://policy',
    })
    const { client, address } = await checkRecord(anvil, 16_661)
    const read = (functionName: string, args: unknown[] = []) =>
      client.readContract({ address, abi: dataPolicyAbi, functionName, args } as never)
    await expect(read('owner')).resolves.toBe(privateKeyToAccount(anvilPrivateKeys[4]).address)
    await expect(read('pendingOwner')).resolves.toBe(owner)
    await expect(read('isOrchestrator', [orchestrator])).resolves.toBe(true)
    await expect(read('isAttestationPolicyAllowed', [policyHash])).resolves.toBe(true)
  })

  test('error: a configured chain refuses to run without its configuration', async () => {
    const anvil = await startAnvil({ chainId: 16_661 })
    anvils.push(anvil)
    await expect(deployWithScript(anvil.rpcUrl, {})).rejects.toThrow(/DEPLOYER_PRIVATE_KEY/)
  })
})
