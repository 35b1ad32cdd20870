import { failureText } from '@licen/errors/testing'
import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { BaseError } from '../errors.js'
import { resolveReleaseKey } from './resolveReleaseKey.js'

const chainKey = `0x02${'a7'.repeat(32)}` as Hex
const evidenceRef = `0x${'e1'.repeat(32)}` as Hex
const attest = async () => ({ keyId: 4, publicKey: chainKey, evidenceRef })

describe('resolveReleaseKey', () => {
  test('default: the attested chain key, recorded with its id and evidence', async () => {
    expect(await resolveReleaseKey({ attestReleaseKey: attest })).toEqual({
      publicKey: chainKey,
      attested: { keyId: 4, publicKey: chainKey, evidenceRef },
    })
  })

  test('args: a served key equal to the chain key (any hex case) is accepted', async () => {
    const served = `0x02${'A7'.repeat(32)}` as Hex
    expect((await resolveReleaseKey({ attestReleaseKey: attest, releasePublicKey: served })).publicKey).toBe(
      chainKey,
    )
  })

  test('args: without a verifier, the given key is used unverified (no keyId)', async () => {
    expect(await resolveReleaseKey({ releasePublicKey: chainKey })).toEqual({
      publicKey: chainKey,
      attested: undefined,
    })
  })

  test('error: an orchestrator serving another key than the chain is refused', async () => {
    const served = `0x03${'b8'.repeat(32)}` as Hex
    expect(await failureText(resolveReleaseKey({ attestReleaseKey: attest, releasePublicKey: served }))).toBe(
      `PUBLISH_RELEASE_KEY_MISMATCH: The orchestrator serves another release key than the chain's attested one. served ${served}, chain key 4 is ${chainKey}`,
    )
  })

  test.each([
    ['off the curve', `0x03${'5e'.repeat(32)}`, `0x03${'5e'.repeat(32)} is not a point on secp256k1`],
    [
      'not compressed',
      `0x04${'a7'.repeat(32)}`,
      `0x04${'a7'.repeat(32)} is not a 33-byte compressed key (0x02 or 0x03, then 32 bytes)`,
    ],
    ['too short', '0x02a7', '0x02a7 is not a 33-byte compressed key (0x02 or 0x03, then 32 bytes)'],
  ])('error: a release key %s is refused, attested or not', async (_, key, details) => {
    const message = `PUBLISH_RELEASE_KEY_INVALID: The release key is not a valid secp256k1 public key. ${details}`
    expect(await failureText(resolveReleaseKey({ releasePublicKey: key as Hex }))).toBe(message)
    const attested = async () => ({ keyId: 5, publicKey: key as Hex, evidenceRef })
    expect(await failureText(resolveReleaseKey({ attestReleaseKey: attested }))).toBe(message)
  })

  test('error: no key at all', async () => {
    expect(await failureText(resolveReleaseKey({}))).toBe(
      'PUBLISH_RELEASE_KEY_MISSING: No release key to seal the dataset key to.',
    )
  })

  test('error: the verifier refusing passes its error through unchanged', async () => {
    const refusal = new BaseError('The release key is not attested.', {
      code: 'RELEASE_KEY_NOT_ATTESTED',
      details: 'key: RELEASE_KEY_REVOKED key 4 is revoked',
    })
    const error = await resolveReleaseKey({
      attestReleaseKey: async () => {
        throw refusal
      },
      releasePublicKey: chainKey,
    }).catch((e: unknown) => e)
    expect(error).toBe(refusal)
  })
})
