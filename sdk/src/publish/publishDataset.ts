import type { Account, Address, Chain, Client, Hex, Transport } from 'viem'
import type { Policy } from '../chain/types.js'
import { assertTrainable } from '../examples/assertTrainable.js'
import { LCN1_NONCE_PREFIX_SIZE } from '../lcn1/constants.js'
import { analyzeJsonl } from '../manifest/JsonlAnalyzer.js'
import type { Manifest } from '../manifest/manifestSchema.js'
import { serializeManifest } from '../manifest/parseManifest.js'
import { type DatasetOwnerKeySigner, deriveDatasetOwnerKey } from '../resultKey/deriveResultKey.js'
import type { StorageAdapter } from '../storage/types.js'
import { buildDatasetManifest, type DatasetDetails, datasetOwner } from './buildDatasetManifest.js'
import { commitDatasetRoot, waitForCommitmentAge } from './commitDatasetRoot.js'
import { encryptAndRoot } from './encryptAndRoot.js'
import { PublishError } from './PublishError.js'
import {
  type RegisterPublishedDatasetReturnType,
  registerPublishedDataset,
} from './registerPublishedDataset.js'
import { type AttestReleaseKey, resolveReleaseKey } from './resolveReleaseKey.js'

export type { DatasetDetails } from './buildDatasetManifest.js'

/** Stages of {@link publishDataset}, in order. */
export type PublishStage = 'analyze' | 'root' | 'encrypt-upload' | 'upload-manifest'

/** Chain steps of a registering {@link publishDataset}, reported with a sentence saying what happens. */
export type PublishChainStep = 'commit' | 'wait-commitment' | 'register'

/** Registration on chain as part of {@link publishDataset}. */
export type PublishRegistration = {
  /** The publisher's wallet (its account must be `details.publisher.address`). */
  client: Client<Transport, Chain | undefined, Account>
  /** The DataPolicy contract. */
  address: Address
  policy: Policy
  /** Most time to wait for a block after the commitment; default 120 s. */
  commitTimeoutMs?: number | undefined
  pollingIntervalMs?: number | undefined
  onStep?: ((step: { step: PublishChainStep; message: string }) => void) | undefined
}

/** Parameters of {@link publishDataset}. */
export type PublishDatasetParameters = {
  /** The JSONL plaintext (a browser File, or `fs.openAsBlob(path)` in Node): read twice, never held whole. */
  source: Blob
  storage: StorageAdapter
  /**
   * Compressed release public key the orchestrator serves. With `attestReleaseKey` it must equal the attested chain
   * key (else `PUBLISH_RELEASE_KEY_MISMATCH`); alone, the dataset key is sealed to it unverified (tests, tools).
   */
  releasePublicKey?: Hex | undefined
  /**
   * Verifies the chain's current release key (`verifyReleaseKey` of @licen/attestation-policy, wired by the caller)
   * before anything is read, encrypted, uploaded or committed; the dataset key is sealed to it and the manifest
   * records its `keyId` and `evidenceRef`.
   */
  attestReleaseKey?: AttestReleaseKey | undefined
  details: DatasetDetails
  /**
   * The publisher's wallet as a dataset-owner-key signer (a viem local account, `eip1193ResultKeySigner`): the
   * dataset key is also sealed to the key it derives (the manifest's `ownerKeyEnvelope`), so the owner can re-seal
   * to a newer release key later (`resealDataset`). Its address must be the publisher's.
   */
  ownerKeySigner?: DatasetOwnerKeySigner | undefined
  /** LCN1 chunk size as log2 (default 1 MiB chunks). */
  chunkSizeLog2?: number | undefined
  /** Manifest `createdAt` (default now). */
  createdAt?: Date | undefined
  onProgress?: ((progress: { stage: PublishStage; bytes: number; totalBytes: number }) => void) | undefined
  signal?: AbortSignal | undefined
  /**
   * Registers on chain too, in the order that makes front-running useless: root the ciphertext (nothing leaves),
   * commit to (owner, root), upload, wait until the commitment is a block old, register. A copy registered first
   * by another account is displaced; see {@link registerPublishedDataset}.
   */
  register?: PublishRegistration | undefined
}

/** What {@link publishDataset} stored: the roots to register on chain and the manifest. */
export type PublishDatasetReturnType = {
  datasetRoot: Hex
  manifestHash: Hex
  manifest: Manifest
  ciphertextSize: number
  /** Present when `register` was given. */
  registration?: RegisterPublishedDatasetReturnType | undefined
}

/**
 * Publishes a JSONL dataset to storage the way the app does: analyses it (sample-free stats), encrypts it to LCN1
 * with a fresh key while rooting and uploading the ciphertext in one pass, seals the key to the release key bound
 * to the root and to the publisher as owner, and uploads the manifest. The publisher's account then registers
 * `datasetRoot` + `manifestHash` on chain (any other registrant gets no key release).
 */
