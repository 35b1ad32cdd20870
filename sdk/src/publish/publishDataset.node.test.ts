// Front-running registerDataset (#17 item 3) against the real contract on anvil (automine: a block per transaction).
import { startDataPolicyChain } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { type Address, bytesToHex, type Hex, hexToBytes, keccak256, stringToHex, zeroHash } from 'viem'
import { afterAll, describe, expect, test } from 'vitest'
import { readDataset } from '../chain/readDataset.js'
import { writeDataPolicy } from '../chain/writeDataPolicy.js'
import type { StorageAdapter } from '../storage/types.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { commitDatasetRoot, waitForCommitmentAge } from './commitDatasetRoot.js'
import { datasetCommitment } from './datasetCommitment.js'
import { publishDataset } from './publishDataset.js'
import { registerPublishedDataset } from './registerPublishedDataset.js'

const releasePublicKey = bytesToHex(
  secp256k1.getPublicKey(
    hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f'),
    true,
  ),
)
const policy = {
  royaltyPerEpoch: 3n,
  maxEpochsPerJob: 5,
  maxActiveJobsPerRequester: 3,
  sessionTtl: 3600,
  expiry: 0,
  allowedPurposes: 0b1,
  attestationPolicy: zeroHash,
}
const fast = { pollingIntervalMs: 20 }
const jsonl = Array.from({ length: 50 }, (_, i) =>
  JSON.stringify({ prompt: `q${i}`, completion: `a${i}` }),
).join('\n')

// One chain for the file, started as it loads: anvil account 1 publishes, account 2 tries to squat its root.
const chain = await startDataPolicyChain()
afterAll(() => chain.stop())
const address = chain.dataPolicy
const owner = chain.wallet(1)
const squatter = chain.wallet(2)

/** In-memory storage; `onStored` runs once the dataset ciphertext is stored (its root is now public). */
function storage(onStored: (root: Hex) => Promise<void>): StorageAdapter {
  const objects = new Map<Hex, Uint8Array>()
  let first = true
  return {
    async upload(source) {
      const bytes = new Uint8Array(await new Response(source as BodyInit).arrayBuffer())
      const { root } = await zgRoot(bytes, { workers: 0 })
      objects.set(root, bytes)
      if (first) {
        first = false
        await onStored(root)
      }
      return { root, size: bytes.length }
    },
    async download(root) {
      return new Blob([objects.get(root)! as Uint8Array<ArrayBuffer>]).stream()
    },
    async has(root) {
      return objects.has(root)
    },
  }
}

const details = (publisher: Address) => ({
  name: 'Copied set',
  description: '',
  version: '1.0.0',
  publisher: { address: publisher },
  licence: { name: 'Test licence', text: 'Test' },
})

describe('publishDataset with register (anvil)', () => {
  test('behavior: a squatter registering between commit and register is displaced, and the owner is told', async () => {
    const steps: string[] = []
    const result = await publishDataset({
      source: new Blob([jsonl]),
      storage: storage(async (root) => {
        // The squatter copies the root as soon as the ciphertext is stored and registers it first.
        await writeDataPolicy(squatter, {
          address,
          functionName: 'registerDataset',
          args: [root, keccak256(stringToHex('copied manifest')), { ...policy, royaltyPerEpoch: 0n }],
          ...fast,
        })
      }),
      releasePublicKey,
      details: details(owner.account.address),
      chunkSizeLog2: 12,
      register: {
        client: owner,
        address,
        policy,
        commitTimeoutMs: 10_000,
        ...fast,
        onStep: ({ step }) => steps.push(step),
      },
    })
    expect(steps).toEqual(['commit', 'wait-commitment', 'register'])
    expect(result.registration?.outcome).toBe('displaced')
    expect(result.registration?.previousOwner).toBe(squatter.account.address)
    expect(result.registration?.message).toBe(
      `Another account (${squatter.account.address}) had registered a copy of this dataset; your earlier commitment took it back. Jobs granted on its terms will not start and are refunded.`,
    )
    const dataset = await readDataset(owner, { address, datasetRoot: result.datasetRoot })
    expect(dataset.owner).toBe(owner.account.address)
    expect(dataset.manifestHash).toBe(result.manifestHash)
    expect(dataset.policyVersion).toBe(2)
  })

  test('error: another account committed to the same root first; the owner is told in plain words', async () => {
    const datasetRoot = keccak256(stringToHex('identical ciphertext'))
    await commitDatasetRoot(squatter, { address, datasetRoot, ...fast })
    const committed = await commitDatasetRoot(owner, { address, datasetRoot, ...fast })
    const again = await commitDatasetRoot(owner, { address, datasetRoot, ...fast })
    expect(again).toEqual(committed)
    expect(committed.commitment).toBe(datasetCommitment(owner.account.address, datasetRoot))
    await registerPublishedDataset(squatter, {
      address,
      datasetRoot,
      manifestHash: datasetRoot,
      policy,
      ...fast,
    })
    const error = await registerPublishedDataset(owner, {
      address,
      datasetRoot,
      manifestHash: datasetRoot,
      policy,
      ...fast,
    }).catch((e: { code: string; shortMessage: string; details: string }) => e)
    expect(error).toMatchObject({
      code: 'PUBLISH_DATASET_CLAIMED',
      shortMessage: `Another account (${squatter.account.address}) claimed this exact ciphertext before your commitment did, so it keeps the dataset. Identical ciphertext means it holds the same encrypted file; your key stays safe (the sealed key names only you), but to publish you must encrypt again (a fresh key gives a new root) and upload.`,
      details: `${datasetRoot}: its commitment block ${committed.blockNumber - 1n}, yours block ${committed.blockNumber}`,
    })
    const same = await registerPublishedDataset(squatter, {
      address,
      datasetRoot,
      manifestHash: datasetRoot,
      policy,
      ...fast,
    }).catch((e: { code: string; shortMessage: string }) => e)
    expect(same).toMatchObject({
      code: 'PUBLISH_ALREADY_REGISTERED',
      shortMessage: 'You have already registered this dataset.',
    })
  })

  test('error: no block after the commitment within the deadline', async () => {
    const blockNumber = (await commitDatasetRoot(owner, { address, datasetRoot: keccak256('0x01'), ...fast }))
      .blockNumber
    const error = await waitForCommitmentAge(owner, { blockNumber, timeoutMs: 100, ...fast }).catch(
      (e: { code: string; details: string }) => e,
    )
    expect(error).toMatchObject({
      code: 'PUBLISH_COMMIT_TIMEOUT',
      details: `waited 0 s for a block after ${blockNumber} (chain at ${blockNumber}); publish again to register`,
    })
  })
})
