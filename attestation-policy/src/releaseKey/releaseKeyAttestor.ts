import type { AttestReleaseKey } from '@licen/sdk'
import { type ReleaseKeySources, type VerifyReleaseKeyOptions, verifyReleaseKey } from './verifyReleaseKey.js'

/**
 * The sdk's `attestReleaseKey` (what `publishDataset` runs before anything is read or sealed): verifies the
 * chain's current release key from `sources` and returns its id, public key and evidenceRef, or throws
 * `RELEASE_KEY_NOT_ATTESTED` naming the failing check. `keyId` and `allowRetired` are not taken: new datasets
 * are sealed to the current Active key only.
 */
export function releaseKeyAttestor(
  sources: ReleaseKeySources,
  options: Omit<VerifyReleaseKeyOptions, 'keyId' | 'allowRetired'> = {},
): AttestReleaseKey {
  return async () => {
    const verdict = await verifyReleaseKey(sources, { ...options, keyId: undefined, allowRetired: false })
    return { keyId: verdict.keyId!, publicKey: verdict.publicKey!, evidenceRef: verdict.evidenceRef! }
  }
}
