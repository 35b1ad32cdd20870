// resealDataset (#13 item 6) against the real contract on anvil: rotation to a newer release key without the data,
// and each refusal, with nothing uploaded or sent on a refusal.

import { dataPolicyAbi } from '@licen/contracts/abi'
import { BaseError } from '@licen/errors'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes, keccak256, stringToHex, zeroHash } from 'viem'
import { readContract } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { policyRoleValue } from '../chain/policyRole.js'
import { readDataset } from '../chain/readDataset.js'
import { readCurrentReleaseKey } from '../chain/readReleaseKey.js'
import { writeDataPolicy } from '../chain/writeDataPolicy.js'
import { openDatasetKey } from '../envelope/datasetKey.js'
import { sealOwnerDatasetKey } from '../envelope/ownerDatasetKey.js'
import { parseManifest, serializeManifest } from '../manifest/parseManifest.js'
import { deriveDatasetOwnerKey } from '../resultKey/deriveResultKey.js'
import type { StorageAdapter } from '../storage/types.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { publishDataset } from './publishDataset.js'
import { resealDataset } from './resealDataset.js'
import type { AttestReleaseKey } from './resolveReleaseKey.js'

const fast = { pollingIntervalMs: 20 }
const releaseKey1 = hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f')
const releaseKey2 = hexToBytes('0x1b2d3f4a5c6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708')
const pub = (key: Uint8Array) => bytesToHex(secp256k1.getPublicKey(key, true))
const orchestratorPolicy = keccak256(stringToHex('orchestrator policy'))
const evidence = (n: number) => keccak256(stringToHex(`evidence ${n}`))
const policy = {
  royaltyPerEpoch: 3n,
  maxEpochsPerJob: 5,
  maxActiveJobsPerRequester: 3,
  sessionTtl: 3600,
  expiry: 0,
  allowedPurposes: 0b1,
  attestationPolicy: zeroHash,
}
const jsonl = (tag: string) =>
  Array.from({ length: 40 }, (_, i) => JSON.stringify({ prompt: `${tag} q${i}`, completion: `a${i}` })).join(
    '\n',
  )

let chain: DataPolicyChain
const objects = new Map<Hex, Uint8Array>()
const storage: StorageAdapter = {
  async upload(source) {
    const bytes = new Uint8Array(await new Response(source as BodyInit).arrayBuffer())
    const { root } = await zgRoot(bytes, { workers: 0 })
    objects.set(root, bytes)
    return { root, size: bytes.length }
  },
  async download(root) {
    return new Blob([objects.get(root)! as Uint8Array<ArrayBuffer>]).stream()
  },
  async has(root) {
    return objects.has(root)
  },
}

/**
 * Test double of the attester: reads the chain's current key without checking its evidence. The real one is
 * `verifyReleaseKey` (@licen/attestation-policy, above the sdk); the CLI's `licen reseal` test runs it.
 */
const chainKeyUnverified: AttestReleaseKey = async () => {
  const key = await readCurrentReleaseKey(chain.publicClient, { address: chain.dataPolicy })
  return { keyId: key.keyId, publicKey: key.publicKey, evidenceRef: key.evidenceRef }
}
const notAttested: AttestReleaseKey = async () => {
  throw new BaseError('The release key is not attested.', {
    code: 'RELEASE_KEY_NOT_ATTESTED',
    details: 'measurements',
  })
}

async function admin(functionName: string, args: readonly unknown[]) {
  await writeDataPolicy(chain.wallet(0), { address: chain.dataPolicy, functionName, args, ...fast } as never)
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string; shortMessage?: string }) => `${error.code}: ${error.shortMessage}`,
  )

const details = (tag: string) => ({
  name: `Set ${tag}`,
  description: '',
  version: '1.0.0',
  publisher: { address: chain.wallet(1).account.address },
  licence: { name: 'Test licence', text: 'Test' },
})

let withEnvelope: Hex
let withoutEnvelope: Hex
let strangersEnvelope: Hex

