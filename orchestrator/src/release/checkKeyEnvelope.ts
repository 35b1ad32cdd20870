import { type Manifest, openDatasetKey } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { ReleaseKey } from './loadReleaseKey.js'

export type CheckKeyEnvelopeParameters = {
  /** The held release key the manifest's envelope was sealed to (registered and not revoked). */
  releaseKey: ReleaseKey
  manifest: Manifest
  /** The job's dataset root as read on chain. */
  datasetRoot: Hex
  /** The dataset's owner as read on chain (`getDataset(datasetRoot).owner`). */
  owner: Address
}

/**
 * Opens a dataset's key envelope and zeroes the key at once, so a job whose envelope is bound to another dataset
 * or names another publisher than the on-chain owner fails before its provider is asked for anything (the sdk's
 * `ENVELOPE_*` errors); the release opens it again (`resealDatasetKey`).
 */
export function checkKeyEnvelope(parameters: CheckKeyEnvelopeParameters): void {
  const { releaseKey, manifest } = parameters
  const key = releaseKey.withPrivateKey((releasePrivateKey) =>
    openDatasetKey({
      releasePrivateKey,
      envelope: manifest.keyEnvelope.envelope as Hex,
      datasetRoot: parameters.datasetRoot,
      owner: parameters.owner,
    }),
  )
  key.fill(0)
}
