import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { sealDatasetKey } from './datasetKey.js'
import { openOwnerDatasetKey, sealOwnerDatasetKey } from './ownerDatasetKey.js'

const ownerPrivateKey: Hex = '0xf4be4183243e6759656254a1ecd847e0750c5f956a726505b13c2750034fa6dc'
const ownerPublicKey: Hex = '0x03f0fd292318e8ad7924bae6dd089eb089bed60bc2b66124320443d34b102290c9'
const owner = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const datasetRoot: Hex = `0x${'ab'.repeat(32)}`
const key = hexToBytes(`0x${'5a'.repeat(32)}`)
const code = (run: () => unknown) => {
  try {
    run()
    return 'no error'
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('owner dataset-key envelope', () => {
  test('default: opens with the owner key to the same dataset key', () => {
    expect(bytesToHex(secp256k1.getPublicKey(hexToBytes(ownerPrivateKey), true))).toBe(ownerPublicKey)
    const envelope = sealOwnerDatasetKey({ ownerPublicKey, datasetRoot, owner, key })
    // ECIES overhead 97 + the canonical payload {"d","datasetRoot","key","owner"} of 245 bytes.
    expect(envelope.length).toBe(97 + 245)
    expect(bytesToHex(openOwnerDatasetKey({ ownerPrivateKey, envelope, datasetRoot, owner }))).toBe(
      bytesToHex(key),
    )
  })

  test('error: another key, root, owner, or a release-key envelope', () => {
    const envelope = sealOwnerDatasetKey({ ownerPublicKey, datasetRoot, owner, key })
    const otherKey: Hex = `0x${'11'.repeat(32)}`
    expect(code(() => openOwnerDatasetKey({ ownerPrivateKey: otherKey, envelope, datasetRoot, owner }))).toBe(
      'ENVELOPE_DECRYPT_FAILED',
    )
    expect(
      code(() =>
        openOwnerDatasetKey({ ownerPrivateKey, envelope, datasetRoot: `0x${'cd'.repeat(32)}`, owner }),
      ),
    ).toBe('ENVELOPE_CONTEXT_MISMATCH')
    expect(
      code(() =>
        openOwnerDatasetKey({
          ownerPrivateKey,
          envelope,
          datasetRoot,
          owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        }),
      ),
    ).toBe('ENVELOPE_OWNER_MISMATCH')
    const releaseEnvelope = sealDatasetKey({ releasePublicKey: ownerPublicKey, datasetRoot, owner, key })
    expect(
      code(() => openOwnerDatasetKey({ ownerPrivateKey, envelope: releaseEnvelope, datasetRoot, owner })),
    ).toBe('ENVELOPE_DOMAIN_MISMATCH')
  })
})
