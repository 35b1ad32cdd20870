import { dataPolicyDomain, nextEpochReceipt, type SignedEpochReceipt, signEpochReceipt } from '@licen/sdk'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { parseAppConfig } from '../config/appConfig.js'
import { datasetEarnings } from '../dataset/datasetEarnings.js'
import { providerStats } from '../providers/providerStats.js'
import { type JobLogs, summarizeJobLogs } from './jobSummary.js'
import { receiptRows, receiptVerdictText } from './receiptRows.js'
import { verifyReceipts } from './verifyReceipts.js'

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const requester = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
const grant = (jobId: bigint, providerId = 1) => ({
  blockNumber: 10n + jobId,
  args: {
    jobId,
    datasetRoot: h(1),
    requester,
    providerId,
    epochs: 3,
    purposeId: 0,
    royaltyPerEpoch: 100n,
    pricePerEpoch: 50n,
    policyVersion: 1,
    feeBps: 0,
    deadline: 1000,
    resultPubKey: `0x02${'11'.repeat(32)}` as Hex,
  },
})
const events: JobLogs = {
  granted: [grant(1n), grant(2n), grant(3n, 2), grant(4n)],
  started: [
    {
      blockNumber: 20n,
      args: { jobId: 1n, enclaveSigner: requester, attestationRef: h(7), policyHash: h(8) },
    },
    {
      blockNumber: 20n,
      args: { jobId: 9n, enclaveSigner: requester, attestationRef: h(7), policyHash: h(8) },
    },
  ],
  completed: [
    {
      blockNumber: 30n,
      args: {
        jobId: 1n,
        actualEpochs: 2,
        resultRoot: h(5),
        receiptsHead: h(6),
        codeHash: h(9),
        ownerAmount: 200n,
        providerAmount: 100n,
        feeAmount: 0n,
        refund: 150n,
      },
    },
  ],
  failed: [{ blockNumber: 31n, args: { jobId: 2n, reason: h(0), byEnclave: true, refund: 450n } }],
  reclaimed: [{ blockNumber: 32n, args: { jobId: 3n, caller: requester, refund: 450n } }],
}

describe('summarizeJobLogs', () => {
  test('default', () => {
    const jobs = summarizeJobLogs(events)
    expect(jobs.map((j) => [j.jobId, j.state, j.escrow])).toEqual([
      [4n, 'Granted', 450n],
      [3n, 'Reclaimed', 450n],
      [2n, 'Failed', 450n],
      [1n, 'Completed', 450n],
    ])
    expect(jobs[3]).toMatchObject({
      started: { enclaveSigner: requester, attestationRef: h(7), policyHash: h(8), block: 20n },
      completed: { actualEpochs: 2, ownerAmount: 200n, providerAmount: 100n, refund: 150n, block: 30n },
    })
  })

  test('behavior: stats per dataset and provider', () => {
    const jobs = summarizeJobLogs(events)
    expect(datasetEarnings(jobs)).toEqual({
      royalties: 200n,
      epochsTrained: 2,
      completed: 1,
      open: 1,
      refunded: 2,
      total: 4,
    })
    expect(providerStats(jobs, 1)).toEqual({
      total: 3,
      completed: 1,
      failed: 1,
      dataFailed: 0,
      open: 1,
      completionRate: 0.5,
    })
    expect(providerStats(jobs, 2)).toEqual({
      total: 1,
      completed: 0,
      failed: 1,
      dataFailed: 0,
      open: 0,
      completionRate: 0,
    })
    expect(providerStats(jobs, 3).completionRate).toBe(undefined)
  })
})

