import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dataPolicyAbi } from '@licen/sdk'
import { decodeFunctionData, encodeFunctionResult, type Hex, zeroHash } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createChain } from './createChain.js'

const root = `0x${'ab'.repeat(32)}` as Hex
const written = {
  royaltyPerEpoch: 5n,
  maxEpochsPerJob: 3,
  maxActiveJobsPerRequester: 2,
  sessionTtl: 3600,
  expiry: 0,
  allowedPurposes: 1,
  attestationPolicy: zeroHash,
}
const unwritten = { ...written, royaltyPerEpoch: 0n, maxEpochsPerJob: 0, maxActiveJobsPerRequester: 0 }

/** getPolicy calls seen by the fake RPC, as `version`. */
const calls: number[] = []
let server: Server
let rpcUrl: string

beforeAll(async () => {
  // A JSON-RPC endpoint that answers `eth_call` to getPolicy: version 1 is written, later versions are not.
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      const parsed = JSON.parse(body) as
        | { id: number; params: [{ data: Hex }] }
        | { id: number; params: [{ data: Hex }] }[]
      const answer = (call: { id: number; params: [{ data: Hex }] }) => {
        const { args } = decodeFunctionData({ abi: dataPolicyAbi, data: call.params[0].data })
        const version = Number((args as [Hex, number])[1])
        calls.push(version)
        const result = encodeFunctionResult({
          abi: dataPolicyAbi,
          functionName: 'getPolicy',
          result: version === 1 ? written : unwritten,
        })
        return { jsonrpc: '2.0', id: call.id, result }
      }
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const chain = () =>
  createChain({
    rpcUrl,
    chainId: 31337,
    dataPolicy: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    privateKey: `0x${'11'.repeat(32)}`,
    timeoutMs: 5_000,
    receiptPollingMs: 50,
    transactionTimeoutMs: 5_000,
  })

describe('createChain.readPolicy', () => {
  test('behavior: a written policy version is read from chain once, then served from memory', async () => {
    calls.length = 0
    const c = chain()
    const first = await c.readPolicy(root, 1)
    const again = await Promise.all([c.readPolicy(root, 1), c.readPolicy(`0x${'AB'.repeat(32)}`, 1)])
    expect(first).toEqual(written)
    expect(again).toEqual([written, written])
    expect(calls).toEqual([1])
  })

  test('behavior: a version not written yet (all zeros) is read again each time', async () => {
    calls.length = 0
    const c = chain()
    expect(await c.readPolicy(root, 2)).toEqual(unwritten)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await c.readPolicy(root, 2)).toEqual(unwritten)
    expect(calls).toEqual([2, 2])
  })
})