beforeAll(async () => {
  chain = await startDataPolicyChain()
  await admin('setAttestationPolicy', [
    orchestratorPolicy,
    true,
    'ipfs://orchestrator',
    policyRoleValue.orchestrator,
  ])
  await admin('registerReleaseKey', [pub(releaseKey1), evidence(1), orchestratorPolicy])
  const owner = chain.wallet(1)
  const registerDataset = (datasetRoot: Hex, manifestHash: Hex) =>
    writeDataPolicy(owner, {
      address: chain.dataPolicy,
      functionName: 'registerDataset',
      args: [datasetRoot, manifestHash, policy],
      ...fast,
    })
  const publish = async (tag: string, withSigner: boolean) => {
    const published = await publishDataset({
      source: new Blob([jsonl(tag)]),
      storage,
      attestReleaseKey: chainKeyUnverified,
      details: details(tag),
      chunkSizeLog2: 12,
      ...(withSigner ? { ownerKeySigner: owner.account } : {}),
    })
    await registerDataset(published.datasetRoot, published.manifestHash)
    return published
  }
  withEnvelope = (await publish('a', true)).datasetRoot
  withoutEnvelope = (await publish('b', false)).datasetRoot
  // A manifest whose owner envelope is sealed to another wallet's owner key, registered by the owner.
  const unregistered = await publishDataset({
    source: new Blob([jsonl('c')]),
    storage,
    attestReleaseKey: chainKeyUnverified,
    details: details('c'),
    chunkSizeLog2: 12,
    ownerKeySigner: owner.account,
  })
  const stranger = await deriveDatasetOwnerKey(chain.wallet(2).account)
  const tampered = serializeManifest({
    ...unregistered.manifest,
    ownerKeyEnvelope: {
      ...unregistered.manifest.ownerKeyEnvelope!,
      ownerPublicKey: stranger.publicKey,
      envelope: bytesToHex(
        sealOwnerDatasetKey({
          ownerPublicKey: stranger.publicKey,
          datasetRoot: unregistered.datasetRoot,
          owner: owner.account.address,
          key: new Uint8Array(32).fill(7),
        }),
      ),
    },
  })
  const stored = await storage.upload(tampered)
  await registerDataset(unregistered.datasetRoot, stored.root)
  strangersEnvelope = unregistered.datasetRoot
}, 120_000)

afterAll(async () => {
  await chain?.stop()
})

