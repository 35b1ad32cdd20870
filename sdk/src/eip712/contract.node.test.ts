// Compares our EIP-712 digests with the deployed DataPolicy contract's own hash* views (anvil).
import { dataPolicyAbi, dataPolicyTypes } from '@licen/contracts/abi'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import { type Hex, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashEpochReceipt } from './epochReceipt.js'
import { encodeFailureReason, hashFailureReport } from './failureReport.js'
import { hashResultManifest } from './resultManifest.js'
import { type DataPolicyDomain, dataPolicyDomain } from './types.js'

let chain: DataPolicyChain
let domain: DataPolicyDomain

beforeAll(async () => {
  chain = await startDataPolicyChain()
  domain = dataPolicyDomain({ chainId: chain.chainId, verifyingContract: chain.dataPolicy })
})

afterAll(async () => {
  await chain?.stop()
})

// Deterministic pseudo-random values (xorshift) so a failure is reproducible.
let seed = 0x2545f491n
function random(bits: number): bigint {
  let out = 0n
  for (let i = 0; i < bits; i += 32) {
    seed ^= (seed << 13n) & 0xffffffffn
    seed ^= seed >> 17n
    seed ^= (seed << 5n) & 0xffffffffn
    out = (out << 32n) | seed
  }
  return out & ((1n << BigInt(bits)) - 1n)
}
const bytes32 = (): Hex => toHex(random(256), { size: 32 })
/** A message's fields in the order of its EIP-712 type, which is the order the contract's hash* view takes them. */
const argsOf = (type: keyof typeof dataPolicyTypes, message: Record<string, unknown>) =>
  dataPolicyTypes[type].map(({ name }) => message[name]) as never
const ROUNDS = 16

describe('EIP-712 digests equal the contract', () => {
  test('default: hashResultManifest', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const manifest = {
        jobId: i === 0 ? 2n ** 256n - 1n : random(64),
        datasetRoot: bytes32(),
        resultRoot: bytes32(),
        codeHash: bytes32(),
        attestationRef: bytes32(),
        actualEpochs: i === 0 ? 65_535 : Number(random(16)),
        receiptsHead: i === 1 ? (`0x${'00'.repeat(32)}` as Hex) : bytes32(),
      }
      const onChain = await chain.publicClient.readContract({
        address: chain.dataPolicy,
        abi: dataPolicyAbi,
        functionName: 'hashResultManifest',
        args: argsOf('ResultManifest', manifest),
      })
      expect(hashResultManifest(domain, manifest)).toBe(onChain)
    }
  })

  test('default: hashEpochReceipt', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const receipt = {
        jobId: random(32),
        epoch: Number(random(16)),
        samples: i === 0 ? 2n ** 64n - 1n : random(64),
        lossMicro: random(40),
        adapterHash: bytes32(),
        prevReceipt: bytes32(),
      }
      const onChain = await chain.publicClient.readContract({
        address: chain.dataPolicy,
        abi: dataPolicyAbi,
        functionName: 'hashEpochReceipt',
        args: argsOf('EpochReceipt', receipt),
      })
      expect(hashEpochReceipt(domain, receipt)).toBe(onChain)
    }
  })

  test('default: hashFailureReport', async () => {
    for (const code of ['TRAINING_FAILED', 'ATTESTATION_REJECTED', 'A', 'X'.repeat(32)]) {
      const report = { jobId: random(48), reason: encodeFailureReason(code) }
      const onChain = await chain.publicClient.readContract({
        address: chain.dataPolicy,
        abi: dataPolicyAbi,
        functionName: 'hashFailureReport',
        args: argsOf('FailureReport', report),
      })
      expect(hashFailureReport(domain, report)).toBe(onChain)
    }
  })
})
