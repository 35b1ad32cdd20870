import { bytesToHex, keccak256, slice, zeroAddress, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ChainFixture, startChainFixture } from '../../test/chainFixture.js'
import { createChainReader } from './createChainReader.js'

let fixture: ChainFixture
beforeAll(async () => {
  fixture = await startChainFixture()
}, 60_000)
afterAll(async () => {
  await fixture?.stop()
})

const resultPubKey = `0x02${'ab'.repeat(32)}` as const
const datasetRoot = `0x${'42'.repeat(32)}` as const

describe('createChainReader', () => {
  test('default', async () => {
    const reader = createChainReader({
      rpcUrl: fixture.rpcUrl,
      chainId: fixture.chainId,
      dataPolicy: fixture.dataPolicy,
    })
    await reader.assertChain()
    await fixture.registerDataset(datasetRoot)
    const jobId = await fixture.requestAccess(datasetRoot, 2, resultPubKey)
    const job = await reader.getJob(jobId)
    expect(job).toMatchObject({
      jobId,
      datasetRoot,
      providerId: 1,
      epochs: 2,
      state: 'Granted',
      enclaveSigner: zeroAddress,
      resultKeyTag: slice(keccak256(resultPubKey), 0, 12),
      attestationRef: zeroHash,
    })
    const policy = `0x${'aa'.repeat(32)}` as const
    await fixture.allowPolicy(policy)
    const signer = privateKeyToAccount(`0x${'01'.padStart(64, '0')}`).address
    await fixture.startJob(jobId, signer, keccak256(bytesToHex(new Uint8Array([1]))), policy)
    expect(await reader.getJob(jobId)).toMatchObject({ state: 'Running', enclaveSigner: signer })
    expect(await reader.getJob(999n)).toMatchObject({ state: 'None' })
  })

  test('behavior: orchestrator role, cached', async () => {
    let now = 0
    const reader = createChainReader({
      rpcUrl: fixture.rpcUrl,
      chainId: fixture.chainId,
      dataPolicy: fixture.dataPolicy,
      now: () => now,
    })
    expect(await reader.isOrchestrator(fixture.orchestrator.address)).toBe(true)
    expect(await reader.isOrchestrator(zeroAddress)).toBe(false)
    await fixture.setOrchestrator(fixture.orchestrator.address, false)
    now = 14_999
    expect(await reader.isOrchestrator(fixture.orchestrator.address)).toBe(true)
    now = 15_001
    expect(await reader.isOrchestrator(fixture.orchestrator.address)).toBe(false)
    await fixture.setOrchestrator(fixture.orchestrator.address, true)
  })

  test('error: another chain id', async () => {
    const reader = createChainReader({ rpcUrl: fixture.rpcUrl, chainId: 1, dataPolicy: fixture.dataPolicy })
    await expect(reader.assertChain()).rejects.toMatchObject({
      code: 'CHAIN_ID_MISMATCH',
      details: `configured 1, RPC reports ${fixture.chainId}`,
    })
  })

  test('error: unreachable RPC, without the URL in the error', async () => {
    const reader = createChainReader({
      rpcUrl: 'http://user:secret@127.0.0.1:1',
      chainId: 31337,
      dataPolicy: fixture.dataPolicy,
      timeoutMs: 1000,
    })
    const error = await reader.getJob(1n).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error).toMatchObject({ code: 'CHAIN_UNAVAILABLE' })
    expect(
      JSON.stringify({ message: error?.message, details: (error as { details?: string }).details }),
    ).not.toContain('secret')
  })
})
