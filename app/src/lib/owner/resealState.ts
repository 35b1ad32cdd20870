import type { Hex } from 'viem'

/** The key a dataset's current manifest is sealed to, as the manifest records it. */
export type SealedTo = { keyId: number | undefined; releasePublicKey: Hex }

/**
 * Whether a dataset should be re-sealed: its manifest names another key than the chain's current one (by id, or by
 * public key for a manifest without `keyId`), and why, in one line. No current key: nothing to re-seal to.
 */
export function resealNeed(
  sealed: SealedTo,
  current: { keyId: number; publicKey: Hex } | undefined,
): { needed: boolean; text: string } {
  const which =
    sealed.keyId === undefined
      ? 'a release key the manifest does not name on chain'
      : `release key #${sealed.keyId}`
  if (!current)
    return { needed: false, text: `Sealed to ${which}; the chain has no active release key to re-seal to.` }
  const same =
    sealed.keyId === current.keyId ||
    sealed.releasePublicKey.toLowerCase() === current.publicKey.toLowerCase()
  return same
    ? { needed: false, text: `Sealed to the current release key #${current.keyId}.` }
    : {
        needed: true,
        text: `Sealed to ${which}, not the current key #${current.keyId}: new jobs need it re-sealed to the current key.`,
      }
}

/** Re-seal steps, in order (shown as progress while `resealDataset` runs). */
export const RESEAL_STEPS = [
  'Verify the current release key in this browser',
  'Sign with your wallet to open your copy of the dataset key',
  'Upload the new manifest',
  'Confirm updateManifest in your wallet',
] as const

/** What a re-seal did, in one sentence. */
export function resealOutcome(result: {
  previous: { keyId: number | undefined }
  current: { keyId: number; manifestHash: Hex }
  policyVersion: number
  hash: Hex
}): string {
  const from = result.previous.keyId === undefined ? 'an unrecorded key' : `key #${result.previous.keyId}`
  return `Re-sealed from ${from} to key #${result.current.keyId} (new manifest ${result.current.manifestHash}, policy v${result.policyVersion}, tx ${result.hash}). Jobs granted from now on use the new key; earlier jobs keep theirs.`
}