describe('resealDataset (anvil)', () => {
  test('behavior: re-seals to the new current key; same data root and key, new manifest, policy version 2', async () => {
    const owner = chain.wallet(1)
    const base = {
      client: owner,
      address: chain.dataPolicy,
      storage,
      ownerKeySigner: owner.account,
      attestReleaseKey: chainKeyUnverified,
      ...fast,
    }
    // Key 1 is still current: nothing to do.
    expect(await codeOf(resealDataset({ ...base, datasetRoot: withEnvelope }))).toBe(
      'RESEAL_KEY_ALREADY_CURRENT: The dataset is already sealed to the current release key.',
    )
    await admin('registerReleaseKey', [pub(releaseKey2), evidence(2), orchestratorPolicy])
    const before = await readDataset(chain.publicClient, {
      address: chain.dataPolicy,
      datasetRoot: withEnvelope,
    })
    const oldManifest = parseManifest(objects.get(before.manifestHash)!)
    const stored = objects.size

    // A key that does not verify: the verifier's error, nothing uploaded, nothing sent.
    expect(
      await codeOf(resealDataset({ ...base, datasetRoot: withEnvelope, attestReleaseKey: notAttested })),
    ).toBe('RELEASE_KEY_NOT_ATTESTED: The release key is not attested.')
    expect(objects.size).toBe(stored)

    const result = await resealDataset({ ...base, datasetRoot: withEnvelope })
    expect(result.previous).toEqual({
      keyId: 1,
      releasePublicKey: pub(releaseKey1),
      manifestHash: before.manifestHash,
    })
    expect(result.current).toEqual({
      keyId: 2,
      releasePublicKey: pub(releaseKey2),
      evidenceRef: evidence(2),
      manifestHash: result.current.manifestHash,
    })
    expect(result.policyVersion).toBe(2)
    expect(objects.size).toBe(stored + 1)
    const after = await readDataset(chain.publicClient, {
      address: chain.dataPolicy,
      datasetRoot: withEnvelope,
    })
    expect(after.manifestHash).toBe(result.current.manifestHash)
    expect(after.policyVersion).toBe(2)
    expect(after.policy).toEqual(before.policy)
    const manifestAt = (version: number) =>
      readContract(chain.publicClient, {
        address: chain.dataPolicy,
        abi: dataPolicyAbi,
        functionName: 'manifestAt',
        args: [withEnvelope, version],
      })
    expect(await manifestAt(1)).toBe(before.manifestHash)
    expect(await manifestAt(2)).toBe(result.current.manifestHash)

    // The stored manifest is the old one but for the release envelope; both envelopes give the same dataset key.
    const newManifest = parseManifest(objects.get(result.current.manifestHash)!)
    expect(newManifest).toEqual(result.manifest)
    expect({ ...newManifest, keyEnvelope: undefined }).toEqual({ ...oldManifest, keyEnvelope: undefined })
    expect(newManifest.keyEnvelope.keyId).toBe(2)
    expect(newManifest.keyEnvelope.evidenceRef).toBe(evidence(2))
    const context = { datasetRoot: withEnvelope, owner: owner.account.address }
    const oldKey = openDatasetKey({
      releasePrivateKey: releaseKey1,
      envelope: oldManifest.keyEnvelope.envelope as Hex,
      ...context,
    })
    const newKey = openDatasetKey({
      releasePrivateKey: releaseKey2,
      envelope: newManifest.keyEnvelope.envelope as Hex,
      ...context,
    })
    expect(bytesToHex(newKey)).toBe(bytesToHex(oldKey))

    // Once re-sealed, the key is current.
    expect(await codeOf(resealDataset({ ...base, datasetRoot: withEnvelope }))).toBe(
      'RESEAL_KEY_ALREADY_CURRENT: The dataset is already sealed to the current release key.',
    )
  })

  test('error: not the owner, no owner envelope, an envelope another wallet sealed; nothing uploaded or sent', async () => {
    const owner = chain.wallet(1)
    const stranger = chain.wallet(2)
    const stored = objects.size
    const manifestOf = async (datasetRoot: Hex) =>
      (await readDataset(chain.publicClient, { address: chain.dataPolicy, datasetRoot })).manifestHash
    const before = await Promise.all([withoutEnvelope, strangersEnvelope].map(manifestOf))
    const refusal = (sender: typeof owner, signer: typeof owner, datasetRoot: Hex) =>
      codeOf(
        resealDataset({
          client: sender,
          ownerKeySigner: signer.account,
          datasetRoot,
          address: chain.dataPolicy,
          storage,
          attestReleaseKey: chainKeyUnverified,
          ...fast,
        }),
      )

    expect(await refusal(stranger, stranger, strangersEnvelope)).toBe(
      'RESEAL_NOT_OWNER: Only the dataset owner can re-seal it.',
    )
    expect(await refusal(owner, stranger, strangersEnvelope)).toBe(
      'RESEAL_NOT_OWNER: Only the dataset owner can re-seal it.',
    )
    expect(await refusal(owner, owner, withoutEnvelope)).toBe(
      'RESEAL_NO_OWNER_ENVELOPE: The manifest has no owner envelope: publish the dataset again to re-seal it.',
    )
    expect(await refusal(owner, owner, strangersEnvelope)).toBe(
      'RESEAL_OWNER_ENVELOPE_UNOPENABLE: The owner envelope does not open with the key this wallet derives.',
    )
    expect(await refusal(owner, owner, `0x${'99'.repeat(32)}`)).toBe(
      'DATA_POLICY_UNKNOWN_DATASET: No dataset is registered under this root.',
    )

    expect(objects.size).toBe(stored)
    expect(await Promise.all([withoutEnvelope, strangersEnvelope].map(manifestOf))).toEqual(before)
  })
})
