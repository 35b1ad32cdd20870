import { encodeAbiParameters, type Hex, keccak256, stringToHex, toHex, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import {
  hashEpochReceipt,
  nextEpochReceipt,
  recoverEpochReceiptSigner,
  type SignedEpochReceipt,
  signEpochReceipt,
  toLossMicro,
  verifyReceiptChain,
} from './epochReceipt.js'
import {
  decodeFailureReason,
  encodeFailureReason,
  hashFailureReport,
  recoverFailureReportSigner,
  signFailureReport,
} from './failureReport.js'
import { hashResultManifest, recoverResultManifestSigner, signResultManifest } from './resultManifest.js'
import { dataPolicyDomain, type EpochReceipt, type ResultManifest } from './types.js'

const enclave = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const other = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')
const domain = dataPolicyDomain({
  chainId: 31337,
  verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
})
const h = (byte: string) => `0x${byte.repeat(32)}` as Hex

const manifest: ResultManifest = {
  jobId: 7n,
  datasetRoot: h('11'),
  resultRoot: h('22'),
  codeHash: h('33'),
  attestationRef: h('44'),
  actualEpochs: 3,
  receiptsHead: h('55'),
}
const receipt: EpochReceipt = {
  jobId: 7n,
  epoch: 1,
  samples: 1000n,
  lossMicro: 2_345_678n,
  adapterHash: h('66'),
  prevReceipt: zeroHash,
}

// The EIP-712 digest written out by hand from the spec (independent of viem's typed-data encoder).
function manualDigest(typeString: string, types: string[], values: unknown[]): Hex {
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
      ],
      [
        keccak256(
          stringToHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
        ),
        keccak256(stringToHex('LICEN DataPolicy')),
        keccak256(stringToHex('1')),
        31337n,
        domain.verifyingContract,
      ],
    ),
  )
  const structHash = keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, ...types.map((type) => ({ type }))],
      [keccak256(stringToHex(typeString)), ...values],
    ),
  )
  return keccak256(`0x1901${domainSeparator.slice(2)}${structHash.slice(2)}`)
}

describe('hashResultManifest', () => {
  test('default', () => {
    const expected = manualDigest(
      'ResultManifest(uint256 jobId,bytes32 datasetRoot,bytes32 resultRoot,bytes32 codeHash,bytes32 attestationRef,uint16 actualEpochs,bytes32 receiptsHead)',
      ['uint256', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'uint16', 'bytes32'],
      [7n, h('11'), h('22'), h('33'), h('44'), 3, h('55')],
    )
    expect(hashResultManifest(domain, manifest)).toBe(expected)
    expect(expected).toMatchInlineSnapshot(
      `"0x986a328180251ae835f53fa5426d9298b842b1324f32ffa45b51c4222afe1c6c"`,
    )
  })

  test('behavior: sign and recover', async () => {
    const signature = await signResultManifest({ signer: enclave, domain, manifest })
    expect(await recoverResultManifestSigner({ domain, manifest, signature })).toBe(enclave.address)
    expect(
      await recoverResultManifestSigner({ domain, manifest: { ...manifest, actualEpochs: 2 }, signature }),
    ).not.toBe(enclave.address)
  })

  test('error: fields out of range', () => {
    expect(() => hashResultManifest(domain, { ...manifest, actualEpochs: 65_536 })).toThrowError(
      expect.objectContaining({
        code: 'EIP712_INVALID_ARGUMENT',
        shortMessage: 'actualEpochs is out of range.',
      }),
    )
    expect(() => hashResultManifest(domain, { ...manifest, resultRoot: '0x12' })).toThrowError(
      expect.objectContaining({
        code: 'EIP712_INVALID_ARGUMENT',
        shortMessage: 'resultRoot must be a 32-byte 0x-hex value.',
      }),
    )
    expect(() => hashResultManifest(domain, { ...manifest, jobId: -1n })).toThrowError(
      expect.objectContaining({ code: 'EIP712_INVALID_ARGUMENT' }),
    )
  })
})

describe('hashEpochReceipt', () => {
  test('default', () => {
    const expected = manualDigest(
      'EpochReceipt(uint256 jobId,uint16 epoch,uint64 samples,uint64 lossMicro,bytes32 adapterHash,bytes32 prevReceipt)',
      ['uint256', 'uint16', 'uint64', 'uint64', 'bytes32', 'bytes32'],
      [7n, 1, 1000n, 2_345_678n, h('66'), zeroHash],
    )
    expect(hashEpochReceipt(domain, receipt)).toBe(expected)
    expect(expected).toMatchInlineSnapshot(
      `"0xb2701365aaff702d298dcc112bc75519263a95643acfbe6514381eccc44fa5f1"`,
    )
  })

  test('behavior: sign and recover', async () => {
    const signature = await signEpochReceipt({ signer: enclave, domain, receipt })
    expect(await recoverEpochReceiptSigner({ domain, receipt, signature })).toBe(enclave.address)
  })

  test('error: samples above uint64', () => {
    expect(() => hashEpochReceipt(domain, { ...receipt, samples: 2n ** 64n })).toThrowError(
      expect.objectContaining({ code: 'EIP712_INVALID_ARGUMENT', shortMessage: 'samples is out of range.' }),
    )
  })
})

