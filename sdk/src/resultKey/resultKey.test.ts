import { secp256k1 } from '@noble/curves/secp256k1'
import {
  bytesToHex,
  type EIP1193Provider,
  type Hex,
  numberToHex,
  parseSignature,
  serializeSignature,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import {
  deriveDatasetOwnerKey,
  deriveResultKey,
  deriveResultKeyFromSignature,
  deriveWalletKeyFromSignature,
} from './deriveResultKey.js'
import { eip1193ResultKeySigner } from './eip1193ResultKeySigner.js'
import { resultKeyTag } from './resultKeyTag.js'
import { datasetOwnerKeyTypedData, resultKeyTypedData } from './resultKeyTypedData.js'

// anvil account 0
const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const other = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const signature =
  '0x671cb45227175aeb2f5c2a158c9a31b5c665c1fef5eae9fec579472731bce71a37f642477f37cba373d98ed945033144ea77eb7c3daebcd8b4c8698bb407c76e1b'
// Private key checked independently with Python (hmac/hashlib HKDF-SHA256 over r ‖ s, then mod (n − 1) + 1).
const privateKey = '0x3890fc603940652b92ebb0fa657d9e787b042b6a27d2d82d14f3e46d699c2ab1'
const publicKey = '0x0251f3e50b2746cab3b49f3a8910d54df014918b19f17e395dcac105b5ed3fc4d9'

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: { code: string; shortMessage: string }) => `${e.code}: ${e.shortMessage}`,
  )

describe('deriveResultKey', () => {
  test('default: frozen vector with a viem local account', async () => {
    expect(await account.signTypedData(resultKeyTypedData(account.address))).toBe(signature)
    const pair = await deriveResultKey(account)
    expect(bytesToHex(pair.privateKey)).toBe(privateKey)
    expect(pair.publicKey).toBe(publicKey)
    expect(bytesToHex(secp256k1.getPublicKey(pair.privateKey, true))).toBe(publicKey)
  })

  test('behavior: deterministic, and different per account', async () => {
    expect((await deriveResultKey(account)).publicKey).toBe(publicKey)
    expect((await deriveResultKey(other)).publicKey).not.toBe(publicKey)
  })

  test('behavior: the high-s twin of the signature derives the same key', async () => {
    const { r, s, yParity } = parseSignature(signature)
    const highS = numberToHex(secp256k1.CURVE.n - BigInt(s), { size: 32 })
    const twin = serializeSignature({ r, s: highS, yParity: yParity === 0 ? 1 : 0 })
    expect(twin).not.toBe(signature)
    const pair = await deriveResultKeyFromSignature({ account: account.address, signature: twin })
    expect(bytesToHex(pair.privateKey)).toBe(privateKey)
  })

  test('args: injected EIP-1193 wallet (eth_signTypedData_v4)', async () => {
    const calls: string[] = []
    const provider = {
      async request({ method, params }: { method: string; params?: unknown }) {
        calls.push(method)
        if (method !== 'eth_signTypedData_v4') throw new Error(`unexpected ${method}`)
        const [address, json] = params as [Hex, string]
        expect(address.toLowerCase()).toBe(account.address.toLowerCase())
        const typed = JSON.parse(json)
        return account.signTypedData({
          domain: typed.domain,
          types: { ResultKey: typed.types.ResultKey },
          primaryType: typed.primaryType,
          message: typed.message,
        })
      },
    } as unknown as EIP1193Provider
    const pair = await deriveResultKey(eip1193ResultKeySigner(provider, account.address))
    expect(pair.publicKey).toBe(publicKey)
    expect(calls).toEqual(['eth_signTypedData_v4'])
  })

  test('error: signature from another account', async () => {
    expect(await failure(deriveResultKeyFromSignature({ account: other.address, signature }))).toBe(
      'RESULT_KEY_BAD_SIGNATURE: Result-key signature is from another account.',
    )
  })

  test('error: signature over another message', async () => {
    const wrong = await account.signMessage({ message: 'hello' })
    expect(await failure(deriveResultKeyFromSignature({ account: account.address, signature: wrong }))).toBe(
      'RESULT_KEY_BAD_SIGNATURE: Result-key signature is from another account.',
    )
  })

  test('error: malformed signature', async () => {
    expect(
      await failure(deriveResultKeyFromSignature({ account: account.address, signature: '0x1234' })),
    ).toBe('RESULT_KEY_BAD_SIGNATURE: Result-key signature is malformed.')
  })

  test('error: wallet refuses', async () => {
    const refusing = {
      address: account.address,
      signTypedData: () => Promise.reject(new Error('User rejected the request.')),
    }
    expect(await failure(deriveResultKey(refusing))).toBe(
      'RESULT_KEY_SIGNING_FAILED: The wallet did not sign the result-key message.',
    )
  })
})

