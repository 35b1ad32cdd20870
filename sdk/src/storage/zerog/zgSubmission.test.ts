import { calculatePrice, FixedPriceFlow__factory, MemData } from '@0gfoundation/0g-ts-sdk'
import { describe, expect, test } from 'vitest'
import { createZgRootHasher } from '../../zgRoot/createZgRootHasher.js'
import { prng, randomBytes } from '../../zgRoot/testing/randomBytes.js'
import { encodeFlowSubmit } from './submitToFlow.js'
import { zgStorageFee, zgSubmission } from './zgSubmission.js'

const submitter = '0x70997970c51812dc3a010c7d01b50e20d17dc79c'

async function digestOf(bytes: Uint8Array) {
  const hasher = await createZgRootHasher()
  await hasher.update(bytes)
  return hasher.digest()
}

describe('zgSubmission', () => {
  test('default: nodes, fee and calldata equal the 0G SDK for sizes across padding boundaries', async () => {
    const random = prng(7)
    const sizes = [1, 256, 257, 4096 + 1, 17 * 256, 1024 * 256 + 1, 3 * 262_144 + 5]
    for (let i = 0; i < 8; i++) sizes.push(1 + Math.floor(random() * 2_000_000))
    for (const size of sizes) {
      const bytes = randomBytes(size, size)
      const digest = await digestOf(bytes)
      const [expected, error] = await new MemData(bytes).createSubmission('0x', submitter)
      expect(error).toBeNull()
      const ours = zgSubmission(digest, { submitter })
      expect(ours.data.length).toBe(BigInt(expected!.data.length))
      expect(ours.data.nodes.map((n) => [n.root, Number(n.height)])).toEqual(
        expected!.data.nodes.map((n) => [n.root, Number(n.height)]),
      )
      expect(zgStorageFee(digest.nodes, 3n)).toBe(calculatePrice(expected!, 3n))
      const sdkCalldata = FixedPriceFlow__factory.createInterface().encodeFunctionData('submit', [expected!])
      expect(encodeFlowSubmit(ours)).toBe(sdkCalldata)
    }
  }, 120_000)

  test('behavior: fee is price × Σ 2^height', () => {
    expect(zgStorageFee([{ height: 6 }, { height: 4 }], 10n)).toBe(800n)
    expect(zgStorageFee([{ height: 40n }], 1n)).toBe(1n << 40n)
    expect(zgStorageFee([], 5n)).toBe(0n)
  })

  test('args: tags are carried into the submission', async () => {
    const digest = await digestOf(new Uint8Array([1]))
    expect(zgSubmission(digest, { submitter, tags: '0xabcd' }).data).toEqual({
      length: 1n,
      tags: '0xabcd',
      nodes: [{ root: digest.root, height: 0n }],
    })
  })
})
