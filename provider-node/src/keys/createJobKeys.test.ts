import {
  dataPolicyDomain,
  encodeFailureReason,
  recoverFailureReportSigner,
  signFailureReport,
} from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, recoverMessageAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { createJobKeys } from './createJobKeys.js'

// What a job key signs for real (runJob's failure report), through the sdk's one copy of the EIP-712 type.
const domain = dataPolicyDomain({ chainId: 31337, verifyingContract: `0x${'11'.repeat(20)}` })
const report = { jobId: 1n, reason: encodeFailureReason('TRAINING_FAILED') }

describe('createJobKeys', () => {
  test('default', async () => {
    const keys = createJobKeys()
    expect(keys.encPubKey).toMatch(/^0x0[23][0-9a-f]{64}$/)
    expect(keys.signer).toMatch(/^0x[0-9a-fA-F]{40}$/)
    const signature = await signFailureReport({ signer: keys.account, domain, report })
    expect(await recoverFailureReportSigner({ domain, report, signature })).toBe(keys.signer)
    expect(
      await recoverMessageAddress({
        message: 'hi',
        signature: await keys.account.signMessage({ message: 'hi' }),
      }),
    ).toBe(keys.signer)
  })

  test('behavior: the private encryption key belongs to encPubKey', () => {
    const keys = createJobKeys()
    const derived = keys.withEncryptionKey((privateKey) =>
      bytesToHex(secp256k1.getPublicKey(privateKey, true)),
    )
    expect(derived).toBe(keys.encPubKey)
  })

  test('behavior: every job gets different keys', () => {
    const a = createJobKeys()
    const b = createJobKeys()
    expect(a.encPubKey).not.toBe(b.encPubKey)
    expect(a.signer).not.toBe(b.signer)
  })

  test('behavior: signatures are low-s', async () => {
    const keys = createJobKeys()
    for (let i = 0; i < 8; i++) {
      const signature = await keys.account.signMessage({ message: `m${i}` })
      const s = BigInt(`0x${signature.slice(66, 130)}`)
      expect(s <= secp256k1.CURVE.n / 2n).toBe(true)
    }
  })

  test('behavior: the key object exposes no private key', () => {
    const keys = createJobKeys()
    const json = JSON.stringify(keys.account)
    expect(Object.keys(keys).sort()).toEqual(
      ['account', 'encPubKey', 'signer', 'wipe', 'wipeEncryptionKey', 'wiped', 'withEncryptionKey'].sort(),
    )
    expect(json).not.toMatch(/[0-9a-f]{64}/)
  })

  test('error: using the encryption key after wipeEncryptionKey', async () => {
    const keys = createJobKeys()
    let seen: Uint8Array | undefined
    keys.withEncryptionKey((k) => {
      seen = k
    })
    keys.wipeEncryptionKey()
    expect(seen?.every((b) => b === 0)).toBe(true)
    expect(() => keys.withEncryptionKey(() => 1)).toThrowError(
      expect.objectContaining({ code: 'KEYS_WIPED' }),
    )
    // Signing still works until the job ends.
    expect(await keys.account.signMessage({ message: 'x' })).toMatch(/^0x[0-9a-f]{130}$/)
  })

  test('error: signing after wipe', async () => {
    const keys = createJobKeys()
    keys.wipe()
    expect(keys.wiped).toBe(true)
    await expect(signFailureReport({ signer: keys.account, domain, report })).rejects.toMatchObject({
      code: 'KEYS_WIPED',
    })
  })

  test('error: signing a transaction', async () => {
    const keys = createJobKeys()
    await expect(keys.account.signTransaction({ to: keys.signer, chainId: 1 })).rejects.toMatchObject({
      code: 'KEYS_UNSUPPORTED',
    })
  })
})
