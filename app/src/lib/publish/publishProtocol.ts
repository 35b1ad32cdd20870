import type { ExampleInspection, JsonlAnalysis, JsonlLineReport } from '@licen/sdk'
import type { Hex } from 'viem'

/** The owner-written part of the manifest (the rest is measured from the file). */
export type ManifestDetails = {
  name: string
  description: string
  version: string
  licenceName: string
  licenceSpdx: string
  licenceText: string
  /** The connected account: the key envelope names it as owner, so it must be the one that registers. */
  publisherAddress: Hex
  publisherName: string
}

/**
 * Who the dataset key is sealed to: the release key that passed `verifyReleaseKey` in the page (its chain id and
 * evidence root are recorded in the manifest) and the owner's wallet-derived key (the owner envelope, for re-sealing).
 */
export type SealTo = {
  releasePublicKey: Hex
  releaseKey: { keyId: number; evidenceRef: Hex }
  ownerPublicKey: Hex
}

/** Messages from the page to the publish worker. */
export type PublishRequest =
  | { type: 'analyze'; file: File }
  | { type: 'encrypt'; details: ManifestDetails; seal: SealTo }

/** Stages of publishing, in order. */
export type PublishStage = 'analyze' | 'encrypt' | 'upload-data' | 'upload-manifest'

/** Messages from the publish worker to the page. */
export type PublishEvent =
  | { type: 'progress'; stage: PublishStage; bytes: number; totalBytes: number }
  | { type: 'analyzed'; analysis: JsonlAnalysis; report: JsonlLineReport; inspection: ExampleInspection }
  | { type: 'encrypted'; datasetRoot: Hex; ciphertext: Blob; manifest: Uint8Array }
  | { type: 'error'; code: string; message: string; details?: string | undefined }