describe('toLossMicro', () => {
  test('default', () => {
    expect(toLossMicro(2.3456784)).toBe(2_345_678n)
    expect(toLossMicro(2.3456785)).toBe(2_345_679n)
    expect(toLossMicro(0)).toBe(0n)
  })

  test('error: negative, NaN, infinite, too large', () => {
    for (const loss of [-0.1, Number.NaN, Number.POSITIVE_INFINITY, 2e13]) {
      expect(() => toLossMicro(loss)).toThrowError(
        expect.objectContaining({ code: 'EIP712_INVALID_ARGUMENT' }),
      )
    }
  })
})

describe('receipt chain', () => {
  async function chain(epochs: number, signer = enclave): Promise<SignedEpochReceipt[]> {
    const out: SignedEpochReceipt[] = []
    let previous: EpochReceipt | undefined
    for (let i = 0; i < epochs; i++) {
      const next = nextEpochReceipt({
        domain,
        previous,
        jobId: 7n,
        samples: 1000n,
        lossMicro: toLossMicro(2 - i * 0.5),
        adapterHash: toHex(i + 1, { size: 32 }),
      })
      out.push({ receipt: next, signature: await signEpochReceipt({ signer, domain, receipt: next }) })
      previous = next
    }
    return out
  }

  test('default', async () => {
    const receipts = await chain(3)
    expect(receipts.map(({ receipt: r }) => [r.epoch, r.lossMicro])).toEqual([
      [1, 2_000_000n],
      [2, 1_500_000n],
      [3, 1_000_000n],
    ])
    expect(receipts[0]!.receipt.prevReceipt).toBe(zeroHash)
    expect(receipts[1]!.receipt.prevReceipt).toBe(hashEpochReceipt(domain, receipts[0]!.receipt))
    const head = await verifyReceiptChain({ domain, jobId: 7n, signer: enclave.address, receipts })
    expect(head).toBe(hashEpochReceipt(domain, receipts[2]!.receipt))
  })

  test('behavior: no receipts give a zero head', async () => {
    expect(await verifyReceiptChain({ domain, jobId: 7n, signer: enclave.address, receipts: [] })).toBe(
      zeroHash,
    )
  })

  test('error: broken links, gaps, other job, other signer', async () => {
    const receipts = await chain(3)
    const verify = (list: SignedEpochReceipt[], signer = enclave.address) =>
      verifyReceiptChain({ domain, jobId: 7n, signer, receipts: list }).catch(
        (e: { code: string; details: string }) => `${e.code}: ${e.details}`,
      )
    expect(await verify([receipts[0]!, receipts[2]!])).toBe(
      'EIP712_RECEIPT_CHAIN_BROKEN: receipt 1 has epoch 3, expected 2',
    )
    expect(await verify([receipts[1]!, receipts[2]!])).toBe(
      'EIP712_RECEIPT_CHAIN_BROKEN: receipt 0 has epoch 2, expected 1',
    )
    const relinked = { ...receipts[1]!, receipt: { ...receipts[1]!.receipt, prevReceipt: h('99') } }
    expect(await verify([receipts[0]!, relinked])).toBe(
      'EIP712_RECEIPT_CHAIN_BROKEN: receipt 1 does not link the previous receipt',
    )
    const otherJob = { ...receipts[0]!, receipt: { ...receipts[0]!.receipt, jobId: 8n } }
    expect(await verify([otherJob])).toBe('EIP712_RECEIPT_CHAIN_BROKEN: receipt 0 is for job 8')
    const forged = await chain(2, other)
    expect(await verify(forged)).toBe(`EIP712_BAD_SIGNATURE: receipt 0 recovers to ${other.address}`)
    const edited = { ...receipts[0]!, receipt: { ...receipts[0]!.receipt, samples: 999n } }
    expect(await verify([edited])).toMatch(/^EIP712_BAD_SIGNATURE: receipt 0 recovers to 0x/)
  })
})

describe('failure reports', () => {
  test('default', async () => {
    const reason = encodeFailureReason('TRAINING_FAILED')
    expect(reason).toBe('0x545241494e494e475f4641494c45440000000000000000000000000000000000')
    expect(decodeFailureReason(reason)).toBe('TRAINING_FAILED')
    const report = { jobId: 7n, reason }
    expect(hashFailureReport(domain, report)).toBe(
      manualDigest('FailureReport(uint256 jobId,bytes32 reason)', ['uint256', 'bytes32'], [7n, reason]),
    )
    const signature = await signFailureReport({ signer: enclave, domain, report })
    expect(await recoverFailureReportSigner({ domain, report, signature })).toBe(enclave.address)
  })

  test('error: reasons that are not upper-snake codes', () => {
    for (const code of ['', 'lower', 'HAS SPACE', '_LEADING', 'A'.repeat(33), 'ÜMLAUT']) {
      expect(() => encodeFailureReason(code)).toThrowError(
        expect.objectContaining({ code: 'EIP712_INVALID_FAILURE_REASON' }),
      )
    }
    expect(() => decodeFailureReason(zeroHash)).toThrowError(
      expect.objectContaining({ code: 'EIP712_INVALID_FAILURE_REASON' }),
    )
    expect(() => decodeFailureReason(`0x41${'00'.repeat(30)}42`)).toThrowError(
      expect.objectContaining({ code: 'EIP712_INVALID_FAILURE_REASON' }),
    )
  })
})
