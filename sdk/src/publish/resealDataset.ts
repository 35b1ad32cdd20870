import { dataPolicyAbi } from '@licen/contracts/abi'
import {
  type Account,
  type Address,
  bytesToHex,
  type Chain,
  type Client,
  type Hash,
  type Hex,
  parseEventLogs,
  type Transport,
} from 'viem'
import { readDataset } from '../chain/readDataset.js'
import { readCurrentReleaseKey } from '../chain/readReleaseKey.js'
import { writeDataPolicy } from '../chain/writeDataPolicy.js'
import { sealDatasetKey } from '../envelope/datasetKey.js'
import { openOwnerDatasetKey } from '../envelope/ownerDatasetKey.js'
import { readBounded } from '../http/readBounded.js'
import { ManifestError } from '../manifest/ManifestError.js'
import { MANIFEST_MAX_BYTES, type Manifest } from '../manifest/manifestSchema.js'
import { parseManifest, serializeManifest, validateManifest } from '../manifest/parseManifest.js'
import { type DatasetOwnerKeySigner, deriveDatasetOwnerKey } from '../resultKey/deriveResultKey.js'
import type { StorageAdapter } from '../storage/types.js'
import { PublishError } from './PublishError.js'
import { ResealError } from './ResealError.js'
import type { AttestReleaseKey } from './resolveReleaseKey.js'

/** Parameters of {@link resealDataset}. */
export type ResealDatasetParameters = {
  /** The owner's wallet: it sends `updateManifest`; its account must be the dataset's owner on chain. */
  client: Client<Transport, Chain | undefined, Account>
  /** The DataPolicy contract. */
  address: Address
  datasetRoot: Hex
  storage: StorageAdapter
  /** The owner's wallet as dataset-owner-key signer (a viem local account, `eip1193ResultKeySigner`). */
  ownerKeySigner: DatasetOwnerKeySigner
  /**
   * Verifies the chain's current release key (`verifyReleaseKey` of @licen/attestation-policy, wired by the caller,
   * as for `publishDataset`); nothing is sealed to a key it did not pass.
   */
  attestReleaseKey: AttestReleaseKey
  /** Deadline of the manifest download; default 30 s. */
  manifestTimeoutMs?: number | undefined
  pollingIntervalMs?: number | undefined
  signal?: AbortSignal | undefined
}

/** What {@link resealDataset} did. */
export type ResealDatasetReturnType = {
  datasetRoot: Hex
  /** The release key the dataset was sealed to (`keyId` absent for a manifest that did not record it). */
  previous: { keyId: number | undefined; releasePublicKey: Hex; manifestHash: Hex }
  /** The verified current release key it is sealed to now, and the new manifest. */
  current: { keyId: number; releasePublicKey: Hex; evidenceRef: Hex; manifestHash: Hex }
  /** The policy version `updateManifest` opened: jobs granted from now on use the new manifest. */
  policyVersion: number
  hash: Hash
  manifest: Manifest
}

/**
 * Re-seals a dataset's key to the chain's current release key without the data: reads the dataset (the caller must
 * own it) and its manifest, opens the owner envelope with the wallet-derived dataset owner key, verifies the current
 * release key (`attestReleaseKey`), seals the dataset key to it, uploads the new manifest (same data root and
 * ciphertext; new `keyId`, `evidenceRef`, envelope) and calls `updateManifest(datasetRoot, manifestHash)`. Refusals,
 * each before anything is uploaded or sent: `RESEAL_NOT_OWNER`, `RESEAL_MANIFEST_MISMATCH`,
 * `RESEAL_NO_OWNER_ENVELOPE`, `RESEAL_KEY_ALREADY_CURRENT`, `RESEAL_OWNER_ENVELOPE_UNOPENABLE`, and the verifier's
 * own error (`RELEASE_KEY_NOT_ATTESTED`) for a key that does not verify.
 */
