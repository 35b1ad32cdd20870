import {
  adapterFileFromBytes,
  createAdapterContainerStream,
  createResultObjectStream,
  type DownloadResultParameters,
  dataPolicyDomain,
  downloadResult,
  encodeResultReceiptsFile,
  type StorageAdapter,
} from '@licen/sdk'
import { signedReceiptChain } from '@licen/sdk/testing'
import { bytesToHex, type Hex, keccak256, toHex, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { failedChecks, passedChecks } from './resultChecks.js'

const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const domain = dataPolicyDomain({ chainId: 31337, verifyingContract: contract })
const enclave = privateKeyToAccount(`0x${'42'.repeat(32)}`)
const resultPrivateKey = new Uint8Array(32).fill(3)
const model = new TextEncoder().encode('weights')

/**
 * A real result object of job 1 (two receipts inside, the last naming `model`) holding `stored` as its weights,
 * served by an in-memory store under a fixed root.
 */
async function settledJob(stored: Uint8Array = model): Promise<DownloadResultParameters> {
  const receipts = await signedReceiptChain({
    signer: enclave,
    domain,
    jobId: 1n,
    samples: 10n,
    lossMicro: 1_000_000n,
    adapterHashes: [keccak256(toHex('e1')), keccak256(model)],
  })
  const object = await createResultObjectStream({
    chainId: 31337,
    contract,
    jobId: 1n,
    resultPublicKey: privateKeyToAccount(bytesToHex(resultPrivateKey)).publicKey,
    plaintext: createAdapterContainerStream([
      adapterFileFromBytes('adapter_config.json', new TextEncoder().encode('{}')),
      adapterFileFromBytes('adapter_model.safetensors', stored),
      adapterFileFromBytes('licen_receipts.json', encodeResultReceiptsFile(receipts)),
    ]),
  })
  const bytes = new Uint8Array(await new Response(object).arrayBuffer())
  const storage: StorageAdapter = {
    upload: async () => ({ root: zeroHash, size: bytes.length }),
    download: async () => new Blob([bytes]).stream(),
    has: async () => true,
  }
  return {
    storage,
    chainId: 31337,
    contract,
    jobId: 1n,
    resultRoot: zeroHash,
    receiptsHead: receipts[1]!.digest,
    actualEpochs: 2,
    enclaveSigner: enclave.address,
    resultPrivateKey,
  }
}

describe('passedChecks', () => {
  test('default: the three checks of a verified download, with what each compared', async () => {
    const job = await settledJob()
    expect(passedChecks(await downloadResult(job), job)).toEqual([
      {
        name: 'Receipts signed by the enclave key',
        ok: true,
        detail: `2 receipts in the result chain, each signed by ${enclave.address}`,
      },
      {
        name: 'Receipt chain ends at the settled head',
        ok: true,
        detail: `${job.receiptsHead} = on-chain head; 2 receipts for 2 settled epochs`,
      },
      {
        name: 'Adapter hash matches the last signed receipt',
        ok: true,
        detail: `keccak256 ${keccak256(model)} = the last receipt's`,
      },
    ])
  })
})

describe('failedChecks', () => {
  const failure = async (overrides: Partial<DownloadResultParameters>, stored = model) => {
    const job = await settledJob(stored)
    return downloadResult({ ...job, ...overrides }).then(
      () => expect.unreachable(),
      (error: unknown) => error,
    )
  }

  test('error: another settled epoch count fails the second check', async () => {
    expect(failedChecks(await failure({ actualEpochs: 3 }))).toEqual([
      { name: 'Receipts signed by the enclave key', ok: true, detail: 'verified' },
      {
        name: 'Receipt chain ends at the settled head',
        ok: false,
        detail: 'The result has another number of receipts than epochs settled. 2 receipts, 3 epochs settled',
      },
    ])
  })

  test('error: another enclave signer fails the first check', async () => {
    const other = privateKeyToAccount(`0x${'43'.repeat(32)}`).address
    expect(failedChecks(await failure({ enclaveSigner: other }))).toEqual([
      {
        name: 'Receipts signed by the enclave key',
        ok: false,
        detail: `An epoch receipt is not signed by the job’s enclave key. receipt 0 recovers to ${enclave.address}`,
      },
    ])
  })

  test('error: another settled head fails the second check', async () => {
    const { receiptsHead } = await settledJob()
    const other: Hex = `0x${'11'.repeat(32)}`
    expect(failedChecks(await failure({ receiptsHead: other }))).toEqual([
      { name: 'Receipts signed by the enclave key', ok: true, detail: 'verified' },
      {
        name: 'Receipt chain ends at the settled head',
        ok: false,
        detail: `The receipts do not end at the settled receipts head. ${receiptsHead} ≠ ${other}`,
      },
    ])
  })

  test('error: weights other than the last receipt names fail the third check', async () => {
    const other = new TextEncoder().encode('other weights')
    expect(failedChecks(await failure({}, other))).toEqual([
      { name: 'Receipts signed by the enclave key', ok: true, detail: 'verified' },
      { name: 'Receipt chain ends at the settled head', ok: true, detail: 'verified' },
      {
        name: 'Adapter hash matches the last signed receipt',
        ok: false,
        detail: `The adapter is not the one the enclave signed. keccak256 ${keccak256(other)} ≠ ${keccak256(model)}`,
      },
    ])
  })

  test('behavior: a failure before verification (wrong result key) is not a verdict', async () => {
    const error = await failure({ resultPrivateKey: new Uint8Array(32).fill(4) })
    expect((error as { code: string }).code).toBe('ENVELOPE_DECRYPT_FAILED')
    expect(failedChecks(error)).toBeUndefined()
    expect(failedChecks(new Error('boom'))).toBeUndefined()
  })
})