const config = parseAppConfig({
  chain: { id: 31337, name: 'devnet', rpcUrl: 'http://127.0.0.1:8545' },
  dataPolicy: { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', deploymentBlock: 0 },
  indexerUrl: 'http://127.0.0.1:42069/graphql',
  storage: { backend: 'local', url: 'http://127.0.0.1:8790' },
  orchestratorUrl: 'http://127.0.0.1:8788',
  attestationPoliciesUrl: 'http://127.0.0.1:8790/policies',
})
const enclave = privateKeyToAccount(`0x${'42'.repeat(32)}`)
const domain = dataPolicyDomain({ chainId: 31337, verifyingContract: config.dataPolicy.address })

async function signedReceipts(jobId: bigint, losses: number[]): Promise<SignedEpochReceipt[]> {
  const out: SignedEpochReceipt[] = []
  for (const [i, loss] of losses.entries()) {
    const receipt = nextEpochReceipt({
      domain,
      previous: out.at(-1)?.receipt,
      jobId,
      samples: 200n,
      lossMicro: BigInt(Math.round(loss * 1e6)),
      adapterHash: h(100 + i),
    })
    out.push({ receipt, signature: await signEpochReceipt({ signer: enclave, domain, receipt }) })
  }
  return out
}

describe('verifyReceipts', () => {
  test('default', async () => {
    const receipts = await signedReceipts(7n, [2.98, 1.9, 1.31])
    const check = await verifyReceipts(config, 7n, enclave.address, receipts)
    expect(check).toMatchObject({
      ok: true,
      points: [
        { epoch: 1, loss: 2.98, samples: 200n },
        { epoch: 2, loss: 1.9, samples: 200n },
        { epoch: 3, loss: 1.31, samples: 200n },
      ],
    })
  })

  test('error: signed by another key', async () => {
    const receipts = await signedReceipts(7n, [2.5])
    const other = privateKeyToAccount(`0x${'43'.repeat(32)}`)
    expect(await verifyReceipts(config, 7n, other.address, receipts)).toEqual({
      ok: false,
      code: 'EIP712_BAD_SIGNATURE',
      message: 'A signed record is not signed by the job’s enclave key.',
    })
  })

  test('error: a receipt left out breaks the chain', async () => {
    const receipts = await signedReceipts(7n, [2.5, 2.0, 1.5])
    expect(await verifyReceipts(config, 7n, enclave.address, [receipts[0]!, receipts[2]!])).toEqual({
      ok: false,
      code: 'EIP712_RECEIPT_CHAIN_BROKEN',
      message: 'The training receipts do not form one unbroken chain for this job.',
    })
  })
})

describe('receiptRows', () => {
  test('default: one verified row per receipt with its epoch, samples, loss and adapter hash', async () => {
    const receipts = await signedReceipts(7n, [2.98, 1.9])
    expect(await receiptRows(config, 7n, enclave.address, receipts)).toEqual([
      { epoch: 1, samples: 200n, loss: 2.98, adapterHash: h(100), verdict: 'verified' },
      { epoch: 2, samples: 200n, loss: 1.9, adapterHash: h(101), verdict: 'verified' },
    ])
  })

  test('error: another signer, a gap in the chain and a mangled signature are named per receipt', async () => {
    const receipts = await signedReceipts(7n, [2.5, 2.0, 1.5])
    const other = privateKeyToAccount(`0x${'43'.repeat(32)}`)
    expect((await receiptRows(config, 7n, other.address, receipts)).map((r) => r.verdict)).toEqual([
      'other-signer',
      'other-signer',
      'other-signer',
    ])
    const gap = await receiptRows(config, 7n, enclave.address, [receipts[0]!, receipts[2]!])
    expect(gap.map((r) => [r.epoch, r.verdict])).toEqual([
      [1, 'verified'],
      [3, 'unlinked'],
    ])
    const mangled = { ...receipts[0]!, signature: `0x${'00'.repeat(65)}` as Hex }
    expect((await receiptRows(config, 7n, enclave.address, [mangled])).map((r) => r.verdict)).toEqual([
      'bad-signature',
    ])
    expect(receiptVerdictText.unlinked).toBe('not linked to the previous receipt')
  })
})
