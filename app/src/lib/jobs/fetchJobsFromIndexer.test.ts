import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { createGraphqlClient } from '../graphql/createGraphqlClient.js'
import { fetchJobsFromIndexer, maxIndexedJobs } from './fetchJobsFromIndexer.js'
import { type JobLogs, summarizeJobLogs } from './jobSummary.js'

const h = (n: number, bytes = 32) => `0x${n.toString(16).padStart(bytes * 2, '0')}` as Hex
const requester = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
const signer = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as const
const resultPubKey = `0x02${'11'.repeat(32)}` as Hex

/** A job row as the indexer serves it: hex lowercase, uint32 and wider as decimal strings. */
const row = (id: number, state: string, extra: Record<string, unknown> = {}) => ({
  id: String(id),
  datasetRoot: h(1),
  requester: requester.toLowerCase(),
  providerId: '1',
  epochs: 3,
  purposeId: 0,
  royaltyPerEpoch: '100',
  pricePerEpoch: '50',
  policyVersion: 1,
  feeBps: 250,
  deadline: '1000',
  resultPubKey,
  escrow: '450',
  state,
  enclaveSigner: null,
  attestationRef: null,
  policyHash: null,
  actualEpochs: 0,
  resultRoot: null,
  receiptsHead: null,
  codeHash: null,
  ownerAmount: null,
  providerAmount: null,
  feeAmount: null,
  refund: null,
  failureReason: null,
  failedByEnclave: null,
  reclaimedBy: null,
  grantedBlock: String(10 + id),
  startedBlock: null,
  closedBlock: null,
  ...extra,
})

const started = {
  enclaveSigner: signer.toLowerCase(),
  attestationRef: h(7),
  policyHash: h(8),
  startedBlock: '20',
}
const rows = [
  row(4, 'Granted'),
  row(3, 'Reclaimed', { refund: '450', reclaimedBy: requester.toLowerCase(), closedBlock: '32' }),
  row(2, 'Failed', { refund: '450', failureReason: h(5), failedByEnclave: false, closedBlock: '31' }),
  row(1, 'Completed', {
    ...started,
    actualEpochs: 2,
    resultRoot: h(5),
    receiptsHead: h(6),
    codeHash: h(9),
    ownerAmount: '195',
    providerAmount: '98',
    feeAmount: '7',
    refund: '150',
    closedBlock: '30',
  }),
]

/** The same four jobs as the chain's logs tell them. */
const grant = (jobId: bigint) => ({
  blockNumber: 10n + jobId,
  args: {
    jobId,
    datasetRoot: h(1),
    requester,
    providerId: 1,
    epochs: 3,
    purposeId: 0,
    royaltyPerEpoch: 100n,
    pricePerEpoch: 50n,
    policyVersion: 1,
    feeBps: 250,
    deadline: 1000,
    resultPubKey,
  },
})
const events: JobLogs = {
  granted: [grant(1n), grant(2n), grant(3n), grant(4n)],
  started: [
    { blockNumber: 20n, args: { jobId: 1n, enclaveSigner: signer, attestationRef: h(7), policyHash: h(8) } },
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
        ownerAmount: 195n,
        providerAmount: 98n,
        feeAmount: 7n,
        refund: 150n,
      },
    },
  ],
  failed: [{ blockNumber: 31n, args: { jobId: 2n, reason: h(5), byEnclave: false, refund: 450n } }],
  reclaimed: [{ blockNumber: 32n, args: { jobId: 3n, caller: requester, refund: 450n } }],
}

type Sent = { method: string; body: { query: string; variables: Record<string, unknown> } }

/** A GraphQL client whose indexer answers `pages` in turn and records what it was sent. */
function indexer(pages: unknown[], sent: Sent[] = []) {
  return createGraphqlClient('http://indexer.test/graphql', (async (_url: string, init: RequestInit) => {
    sent.push({ method: String(init.method), body: JSON.parse(String(init.body)) })
    const jobs = pages[sent.length - 1]
    return new Response(JSON.stringify({ data: { jobs } }), {
      headers: { 'content-type': 'application/json' },
    })
  }) as typeof fetch)
}

const onePage = (items: unknown[]) => ({ items, pageInfo: { hasNextPage: false, endCursor: null } })