describe('resultKeyTag', () => {
  test('default', () => {
    expect(resultKeyTag(publicKey)).toMatchInlineSnapshot(`"0xa89329ab700d171ae2be62c7"`)
  })

  test('error: not a compressed key', () => {
    expect(() => resultKeyTag(`0x04${'11'.repeat(64)}`)).toThrowError(
      expect.objectContaining({ code: 'RESULT_KEY_INVALID_PUBLIC_KEY' }),
    )
  })
})

// The dataset owner key: the same derivation under its own typed message and HKDF salt ("licen/dataset-owner-key/v1").
const ownerSignature =
  '0x6818081ab2e1e3a5d6e2a01d22d7443e024f0020f2fa0743affa512fd43b47ae6fb7cfadb1ced0bca376e7a543fe4bfc94ee66c8bb7f31ffccd2d1610885209a1c'
// Private key checked independently with Python (hmac/hashlib HKDF-SHA256, salt licen/dataset-owner-key/v1).
const ownerPrivateKey = '0xf4be4183243e6759656254a1ecd847e0750c5f956a726505b13c2750034fa6dc'
const ownerPublicKey = '0x03f0fd292318e8ad7924bae6dd089eb089bed60bc2b66124320443d34b102290c9'

describe('deriveDatasetOwnerKey', () => {
  test('default: frozen vector (fixed signature → fixed key)', async () => {
    expect(await account.signTypedData(datasetOwnerKeyTypedData(account.address))).toBe(ownerSignature)
    const pair = await deriveWalletKeyFromSignature({
      purpose: 'dataset-owner',
      account: account.address,
      signature: ownerSignature,
    })
    expect(bytesToHex(pair.privateKey)).toBe(ownerPrivateKey)
    expect(pair.publicKey).toBe(ownerPublicKey)
    expect((await deriveDatasetOwnerKey(account)).publicKey).toBe(ownerPublicKey)
  })

  test('behavior: never collides with the result key (another message, another salt)', async () => {
    expect(ownerPublicKey).not.toBe(publicKey)
    expect(ownerSignature).not.toBe(signature)
    expect((await deriveDatasetOwnerKey(other)).publicKey).not.toBe(ownerPublicKey)
    // The result-key signature does not pass as an owner-key signature, nor the other way round.
    expect(
      await failure(
        deriveWalletKeyFromSignature({ purpose: 'dataset-owner', account: account.address, signature }),
      ),
    ).toBe('OWNER_KEY_BAD_SIGNATURE: Dataset-owner-key signature is from another account.')
    expect(
      await failure(deriveResultKeyFromSignature({ account: account.address, signature: ownerSignature })),
    ).toBe('RESULT_KEY_BAD_SIGNATURE: Result-key signature is from another account.')
  })

  test('args: injected EIP-1193 wallet signs the DatasetOwnerKey message', async () => {
    const provider = {
      async request({ method, params }: { method: string; params?: unknown }) {
        if (method !== 'eth_signTypedData_v4') throw new Error(`unexpected ${method}`)
        const typed = JSON.parse((params as [Hex, string])[1])
        expect(typed.primaryType).toBe('DatasetOwnerKey')
        expect(typed.domain).toEqual({ name: 'LICEN Dataset Owner Key', version: '1' })
        return account.signTypedData({
          domain: typed.domain,
          types: { DatasetOwnerKey: typed.types.DatasetOwnerKey },
          primaryType: typed.primaryType,
          message: typed.message,
        })
      },
    } as unknown as EIP1193Provider
    expect((await deriveDatasetOwnerKey(eip1193ResultKeySigner(provider, account.address))).publicKey).toBe(
      ownerPublicKey,
    )
  })

  test('error: malformed signature, wallet refuses', async () => {
    expect(
      await failure(
        deriveWalletKeyFromSignature({
          purpose: 'dataset-owner',
          account: account.address,
          signature: '0x1234',
        }),
      ),
    ).toBe('OWNER_KEY_BAD_SIGNATURE: Dataset-owner-key signature is malformed.')
    const refusing = {
      address: account.address,
      signTypedData: () => Promise.reject(new Error('User rejected the request.')),
    }
    expect(await failure(deriveDatasetOwnerKey(refusing))).toBe(
      'OWNER_KEY_SIGNING_FAILED: The wallet did not sign the dataset-owner-key message.',
    )
  })
})