export async function resealDataset(parameters: ResealDatasetParameters): Promise<ResealDatasetReturnType> {
  const { client, address, storage, signal } = parameters
  const datasetRoot = parameters.datasetRoot.toLowerCase() as Hex
  const dataset = await readDataset(client, { address, datasetRoot })
  const account = client.account.address
  for (const [who, candidate] of [
    ['sending account', account],
    ['owner-key signer', parameters.ownerKeySigner.address],
  ] as const) {
    if (candidate.toLowerCase() !== dataset.owner.toLowerCase())
      throw new ResealError('Only the dataset owner can re-seal it.', {
        code: 'RESEAL_NOT_OWNER',
        details: `the ${who} ${candidate} is not the owner ${dataset.owner}`,
      })
  }
  const manifest = await downloadManifest(
    storage,
    dataset.manifestHash,
    parameters.manifestTimeoutMs ?? 30_000,
    signal,
  )
  if (manifest.datasetRoot !== datasetRoot)
    throw new ResealError('The manifest on chain describes another dataset.', {
      code: 'RESEAL_MANIFEST_MISMATCH',
      details: `${manifest.datasetRoot} ≠ ${datasetRoot}`,
    })
  const ownerEnvelope = manifest.ownerKeyEnvelope
  if (!ownerEnvelope)
    throw new ResealError('The manifest has no owner envelope: publish the dataset again to re-seal it.', {
      code: 'RESEAL_NO_OWNER_ENVELOPE',
      details: `manifest ${dataset.manifestHash}`,
    })
  const previous = {
    keyId: manifest.keyEnvelope.keyId,
    releasePublicKey: manifest.keyEnvelope.releasePublicKey as Hex,
    manifestHash: dataset.manifestHash,
  }
  // Cheap check first: the verification below downloads and checks a quote.
  const chainKey = await readCurrentReleaseKey(client, { address })
  assertNotCurrent(previous, chainKey)

  const ownerKey = await deriveDatasetOwnerKey(parameters.ownerKeySigner)
  let key: Uint8Array
  try {
    if (ownerKey.publicKey !== ownerEnvelope.ownerPublicKey)
      throw new ResealError('The owner envelope does not open with the key this wallet derives.', {
        code: 'RESEAL_OWNER_ENVELOPE_UNOPENABLE',
        details: `sealed to ${ownerEnvelope.ownerPublicKey}, this wallet derives ${ownerKey.publicKey}`,
      })
    try {
      key = openOwnerDatasetKey({
        ownerPrivateKey: ownerKey.privateKey,
        envelope: ownerEnvelope.envelope as Hex,
        datasetRoot,
        owner: dataset.owner,
      })
    } catch (cause) {
      throw new ResealError('The owner envelope does not open with the key this wallet derives.', {
        code: 'RESEAL_OWNER_ENVELOPE_UNOPENABLE',
        details: (cause as { code?: string }).code,
        cause,
      })
    }
  } finally {
    ownerKey.privateKey.fill(0)
  }
  try {
    const attested = await parameters.attestReleaseKey({ signal })
    const releasePublicKey = attested.publicKey.toLowerCase() as Hex
    const evidenceRef = attested.evidenceRef.toLowerCase() as Hex
    assertNotCurrent(previous, { keyId: attested.keyId, publicKey: releasePublicKey })
    const envelope = sealDatasetKey({ releasePublicKey, datasetRoot, owner: dataset.owner, key })
    const next = validateManifest({
      ...manifest,
      keyEnvelope: {
        ...manifest.keyEnvelope,
        releasePublicKey,
        keyId: attested.keyId,
        evidenceRef,
        envelope: bytesToHex(envelope),
      },
    })
    const bytes = serializeManifest(next)
    const stored = await storage.upload(bytes, { ...(signal ? { signal } : {}) })
    if (stored.size !== bytes.length)
      throw new PublishError('Storage stored the manifest with another size.', {
        code: 'PUBLISH_ROOT_MISMATCH',
        details: `${stored.size} ≠ ${bytes.length} bytes`,
      })
    const written = await writeDataPolicy(client, {
      address,
      functionName: 'updateManifest',
      args: [datasetRoot, stored.root],
      pollingIntervalMs: parameters.pollingIntervalMs,
    })
    const [updated] = parseEventLogs({
      abi: dataPolicyAbi,
      eventName: 'ManifestUpdated',
      logs: written.receipt.logs,
    })
    return {
      datasetRoot,
      previous,
      current: { keyId: attested.keyId, releasePublicKey, evidenceRef, manifestHash: stored.root },
      policyVersion: updated ? updated.args.policyVersion : dataset.policyVersion + 1,
      hash: written.hash,
      manifest: next,
    }
  } finally {
    key.fill(0)
  }
}

function assertNotCurrent(
  previous: { keyId: number | undefined; releasePublicKey: Hex },
  current: { keyId: number; publicKey: Hex },
): void {
  if (previous.keyId === current.keyId || previous.releasePublicKey === current.publicKey.toLowerCase())
    throw new ResealError('The dataset is already sealed to the current release key.', {
      code: 'RESEAL_KEY_ALREADY_CURRENT',
      details: `key ${current.keyId}`,
    })
}

/** The manifest stored under `manifestHash` (verified against it by the adapter), bounded in size and time. */
async function downloadManifest(
  storage: StorageAdapter,
  manifestHash: Hex,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Manifest> {
  const deadline = AbortSignal.timeout(timeoutMs)
  const both = signal ? AbortSignal.any([signal, deadline]) : deadline
  let bytes: Uint8Array
  try {
    const stream = await storage.download(manifestHash, { signal: both })
    bytes = await readBounded(stream, {
      maxBytes: MANIFEST_MAX_BYTES,
      signal: both,
      tooLarge: () =>
        new ManifestError('Manifest is too large.', {
          code: 'MANIFEST_TOO_LARGE',
          details: `more than ${MANIFEST_MAX_BYTES} bytes`,
        }),
    })
  } catch (error) {
    if (deadline.aborted && !signal?.aborted)
      throw new ResealError('The dataset manifest was not read from storage in time.', {
        code: 'RESEAL_MANIFEST_TIMEOUT',
        details: `manifest ${manifestHash}, waited ${timeoutMs} ms`,
        cause: error,
      })
    throw error
  }
  return parseManifest(bytes)
}
