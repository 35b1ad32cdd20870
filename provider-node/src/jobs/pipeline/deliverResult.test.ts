import { dataPolicyDomain, readResultObject, StorageError, verifyResultFiles } from '@licen/sdk'
import { signedReceiptChain } from '@licen/sdk/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { CHAIN_ID, DATA_POLICY, memoryStorage } from '../../../test/fakes.js'
import type { SignedReceipt } from '../JobRecord.js'
import { receiptView } from '../jobView.js'
import { deliverResult } from './deliverResult.js'

const domain = dataPolicyDomain({ chainId: CHAIN_ID, verifyingContract: DATA_POLICY })
const enclave = privateKeyToAccount('0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6')
const researcherKey = new Uint8Array(32).fill(7)
const resultPubKey = bytesToHex(secp256k1.getPublicKey(researcherKey, true))
const adapter = {
  config: new TextEncoder().encode('{"r":4}'),
  safetensors: new TextEncoder().encode('weights'),
}

/** Two signed receipts, the last naming `lastHash`. */
function receiptsFor(lastHash = keccak256(adapter.safetensors)): Promise<SignedReceipt[]> {
  return signedReceiptChain({
    signer: enclave,
    domain,
    jobId: 4n,
    samples: 12n,
    lossMicro: 1_000_000n,
    adapterHashes: [keccak256(new Uint8Array([1])), lastHash],
  })
}

const job = { chainId: CHAIN_ID, contract: DATA_POLICY, jobId: 4n, resultPubKey }

describe('deliverResult', () => {
  test('default: uploads the adapter and the final receipts, verifiable from the settled values alone', async () => {
    const storage = memoryStorage()
    const receipts = await receiptsFor()
    const { resultRoot, size } = await deliverResult({ ...job, storage, adapter, receipts })
    const object = storage.objects.get(resultRoot)!
    expect(size).toBe(object.length)
    const files = await readResultObject({ ...job, resultPrivateKey: researcherKey, source: object })
    expect(files.map((f) => [f.name, f.size])).toEqual([
      ['adapter_config.json', 7],
      ['adapter_model.safetensors', 7],
      ['licen_receipts.json', 929],
    ])
    // Exactly what GET /v1/jobs/:jobId serves as `receipts`.
    expect(new TextDecoder().decode(files[2]!.bytes)).toBe(JSON.stringify(receipts.map(receiptView)))
    const verified = await verifyResultFiles({
      ...job,
      enclaveSigner: enclave.address,
      receiptsHead: receipts[1]!.digest,
      actualEpochs: 2,
      files,
    })
    expect(verified.receipts).toEqual(receipts)
  })

  test('error: an adapter other than the one the last receipt hashed', async () => {
    const storage = memoryStorage()
    await expect(
      deliverResult({
        ...job,
        storage,
        adapter,
        receipts: await receiptsFor(keccak256(new Uint8Array([2]))),
      }),
    ).rejects.toMatchObject({ code: 'ADAPTER_HASH_MISMATCH' })
    expect(storage.objects.size).toBe(0)
  })

  test('error: no receipts', async () => {
    const storage = memoryStorage()
    await expect(deliverResult({ ...job, storage, adapter, receipts: [] })).rejects.toMatchObject({
      code: 'ADAPTER_HASH_MISMATCH',
    })
    expect(storage.objects.size).toBe(0)
  })

  test('error: storage refuses the upload', async () => {
    const storage = {
      ...memoryStorage(),
      upload: async () => {
        throw new StorageError('down', { code: 'STORAGE_UNAVAILABLE' })
      },
    }
    await expect(
      deliverResult({ ...job, storage, adapter, receipts: await receiptsFor() }),
    ).rejects.toMatchObject({
      code: 'RESULT_UPLOAD_FAILED',
    })
  })
})
