import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, getAddress, http, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, anvilPrivateKeys, startAnvil } from './anvil.js'
import { deployDataPolicy } from './deploy.js'
import { formatDeployment, writeDeployment } from './deployment.js'
import { ContractsError } from './errors.js'
import { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'

let anvil: Anvil
let dir: string

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31_338 })
  dir = mkdtempSync(join(tmpdir(), 'licen-deployments-'))
})

afterAll(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('deployDataPolicy', () => {
  test('default: deploys with the deployer as owner and reports the receipt', async () => {
    const deployment = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[1] })
    const client = createPublicClient({ transport: http(anvil.rpcUrl) })
    const receipt = await client.getTransactionReceipt({ hash: deployment.transactionHash })
    expect(deployment).toEqual({
      chainId: 31_338,
      address: receipt.contractAddress,
      blockNumber: receipt.blockNumber,
      transactionHash: receipt.transactionHash,
      abiHash: dataPolicyAbiHash,
    })
    await expect(
      client.readContract({ address: deployment.address, abi: dataPolicyAbi, functionName: 'owner' }),
    ).resolves.toBe(privateKeyToAccount(anvilPrivateKeys[1]).address)
  })

  test('args: owner and deploymentsDir', async () => {
    const owner = privateKeyToAccount(anvilPrivateKeys[2]).address
    const deployment = await deployDataPolicy({
      rpcUrl: anvil.rpcUrl,
      privateKey: anvilPrivateKeys[1],
      owner,
      deploymentsDir: dir,
    })
    const client = createPublicClient({ transport: http(anvil.rpcUrl) })
    await expect(
      client.readContract({ address: deployment.address, abi: dataPolicyAbi, functionName: 'owner' }),
    ).resolves.toBe(owner)
    expect(deployment.deploymentFile).toBe(join(dir, '31338.json'))
    const written = JSON.parse(readFileSync(join(dir, '31338.json'), 'utf8'))
    expect(written).toEqual({
      abiHash: dataPolicyAbiHash,
      address: getAddress(deployment.address),
      blockNumber: Number(deployment.blockNumber),
      chainId: 31_338,
      transactionHash: deployment.transactionHash,
    })
  })
})

describe('formatDeployment', () => {
  test('default: sorted keys, checksummed address, no final newline', () => {
    expect(
      formatDeployment({
        chainId: 31_337,
        address: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
        blockNumber: 1,
        transactionHash: `0x${'11'.repeat(32)}`,
        abiHash: `0x${'22'.repeat(32)}`,
      }),
    ).toMatchInlineSnapshot(`
      "{
        "abiHash": "0x2222222222222222222222222222222222222222222222222222222222222222",
        "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "blockNumber": 1,
        "chainId": 31337,
        "transactionHash": "0x1111111111111111111111111111111111111111111111111111111111111111"
      }"
    `)
  })

  test('behavior: the ABI hash is keccak256 of the compact ABI JSON', () => {
    const json = readFileSync(join(import.meta.dirname, 'generated/dataPolicyAbi.json'), 'utf8')
    expect(json).toBe(JSON.stringify(dataPolicyAbi))
    expect(keccak256(toHex(json))).toBe(dataPolicyAbiHash)
  })
})

describe('writeDeployment', () => {
  test('error: DEPLOYMENT_WRITE_FAILED when the folder cannot be created', () => {
    const blocker = join(dir, 'not-a-dir')
    writeFileSync(blocker, 'x')
    const record = {
      chainId: 1,
      address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      blockNumber: 1,
      transactionHash: `0x${'11'.repeat(32)}`,
      abiHash: dataPolicyAbiHash,
    } as const
    let caught: unknown
    try {
      writeDeployment(join(blocker, 'deployments'), record)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ContractsError)
    expect((caught as ContractsError).code).toBe('DEPLOYMENT_WRITE_FAILED')
    expect((caught as ContractsError).message).toBe(
      `Cannot write the deployments file\n\nDetails: ${join(blocker, 'deployments', '1.json')}: ENOTDIR`,
    )
  })
})