describe('fetchJobsFromIndexer', () => {
  test('default: the same summaries as the chain logs give', async () => {
    const sent: Sent[] = []
    const jobs = await fetchJobsFromIndexer(indexer([onePage(rows)], sent), {
      requester: requester,
    })
    expect(jobs).toEqual(summarizeJobLogs(events))
    expect(sent.map((s) => [s.method, s.body.variables])).toEqual([
      ['POST', { where: { requester: requester.toLowerCase() }, after: null }],
    ])
    expect(sent[0]!.body.query.replace(/\s+/g, ' ')).toContain(
      'jobs( where: $where orderBy: "id" orderDirection: "desc" limit: 100 after: $after )',
    )
  })

  test('args: filters by dataset, by job id, or none; pages follow the cursor', async () => {
    const sent: Sent[] = []
    const pages = [
      { items: [rows[0]], pageInfo: { hasNextPage: true, endCursor: 'c1' } },
      onePage([rows[1]]),
      onePage([rows[3]]),
      onePage([]),
    ]
    const client = indexer(pages, sent)
    const byDataset = await fetchJobsFromIndexer(client, { datasetRoot: `0x${'AB'.repeat(32)}` })
    expect(byDataset.map((job) => [job.jobId, job.state])).toEqual([
      [4n, 'Granted'],
      [3n, 'Reclaimed'],
    ])
    expect((await fetchJobsFromIndexer(client, { jobId: 1n })).map((job) => job.jobId)).toEqual([1n])
    expect(await fetchJobsFromIndexer(client, {})).toEqual([])
    expect(sent.map((s) => s.body.variables)).toEqual([
      { where: { datasetRoot: `0x${'ab'.repeat(32)}` }, after: null },
      { where: { datasetRoot: `0x${'ab'.repeat(32)}` }, after: 'c1' },
      { where: { id: '1' }, after: null },
      { where: {}, after: null },
    ])
  })

  test(`behavior: stops after ${maxIndexedJobs} jobs`, async () => {
    const full = {
      items: Array.from({ length: 100 }, (_, i) => row(i + 1, 'Granted')),
      pageInfo: { hasNextPage: true, endCursor: 'more' },
    }
    const sent: Sent[] = []
    const jobs = await fetchJobsFromIndexer(indexer(Array(20).fill(full), sent), {})
    expect(jobs.length).toBe(maxIndexedJobs)
    expect(sent.length).toBe(10)
  })

  test('error: a row whose escrow is not (royalty + price) × epochs', async () => {
    await expect(
      fetchJobsFromIndexer(indexer([onePage([row(4, 'Granted', { escrow: '451' })])]), {}),
    ).rejects.toMatchObject({
      code: 'INDEXER_INVALID',
      details: 'job 4: escrow is not (royalty + price) × epochs',
    })
  })

  test('error: a state without the values it implies', async () => {
    const cases: [unknown, string][] = [
      [row(5, 'Running'), 'job 5: Running without a start'],
      [
        row(6, 'Completed', { ...started, refund: '0', closedBlock: '9' }),
        'job 6: Completed without its result or payouts',
      ],
      [row(7, 'Failed', { refund: '450' }), 'job 7: Failed without its closing'],
      [row(8, 'Reclaimed', { refund: '450', closedBlock: '9' }), 'job 8: Reclaimed without its caller'],
      [
        row(9, 'Granted', { startedBlock: '3' }),
        'job 9: started without its enclave signer, attestation or policy',
      ],
    ]
    for (const [item, details] of cases)
      await expect(fetchJobsFromIndexer(indexer([onePage([item])]), {})).rejects.toMatchObject({
        code: 'INDEXER_INVALID',
        details,
      })
  })

  test('error: malformed answer', async () => {
    await expect(
      fetchJobsFromIndexer(indexer([onePage([{ ...rows[0], requester: 'nobody' }])]), {}),
    ).rejects.toMatchObject({
      code: 'INDEXER_INVALID',
      details: 'jobs.items.0.requester: Invalid string: must match pattern /^0x[0-9a-f]{40}$/',
    })
    await expect(
      fetchJobsFromIndexer(indexer([onePage([{ ...rows[0], state: 'None' }])]), {}),
    ).rejects.toMatchObject({
      code: 'INDEXER_INVALID',
    })
  })

  test('error: unreachable', async () => {
    const client = createGraphqlClient('http://indexer.test/graphql', (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch)
    await expect(fetchJobsFromIndexer(client, {})).rejects.toMatchObject({ code: 'INDEXER_UNREACHABLE' })
  })
})
