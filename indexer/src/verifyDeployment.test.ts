import {
  type Anvil,
  anvilPrivateKeys,
  type DataPolicyDeployment,
  deployDataPolicy,
  startAnvil,
} from '@licen/contracts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Deployment } from './deployment.js'
import { verifyDeployment } from './verifyDeployment.js'

let anvil: Anvil
let deployed: DataPolicyDeployment
let deployment: Deployment

beforeAll(async () => {
  anvil = await startAnvil()
  deployed = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[0] })
  deployment = { ...deployed, abiHash: undefined }
}, 30_000)

afterAll(async () => {
  await anvil?.stop()
})

describe('verifyDeployment', () => {
  test('default: returns the hash of the deployment block', async () => {
    const block = (await await fetch(anvil.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBlockByNumber', params: ['0x1', false] }),
    }).then((r) => r.json())) as { result: { hash: string } }
    expect(await verifyDeployment({ rpcUrl: anvil.rpcUrl, deployment })).toEqual({
      blockHash: block.result.hash,
    })
  })

  test('error: another chain id fails with CHAIN_MISMATCH', async () => {
    await expect(
      verifyDeployment({ rpcUrl: anvil.rpcUrl, deployment: { ...deployment, chainId: 16602 } }),
    ).rejects.toMatchObject({
      code: 'CHAIN_MISMATCH',
      details: 'deployment chain 16602, RPC chain 31337',
    })
  })

  test('error: an unknown deployment transaction fails with DEPLOYMENT_NOT_ON_CHAIN', async () => {
    const transactionHash = `0x${'ab'.repeat(32)}` as const
    await expect(
      verifyDeployment({ rpcUrl: anvil.rpcUrl, deployment: { ...deployment, transactionHash } }),
    ).rejects.toMatchObject({
      code: 'DEPLOYMENT_NOT_ON_CHAIN',
      details: `transaction ${transactionHash} not found`,
    })
  })

  test('error: a wrong address or block fails with DEPLOYMENT_NOT_ON_CHAIN', async () => {
    const address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
    await expect(
      verifyDeployment({ rpcUrl: anvil.rpcUrl, deployment: { ...deployment, address, blockNumber: 7n } }),
    ).rejects.toMatchObject({
      code: 'DEPLOYMENT_NOT_ON_CHAIN',
      details: `transaction ${deployed.transactionHash} created ${deployed.address.toLowerCase()} in block 1, file says ${address} in block 7`,
    })
  })

  test('error: an unreachable RPC fails with RPC_UNREACHABLE and does not quote the URL', async () => {
    const rpcUrl = 'http://127.0.0.1:1/secret-key'
    const error = await verifyDeployment({ rpcUrl, deployment, timeoutMs: 500 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'RPC_UNREACHABLE', details: 'eth_chainId: HttpRequestError' })
    expect(String(error)).not.toContain('secret-key')
    expect((error as Error).cause).toBeUndefined()
  })
})
