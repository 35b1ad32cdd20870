import type { Manifest } from '@licen/sdk'
import { DATASET_MANIFEST_ROOT, datasetManifest } from '@licen/sdk/testing'
import type { Hex } from 'viem'

/** The dataset the audited job (id 7, policy version 2) opened. */
export const JOB_DATASET_ROOT: Hex = DATASET_MANIFEST_ROOT

/** A valid manifest of `JOB_DATASET_ROOT` sealed to the release key `keyEnvelope` names (browser-safe). */
export function jobManifest(
  keyEnvelope: Partial<Manifest['keyEnvelope']> & Pick<Manifest['keyEnvelope'], 'releasePublicKey'>,
): Manifest {
  return datasetManifest(keyEnvelope)
}
