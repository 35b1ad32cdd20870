import type { Hex } from 'viem'
import { PublishError } from './PublishError.js'
import { releaseKeyPointProblem } from './releaseKeyPoint.js'

/** A release key that passed `verifyReleaseKey` (@licen/attestation-policy) against the chain's record. */
export type AttestedReleaseKey = {
  keyId: number
  /** 33-byte compressed secp256k1 public key. */
  publicKey: Hex
  /** Storage root of the key's attestation evidence. */
  evidenceRef: Hex
}

/**
 * Reads the chain's current release key and verifies its attestation, throwing (`RELEASE_KEY_NOT_ATTESTED`) when it
 * does not verify. The sdk cannot import the quote verifier (it sits above it), so publishers wire
 * `verifyReleaseKey` of `@licen/attestation-policy` in here.
 */
export type AttestReleaseKey = (options: { signal?: AbortSignal | undefined }) => Promise<AttestedReleaseKey>

/** Where {@link resolveReleaseKey} gets the key a dataset is sealed to. */
export type ResolveReleaseKeyParameters = {
  /** The verifier; when given, nothing is sealed to a key it did not pass. */
  attestReleaseKey?: AttestReleaseKey | undefined
  /** The key the orchestrator serves (or a config names): checked against the attested key when both are given. */
  releasePublicKey?: Hex | undefined
  signal?: AbortSignal | undefined
}

/**
 * The release key to seal to: the attested chain key (`attestReleaseKey`), refusing a served key that differs
 * from it (`PUBLISH_RELEASE_KEY_MISMATCH`); without a verifier, the given key unverified (`keyId` absent); neither
 * is `PUBLISH_RELEASE_KEY_MISSING`. A key that is not a compressed secp256k1 point is `PUBLISH_RELEASE_KEY_INVALID`
 * (checked here, before anything is read, encrypted or uploaded).
 */
export async function resolveReleaseKey(
  parameters: ResolveReleaseKeyParameters,
): Promise<{ publicKey: Hex; attested: AttestedReleaseKey | undefined }> {
  const served = parameters.releasePublicKey?.toLowerCase() as Hex | undefined
  if (!parameters.attestReleaseKey) {
    if (!served)
      throw new PublishError('No release key to seal the dataset key to.', {
        code: 'PUBLISH_RELEASE_KEY_MISSING',
      })
    return { publicKey: assertReleaseKeyPoint(served), attested: undefined }
  }
  const attested = await parameters.attestReleaseKey({ signal: parameters.signal })
  const publicKey = attested.publicKey.toLowerCase() as Hex
  if (served !== undefined && served !== publicKey)
    throw new PublishError("The orchestrator serves another release key than the chain's attested one.", {
      code: 'PUBLISH_RELEASE_KEY_MISMATCH',
      details: `served ${served}, chain key ${attested.keyId} is ${publicKey}`,
    })
  assertReleaseKeyPoint(publicKey)
  return {
    publicKey,
    attested: { ...attested, publicKey, evidenceRef: attested.evidenceRef.toLowerCase() as Hex },
  }
}

function assertReleaseKeyPoint(publicKey: Hex): Hex {
  const problem = releaseKeyPointProblem(publicKey)
  if (problem)
    throw new PublishError('The release key is not a valid secp256k1 public key.', {
      code: 'PUBLISH_RELEASE_KEY_INVALID',
      details: problem,
    })
  return publicKey
}
