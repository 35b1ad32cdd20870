import { describe, expect, test } from 'vitest'
import { resealNeed, resealOutcome } from './resealState.js'

const key1 = `0x02${'11'.repeat(32)}` as const
const key2 = `0x03${'22'.repeat(32)}` as const

describe('resealNeed', () => {
  test('behavior: a dataset on an older key needs re-sealing; on the current key it does not', () => {
    expect(resealNeed({ keyId: 1, releasePublicKey: key1 }, { keyId: 2, publicKey: key2 })).toEqual({
      needed: true,
      text: 'Sealed to release key #1, not the current key #2: new jobs need it re-sealed to the current key.',
    })
    expect(resealNeed({ keyId: 2, releasePublicKey: key2 }, { keyId: 2, publicKey: key2 })).toEqual({
      needed: false,
      text: 'Sealed to the current release key #2.',
    })
  })

  test('behavior: a manifest without keyId is matched by its public key', () => {
    expect(
      resealNeed({ keyId: undefined, releasePublicKey: key2 }, { keyId: 2, publicKey: key2 }).needed,
    ).toBe(false)
    expect(resealNeed({ keyId: undefined, releasePublicKey: key1 }, { keyId: 2, publicKey: key2 })).toEqual({
      needed: true,
      text: 'Sealed to a release key the manifest does not name on chain, not the current key #2: new jobs need it re-sealed to the current key.',
    })
  })

  test('error: no active key on chain: nothing to re-seal to', () => {
    expect(resealNeed({ keyId: 1, releasePublicKey: key1 }, undefined)).toEqual({
      needed: false,
      text: 'Sealed to release key #1; the chain has no active release key to re-seal to.',
    })
  })
})

test('resealOutcome: old and new key, manifest, version and tx', () => {
  expect(
    resealOutcome({
      previous: { keyId: 1 },
      current: { keyId: 2, manifestHash: `0x${'aa'.repeat(32)}` },
      policyVersion: 3,
      hash: `0x${'bb'.repeat(32)}`,
    }),
  ).toBe(
    `Re-sealed from key #1 to key #2 (new manifest 0x${'aa'.repeat(32)}, policy v3, tx 0x${'bb'.repeat(32)}). Jobs granted from now on use the new key; earlier jobs keep theirs.`,
  )
})