export async function publishDataset(
  parameters: PublishDatasetParameters,
): Promise<PublishDatasetReturnType> {
  const { source, storage, signal, onProgress } = parameters
  // A publisher that is not an address is refused before anything is read or uploaded.
  datasetOwner(parameters.details)
  // So is a release key that does not verify, or an orchestrator that serves another key than the chain's.
  const release = await resolveReleaseKey({
    attestReleaseKey: parameters.attestReleaseKey,
    releasePublicKey: parameters.releasePublicKey,
    signal,
  })
  // The owner's envelope: the wallet derives the dataset owner key before anything is read (a refusal stops here).
  const ownerPublicKey = await datasetOwnerPublicKey(
    parameters.ownerKeySigner,
    datasetOwner(parameters.details),
  )
  const totalBytes = source.size
  const data = await analyzeJsonl(source.stream(), {
    signal,
    onProgress: (bytes) => onProgress?.({ stage: 'analyze', bytes, totalBytes }),
  }).catch((error: unknown) => {
    if (signal?.aborted)
      throw new PublishError('Publishing was aborted.', { code: 'PUBLISH_ABORTED', cause: signal.reason })
    throw error
  })
  // A file the trainer cannot learn from is refused before anything is encrypted, uploaded or committed.
  assertTrainable(data.examples)

  const key = crypto.getRandomValues(new Uint8Array(32))
  // Fixed up front so a rooting pass and the upload pass produce the same ciphertext.
  const noncePrefix = crypto.getRandomValues(new Uint8Array(LCN1_NONCE_PREFIX_SIZE))
  const { register } = parameters
  try {
    let commitBlock: bigint | undefined
    let committedRoot: Hex | undefined
    if (register) {
      if (register.client.account.address.toLowerCase() !== datasetOwner(parameters.details).toLowerCase())
        throw new PublishError('The registering account is not the publisher.', {
          code: 'PUBLISH_INVALID_PUBLISHER',
          details: `${register.client.account.address} ≠ ${datasetOwner(parameters.details)}`,
        })
      const rooted = await encryptAndRoot({
        source,
        key,
        noncePrefix,
        chunkSizeLog2: parameters.chunkSizeLog2,
        signal,
        onProgress: ({ bytes }) => onProgress?.({ stage: 'root', bytes, totalBytes }),
      })
      register.onStep?.({
        step: 'commit',
        message:
          'Committing to the dataset on chain before uploading it, so nobody can register a copy in your place.',
      })
      committedRoot = rooted.root
      commitBlock = (
        await commitDatasetRoot(register.client, {
          address: register.address,
          datasetRoot: rooted.root,
          pollingIntervalMs: register.pollingIntervalMs,
        })
      ).blockNumber
    }
    // Ciphertext flows from the encryptor straight into the upload: rooted and sent in the same pass. Whichever
    // side fails first stops the other, and its error is the one reported.
    const channel = new TransformStream<Uint8Array, Uint8Array>()
    const inner = new AbortController()
    const both = signal ? AbortSignal.any([signal, inner.signal]) : inner.signal
    const stopOther = (error: unknown): never => {
      inner.abort(error)
      throw error
    }
    const [encrypted, uploaded] = await Promise.all([
      encryptAndRoot({
        source,
        sink: channel.writable,
        key,
        noncePrefix,
        chunkSizeLog2: parameters.chunkSizeLog2,
        signal: both,
        onProgress: ({ bytes }) => onProgress?.({ stage: 'encrypt-upload', bytes, totalBytes }),
      }).catch(stopOther),
      storage.upload(channel.readable, { signal: both }).catch(stopOther),
    ])
    if (uploaded.root !== encrypted.root || uploaded.size !== encrypted.size) {
      throw new PublishError('Storage stored the dataset under another root.', {
        code: 'PUBLISH_ROOT_MISMATCH',
        details: `${uploaded.root} ≠ ${encrypted.root}`,
      })
    }
    if (committedRoot !== undefined && encrypted.root !== committedRoot) {
      throw new PublishError('The uploaded ciphertext has another root than the committed one.', {
        code: 'PUBLISH_ROOT_MISMATCH',
        details: `${encrypted.root} ≠ ${committedRoot}`,
      })
    }
    const manifest = buildDatasetManifest({
      details: parameters.details,
      data,
      encrypted,
      key,
      releasePublicKey: release.publicKey,
      releaseKey: release.attested,
      createdAt: parameters.createdAt,
      ownerPublicKey,
    })
    const manifestBytes = serializeManifest(manifest)
    const stored = await storage.upload(manifestBytes, {
      signal,
      onProgress: ({ bytes }) =>
        onProgress?.({ stage: 'upload-manifest', bytes, totalBytes: manifestBytes.length }),
    })
    const published = {
      datasetRoot: encrypted.root,
      manifestHash: stored.root,
      manifest,
      ciphertextSize: encrypted.size,
    }
    if (!register || commitBlock === undefined) return published
    register.onStep?.({
      step: 'wait-commitment',
      message: `Waiting for a block after your commitment (block ${commitBlock}): a commitment counts once it is a block old.`,
    })
    await waitForCommitmentAge(register.client, {
      blockNumber: commitBlock,
      timeoutMs: register.commitTimeoutMs,
      pollingIntervalMs: register.pollingIntervalMs,
      signal,
    })
    register.onStep?.({ step: 'register', message: 'Registering the dataset on chain.' })
    const registration = await registerPublishedDataset(register.client, {
      address: register.address,
      datasetRoot: published.datasetRoot,
      manifestHash: published.manifestHash,
      policy: register.policy,
      pollingIntervalMs: register.pollingIntervalMs,
    })
    return { ...published, registration }
  } finally {
    key.fill(0)
    noncePrefix.fill(0)
  }
}

/** The publisher's dataset owner public key, derived by `signer` (which must be the publisher); none without a signer. */
async function datasetOwnerPublicKey(
  signer: DatasetOwnerKeySigner | undefined,
  publisher: Address,
): Promise<Hex | undefined> {
  if (!signer) return undefined
  if (signer.address.toLowerCase() !== publisher.toLowerCase())
    throw new PublishError('The owner-key signer is not the publisher.', {
      code: 'PUBLISH_INVALID_PUBLISHER',
      details: `${signer.address} ≠ ${publisher}`,
    })
  const pair = await deriveDatasetOwnerKey(signer)
  pair.privateKey.fill(0)
  return pair.publicKey
}
