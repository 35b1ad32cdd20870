import { type Manifest, openDatasetKey, sealJobKey } from '@licen/sdk'
import { type Address, bytesToHex, type Hex } from 'viem'
import type { ReleaseKey } from './loadReleaseKey.js'

export type ResealDatasetKeyParameters = {
  releaseKey: ReleaseKey
  manifest: Manifest
  /** The job as read on chain. */
  job: { chainId: number; dataPolicy: Address; jobId: bigint; datasetRoot: Hex }
  /** The dataset's owner as read on chain (`getDataset(datasetRoot).owner`). */
  owner: Address
  /** The provider's per-job encryption key, bound by the verified quote. */
  providerPublicKey: Hex
}

/**
 * Opens the dataset's key envelope with the release key (checking it is bound to the job's dataset root and names
 * the on-chain owner as its publisher, so a squatter who registered a copied root gets nothing) and
 * seals the key to the provider's per-job key, bound to chain, contract, job and dataset. The plaintext key lives
 * only inside this call and is zeroed before it returns. Envelope problems throw the sdk's `ENVELOPE_*` errors.
 */
export function resealDatasetKey(parameters: ResealDatasetKeyParameters): Hex {
  const { releaseKey, manifest, job } = parameters
  const key = releaseKey.withPrivateKey((releasePrivateKey) =>
    openDatasetKey({
      releasePrivateKey,
      envelope: manifest.keyEnvelope.envelope as Hex,
      datasetRoot: job.datasetRoot,
      owner: parameters.owner,
    }),
  )
  try {
    return bytesToHex(
      sealJobKey({
        chainId: job.chainId,
        contract: job.dataPolicy,
        jobId: job.jobId,
        datasetRoot: job.datasetRoot,
        providerPublicKey: parameters.providerPublicKey,
        key,
      }),
    )
  } finally {
    key.fill(0)
  }
}
