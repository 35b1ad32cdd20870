import { ReleaseKeyNotAttestedError, type ReleaseKeyVerdict } from '@licen/attestation-policy'
import { deriveDatasetOwnerKey } from '@licen/sdk'
import { failureText } from '@licen/sdk/testing'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test, vi } from 'vitest'
import { releaseKeyFailure } from '../releaseKey/releaseKeyText.js'
import { sealTarget } from './sealTarget.js'

const owner = privateKeyToAccount(`0x${'11'.repeat(32)}`)
const key = `0x02${'ab'.repeat(32)}` as const
const evidenceRef = `0x${'CD'.repeat(32)}` as const
const attested = { keyId: 3, publicKey: key, evidenceRef }

const failedVerdict: ReleaseKeyVerdict = {
  verified: false,
  keyId: 3,
  publicKey: key,
  evidenceRef,
  policyHash: `0x${'ee'.repeat(32)}`,
  status: 'Active',
  policy: undefined,
  measured: undefined,
  checks: [
    { id: 'key', status: 'pass', code: undefined, reason: 'Active' },
    { id: 'policyOnChain', status: 'pass', code: undefined, reason: 'allowed, role orchestrator' },
    {
      id: 'evidence',
      status: 'fail',
      code: 'EVIDENCE_MISSING',
      reason: 'storage has no object under the root',
    },
    { id: 'policyFile', status: 'skipped', code: undefined, reason: 'needs evidence' },
  ],
}

describe('sealTarget', () => {
  test('behavior: seals to the attested key, records its id and evidence root, and the owner key', async () => {
    const seal = await sealTarget({
      attestReleaseKey: async () => attested,
      servedKey: key,
      ownerKeySigner: owner,
    })
    const ownerKey = await deriveDatasetOwnerKey(owner)
    expect(seal).toEqual({
      releasePublicKey: key,
      releaseKey: { keyId: 3, evidenceRef: `0x${'cd'.repeat(32)}` },
      ownerPublicKey: ownerKey.publicKey,
    })
    expect(seal.ownerPublicKey).toMatch(/^0x0[23][0-9a-f]{64}$/)
  })

  test('error: a key that does not verify is RELEASE_KEY_NOT_ATTESTED and the wallet is never asked', async () => {
    const signTypedData = vi.fn(owner.signTypedData)
    const promise = sealTarget({
      attestReleaseKey: async () => {
        throw new ReleaseKeyNotAttestedError(failedVerdict)
      },
      servedKey: key,
      ownerKeySigner: { address: owner.address, signTypedData },
    })
    expect(await failureText(promise)).toBe(
      'RELEASE_KEY_NOT_ATTESTED: The release key is not attested. evidence: EVIDENCE_MISSING storage has no object under the root',
    )
    expect(signTypedData).not.toHaveBeenCalled()
  })

  test('error: an orchestrator serving another key than the attested one is PUBLISH_RELEASE_KEY_MISMATCH', async () => {
    const served = `0x03${'ab'.repeat(32)}` as const
    expect(
      await failureText(
        sealTarget({ attestReleaseKey: async () => attested, servedKey: served, ownerKeySigner: owner }),
      ),
    ).toBe(
      `PUBLISH_RELEASE_KEY_MISMATCH: The orchestrator serves another release key than the chain's attested one. served ${served}, chain key 3 is ${key}`,
    )
  })

  test('behavior: the failing check in plain words', () => {
    expect(releaseKeyFailure(failedVerdict)).toBe(
      'Failed check: its attestation evidence is in storage under the root the chain records — storage has no object under the root (EVIDENCE_MISSING).',
    )
    expect(releaseKeyFailure({ checks: failedVerdict.checks.slice(0, 2) })).toBeUndefined()
  })
})
