import { type Hex, hexToBytes, keccak256, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { hashEpochReceipt, nextEpochReceipt, signEpochReceipt } from '../eip712/epochReceipt.js'
import { dataPolicyDomain, type EpochReceipt } from '../eip712/types.js'
import { adapterFileFromBytes } from './adapterFileFromBytes.js'
import type { AdapterFile } from './decodeAdapterContainer.js'
import vectors from './fixtures/vectors.json' with { type: 'json' }
import {
  decodeResultReceiptsFile,
  encodeResultReceiptsFile,
  type ResultReceipt,
} from './resultReceiptsFile.js'
import { verifyResultFiles } from './verifyResultFiles.js'

const enc = new TextEncoder()
const job = { chainId: vectors.chainId, contract: vectors.contract as Hex, jobId: BigInt(vectors.jobId) }
const domain = dataPolicyDomain({ chainId: job.chainId, verifyingContract: job.contract })
const impostor = privateKeyToAccount('0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97')
const model = hexToBytes(vectors.adapterModel as Hex)
const frozen = () => decodeResultReceiptsFile(enc.encode(vectors.receiptsFile))

const file = (name: string, bytes: Uint8Array): AdapterFile => ({
  ...adapterFileFromBytes(name, bytes),
  bytes: new Uint8Array(bytes),
})
const filesWith = (receipts: Uint8Array | undefined, adapter: Uint8Array | undefined = model) => [
  file('adapter_config.json', enc.encode(vectors.adapterConfig)),
  ...(adapter ? [file('adapter_model.safetensors', adapter)] : []),
  ...(receipts ? [file('licen_receipts.json', receipts)] : []),
]
const settled = {
  ...job,
  enclaveSigner: vectors.enclaveSigner as Hex,
  receiptsHead: vectors.receiptsHead as Hex,
  actualEpochs: vectors.actualEpochs,
}
const verify = (receipts: readonly ResultReceipt[] | Uint8Array | undefined, overrides: object = {}) =>
  verifyResultFiles({
    ...settled,
    files: filesWith(
      receipts instanceof Uint8Array || !receipts ? receipts : encodeResultReceiptsFile(receipts),
    ),
    ...overrides,
  })

/** Receipts whose digests are recomputed after `edit`, signed by `signer` (or keeping the old signatures). */
async function resigned(
  edit: (receipt: EpochReceipt, index: number) => EpochReceipt,
  signer?: typeof impostor,
): Promise<ResultReceipt[]> {
  return Promise.all(
    frozen().map(async ({ receipt, signature }, i) => {
      const edited = edit(receipt, i)
      return {
        receipt: edited,
        digest: hashEpochReceipt(domain, edited),
        signature: signer ? await signEpochReceipt({ signer, domain, receipt: edited }) : signature,
      }
    }),
  )
}

describe('verifyResultFiles', () => {
  test('default: the frozen receipts (signed by ethers) verify against the settled values alone', async () => {
    const result = await verify(enc.encode(vectors.receiptsFile))
    expect(result.adapterHash).toBe(vectors.adapterHash)
    expect(result.adapterHash).toBe(keccak256(model))
    expect(result.receiptsHead).toBe(vectors.receiptsHead)
    expect(result.receipts.map(({ receipt }) => [receipt.epoch, receipt.samples, receipt.lossMicro])).toEqual(
      [
        [1, 40n, 2_000_000n],
        [2, 40n, 1_999_999n],
      ],
    )
    expect(result.files.map((f) => f.name)).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
      'licen_receipts.json',
    ])
  })

  test('behavior: the settled head and signer may be given in any hex case', async () => {
    const result = await verify(enc.encode(vectors.receiptsFile), {
      receiptsHead: vectors.receiptsHead.toUpperCase().replace('0X', '0x'),
      enclaveSigner: vectors.enclaveSigner.toLowerCase(),
    })
    expect(result.receiptsHead).toBe(vectors.receiptsHead)
  })

  test('error: a result without a receipts file', async () => {
    await expect(verify(undefined)).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISSING',
      shortMessage: 'The result holds no signed epoch receipts.',
    })
  })

  test('error: a receipts file out of its schema', async () => {
    await expect(verify(enc.encode('[]'))).rejects.toMatchObject({ code: 'RESULT_RECEIPTS_INVALID' })
  })

  test.each([
    ['jobId', (r: EpochReceipt) => ({ ...r, jobId: 8n })],
    ['epoch', (r: EpochReceipt) => ({ ...r, epoch: r.epoch + 1 })],
    ['samples', (r: EpochReceipt) => ({ ...r, samples: 41n })],
    ['lossMicro', (r: EpochReceipt) => ({ ...r, lossMicro: 1n })],
    ['adapterHash', (r: EpochReceipt) => ({ ...r, adapterHash: zeroHash })],
    ['prevReceipt', (r: EpochReceipt) => ({ ...r, prevReceipt: `0x${'11'.repeat(32)}` as Hex })],
  ])('error: %s edited, digest left as it was', async (_, edit) => {
    const receipts = frozen().map((r, i) => (i === 1 ? { ...r, receipt: edit(r.receipt) } : r))
    await expect(verify(receipts)).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_BROKEN',
      details: 'receipt 1 carries a digest other than its EIP-712 digest',
    })
  })

  test.each([
    ['jobId', (r: EpochReceipt) => ({ ...r, jobId: 8n }), 'RESULT_RECEIPTS_BROKEN', 'receipt 0 is for job 8'],
    [
      'epoch',
      (r: EpochReceipt) => ({ ...r, epoch: r.epoch + 1 }),
      'RESULT_RECEIPTS_BROKEN',
      'receipt 0 has epoch 2, expected 1',
    ],
    [
      'samples',
      (r: EpochReceipt) => ({ ...r, samples: 41n }),
      'RESULT_RECEIPT_SIGNER_MISMATCH',
      expect.stringMatching(/^receipt 0 recovers to 0x[0-9a-fA-F]{40}$/),
    ],
    [
      'lossMicro',
      (r: EpochReceipt) => ({ ...r, lossMicro: 1n }),
      'RESULT_RECEIPT_SIGNER_MISMATCH',
      expect.stringMatching(/^receipt 0 recovers to /),
    ],
    [
      'adapterHash',
      (r: EpochReceipt) => ({ ...r, adapterHash: zeroHash }),
      'RESULT_RECEIPT_SIGNER_MISMATCH',
      expect.stringMatching(/^receipt 0 recovers to /),
    ],
    [
      'prevReceipt',
      (r: EpochReceipt) => ({ ...r, prevReceipt: `0x${'11'.repeat(32)}` as Hex }),
      'RESULT_RECEIPTS_BROKEN',
      'receipt 0 does not link the previous receipt',
    ],
  ])('error: %s edited and its digest recomputed', async (_, edit, code, details) => {
    await expect(verify(await resigned(edit))).rejects.toMatchObject({ code, details })
  })

  test('error: a signature byte changed', async () => {
    const receipts = frozen()
    const signature = receipts[0]!.signature
    receipts[0] = { ...receipts[0]!, signature: `${signature.slice(0, 10)}00${signature.slice(12)}` as Hex }
    await expect(verify(receipts)).rejects.toMatchObject({
      code: 'RESULT_RECEIPT_SIGNER_MISMATCH',
      details: 'receipt 0 recovers to 0x46714a6536cAFe619B9053Fc51EDe629a3F26779',
    })
  })

  test('error: a signature that recovers to no key (r = 0)', async () => {
    const receipts = frozen()
    const signature = receipts[1]!.signature
    receipts[1] = { ...receipts[1]!, signature: `0x${'00'.repeat(32)}${signature.slice(66)}` as Hex }
    await expect(verify(receipts)).rejects.toMatchObject({
      code: 'RESULT_RECEIPT_SIGNER_MISMATCH',
      details: 'a signature does not recover',
    })
  })

  test('error: a chain signed by another key', async () => {
    await expect(verify(await resigned((r) => r, impostor))).rejects.toMatchObject({
      code: 'RESULT_RECEIPT_SIGNER_MISMATCH',
      shortMessage: 'An epoch receipt is not signed by the job’s enclave key.',
      details: `receipt 0 recovers to ${impostor.address}`,
    })
  })

  test('error: the last receipt left out (a valid chain, but not up to the settled head)', async () => {
    await expect(verify(frozen().slice(0, 1))).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISMATCH',
      shortMessage: 'The receipts do not end at the settled receipts head.',
      details: `${frozen()[0]!.digest} ≠ ${vectors.receiptsHead}`,
    })
  })

  test('error: the first receipt left out', async () => {
    await expect(verify(frozen().slice(1))).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_BROKEN',
      details: 'receipt 0 has epoch 2, expected 1',
    })
  })

  test('error: another settled head', async () => {
    await expect(verify(frozen(), { receiptsHead: zeroHash })).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISMATCH',
    })
  })

  test('error: another settled epoch count', async () => {
    await expect(verify(frozen(), { actualEpochs: 3 })).rejects.toMatchObject({
      code: 'RESULT_EPOCHS_MISMATCH',
      shortMessage: 'The result has another number of receipts than epochs settled.',
      details: '2 receipts, 3 epochs settled',
    })
  })

  test('error: another job id or deployment than the receipts were signed for', async () => {
    await expect(verify(frozen(), { jobId: 8n })).rejects.toMatchObject({ code: 'RESULT_RECEIPTS_BROKEN' })
    await expect(verify(frozen(), { chainId: 1 })).rejects.toMatchObject({ code: 'RESULT_RECEIPTS_BROKEN' })
  })

  test('error: an adapter other than the one the last receipt names', async () => {
    await expect(
      verifyResultFiles({
        ...settled,
        files: filesWith(enc.encode(vectors.receiptsFile), new Uint8Array([9])),
      }),
    ).rejects.toMatchObject({
      code: 'RESULT_ADAPTER_MISMATCH',
      shortMessage: 'The adapter is not the one the enclave signed.',
      details: `keccak256 ${keccak256(new Uint8Array([9]))} ≠ ${vectors.adapterHash}`,
    })
  })

  test('error: no adapter weights', async () => {
    const files = filesWith(enc.encode(vectors.receiptsFile)).filter(
      (f) => f.name !== 'adapter_model.safetensors',
    )
    await expect(verifyResultFiles({ ...settled, files })).rejects.toMatchObject({
      code: 'RESULT_ADAPTER_MISMATCH',
      shortMessage: 'The result holds no adapter_model.safetensors.',
    })
  })

  test('behavior: receipts built by the sdk for another adapter verify once the chain settles them', async () => {
    const adapter = enc.encode('other weights')
    const signer = privateKeyToAccount('0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6')
    const receipt = nextEpochReceipt({
      domain,
      previous: undefined,
      jobId: job.jobId,
      samples: 3n,
      lossMicro: 5n,
      adapterHash: keccak256(adapter),
    })
    const receipts = [
      {
        receipt,
        digest: hashEpochReceipt(domain, receipt),
        signature: await signEpochReceipt({ signer, domain, receipt }),
      },
    ]
    const result = await verifyResultFiles({
      ...settled,
      receiptsHead: receipts[0]!.digest,
      actualEpochs: 1,
      files: filesWith(encodeResultReceiptsFile(receipts), adapter),
    })
    expect(result.adapterHash).toBe(keccak256(adapter))
  })
})
