import { describe, expect, test } from 'vitest'
import { publisherMatchesOwner } from './publisherMatchesOwner.js'

const owner = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('publisherMatchesOwner', () => {
  test('default', () => {
    expect(publisherMatchesOwner({ publisher: { address: owner } }, owner)).toBe(true)
  })

  test('behavior: address case does not matter', () => {
    expect(publisherMatchesOwner({ publisher: { address: owner.toLowerCase() } }, owner)).toBe(true)
  })

  test('behavior: another publisher than the owner', () => {
    const squatter = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
    expect(publisherMatchesOwner({ publisher: { address: owner } }, squatter)).toBe(false)
  })
})
