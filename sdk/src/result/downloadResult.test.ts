import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes, keccak256, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import {
  hashEpochReceipt,
  nextEpochReceipt,
  type SignedEpochReceipt,
  signEpochReceipt,
} from '../eip712/epochReceipt.js'
import { dataPolicyDomain, type EpochReceipt } from '../eip712/types.js'
import type { StorageAdapter } from '../storage/types.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { adapterFileFromBytes } from './adapterFileFromBytes.js'
import { createAdapterContainerStream } from './createAdapterContainerStream.js'
import { createResultObjectStream } from './createResultObjectStream.js'
import { downloadResult } from './downloadResult.js'

const resultPrivateKey = hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f')
const resultPublicKey = secp256k1.getPublicKey(resultPrivateKey, true)
const enclave = privateKeyToAccount('0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6')
const impostor = privateKeyToAccount('0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97')
const job = { chainId: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3', jobId: 7n } as const
const domain = dataPolicyDomain({ chainId: job.chainId, verifyingContract: job.contract })
const config = new TextEncoder().encode('{"r":8}')
const model = new Uint8Array(5000).map((_, i) => (i * 13) % 251)

async function setup(options: { adapter?: Uint8Array; signer?: typeof enclave } = {}) {
  const sealed = new Uint8Array(
    await new Response(
      await createResultObjectStream({
        ...job,
        resultPublicKey,
        chunkSizeLog2: 10,
        plaintext: createAdapterContainerStream([
          adapterFileFromBytes('adapter_config.json', config),
          adapterFileFromBytes('adapter_model.safetensors', model),
        ]),
      }),
    ).arrayBuffer(),
  )
  const { root } = await zgRoot(sealed, { workers: 0 })
  const storage: StorageAdapter = {
    upload: async () => ({ root, size: sealed.length }),
    download: async () => new Blob([sealed]).stream(),
    has: async () => true,
  }
  const receipts: SignedEpochReceipt[] = []
  let previous: EpochReceipt | undefined
  for (const [i, hash] of [keccak256(new Uint8Array([1])), keccak256(options.adapter ?? model)].entries()) {
    const receipt = nextEpochReceipt({
      domain,
      previous,
      jobId: job.jobId,
      samples: 40n,
      lossMicro: BigInt(2_000_000 - i),
      adapterHash: hash,
    })
    receipts.push({
      receipt,
      signature: await signEpochReceipt({ signer: options.signer ?? enclave, domain, receipt }),
    })
    previous = receipt
  }
  return { storage, root, receipts, head: hashEpochReceipt(domain, previous!) }
}

const base = (s: Awaited<ReturnType<typeof setup>>, head: Hex = s.head) => ({
  storage: s.storage,
  ...job,
  resultRoot: s.root,
  receiptsHead: head,
  enclaveSigner: enclave.address,
  receipts: s.receipts,
  resultPrivateKey,
})

describe('downloadResult', () => {
  test('default: decrypts the adapter and checks it against the signed receipts and the settled head', async () => {
    const s = await setup()
    const result = await downloadResult(base(s))
    expect(result.files.map((file) => [file.name, file.size])).toEqual([
      ['adapter_config.json', 7],
      ['adapter_model.safetensors', 5000],
    ])
    expect(result.adapterHash).toBe(keccak256(model))
    expect(result.receiptsHead).toBe(s.head)
    expect(bytesToHex(result.files[1]!.bytes)).toBe(bytesToHex(model))
  })

  test('error: receipts that end elsewhere than the settled head', async () => {
    const s = await setup()
    await expect(downloadResult(base(s, zeroHash))).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISMATCH',
      shortMessage: 'The receipts do not end at the settled receipts head.',
    })
  })

  test('error: receipts signed by another key', async () => {
    const s = await setup({ signer: impostor })
    await expect(downloadResult(base(s))).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISMATCH',
      shortMessage: 'The epoch receipts do not verify.',
      details: 'Epoch receipt is not signed by the enclave signer.',
    })
  })

  test('error: an adapter other than the one the last receipt names', async () => {
    const s = await setup({ adapter: new Uint8Array([9, 9, 9]) })
    await expect(downloadResult(base(s))).rejects.toMatchObject({
      code: 'RESULT_ADAPTER_MISMATCH',
      shortMessage: 'The adapter is not the one the enclave signed.',
    })
  })

  test('error: a result key that is not the job’s', async () => {
    const s = await setup()
    await expect(
      downloadResult({ ...base(s), resultPrivateKey: hexToBytes(`0x${'11'.repeat(32)}`) }),
    ).rejects.toMatchObject({ code: 'ENVELOPE_DECRYPT_FAILED' })
  })
})
