import { formatIssues, jobEscrow } from '@licen/sdk'
import { z } from '@licen/sdk/validation'
import type { Client } from '@urql/core'
import { type Address, getAddress, type Hex } from 'viem'
import { AppError } from '../errors/AppError.js'
import type { JobFilter } from './fetchJobs.js'
import type { JobSummary } from './jobSummary.js'

/** Most jobs one list reads from the indexer (pages of 100). */
export const maxIndexedJobs = 1000

const query = `query Jobs($where: jobFilter, $after: String) {
  jobs(where: $where, orderBy: "id", orderDirection: "desc", limit: 100, after: $after) {
    items {
      id datasetRoot requester providerId epochs purposeId royaltyPerEpoch pricePerEpoch policyVersion feeBps
      deadline resultPubKey escrow state enclaveSigner attestationRef policyHash actualEpochs resultRoot
      receiptsHead codeHash ownerAmount providerAmount feeAmount refund failureReason failedByEnclave reclaimedBy
      grantedBlock startedBlock closedBlock
    }
    pageInfo { hasNextPage endCursor }
  }
}`

const hex = (bytes: number) =>
  z.string().check(z.regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`))) as z.ZodMiniType<Hex>
const address = z.pipe(
  hex(20),
  z.transform((value) => getAddress(value) as Address),
)
/** uint32 and wider come as decimal strings (Ponder's BigInt), uint8/uint16 as integers. */
const big = z.pipe(
  z.string().check(z.regex(/^\d{1,78}$/)),
  z.transform((value: string) => BigInt(value)),
)
const small = (max: number) => z.int().check(z.minimum(0), z.maximum(max))

const item = z.object({
  id: big,
  datasetRoot: hex(32),
  requester: address,
  providerId: big,
  epochs: small(65_535),
  purposeId: small(255),
  royaltyPerEpoch: big,
  pricePerEpoch: big,
  policyVersion: small(65_535),
  feeBps: small(10_000),
  deadline: big,
  resultPubKey: hex(33),
  escrow: big,
  state: z.enum(['Granted', 'Running', 'Completed', 'Failed', 'Reclaimed']),
  enclaveSigner: z.nullable(address),
  attestationRef: z.nullable(hex(32)),
  policyHash: z.nullable(hex(32)),
  actualEpochs: small(65_535),
  resultRoot: z.nullable(hex(32)),
  receiptsHead: z.nullable(hex(32)),
  codeHash: z.nullable(hex(32)),
  ownerAmount: z.nullable(big),
  providerAmount: z.nullable(big),
  feeAmount: z.nullable(big),
  refund: z.nullable(big),
  failureReason: z.nullable(hex(32)),
  failedByEnclave: z.nullable(z.boolean()),
  reclaimedBy: z.nullable(address),
  grantedBlock: big,
  startedBlock: z.nullable(big),
  closedBlock: z.nullable(big),
})

const page = z.object({
  jobs: z.object({
    items: z.array(item).check(z.maxLength(100)),
    pageInfo: z.object({
      hasNextPage: z.boolean(),
      endCursor: z.nullable(z.string().check(z.maxLength(1024))),
    }),
  }),
})

type IndexedJob = z.output<typeof item>

/** The indexer's `where` for a filter (hex in lowercase, ids as decimal strings). */
function where(filter: JobFilter): Record<string, string> {
  if ('requester' in filter) return { requester: filter.requester.toLowerCase() }
  if ('datasetRoot' in filter) return { datasetRoot: filter.datasetRoot.toLowerCase() }
  if ('jobId' in filter) return { id: filter.jobId.toString() }
  return {}
}

/**
 * Lists jobs from the indexer's GraphQL (POST), newest first, validated field by field and checked for
 * consistency (escrow as the contract computes it, every value its state implies), as the chain-log reader
 * returns them.
 */
export async function fetchJobsFromIndexer(client: Client, filter: JobFilter): Promise<JobSummary[]> {
  const out: JobSummary[] = []
  let after: string | null = null
  do {
    const result = await client.query(query, { where: where(filter), after }).toPromise()
    if (result.error)
      throw new AppError('The indexer did not answer.', { code: 'INDEXER_UNREACHABLE', cause: result.error })
    const parsed = page.safeParse(result.data)
    if (!parsed.success)
      throw new AppError('The indexer answered with data the app does not understand.', {
        code: 'INDEXER_INVALID',
        details: formatIssues(parsed.error, 3),
      })
    for (const job of parsed.data.jobs.items) out.push(toSummary(job))
    after = parsed.data.jobs.pageInfo.hasNextPage ? parsed.data.jobs.pageInfo.endCursor : null
  } while (after && out.length < maxIndexedJobs)
  return out
}

function invalid(job: IndexedJob, why: string): AppError {
  return new AppError('The indexer answered with data the app does not understand.', {
    code: 'INDEXER_INVALID',
    details: `job ${job.id}: ${why}`,
  })
}

/** Converts an indexed job row to the summary the pages show; throws INDEXER_INVALID on a contradiction. */
function toSummary(job: IndexedJob): JobSummary {
  if (job.providerId > 0xffff_ffffn) throw invalid(job, 'providerId out of range')
  if (job.deadline > 0xff_ffff_ffffn) throw invalid(job, 'deadline out of range')
  const escrow = jobEscrow(job)
  if (escrow !== job.escrow) throw invalid(job, 'escrow is not (royalty + price) × epochs')
  const summary: JobSummary = {
    jobId: job.id,
    datasetRoot: job.datasetRoot,
    requester: job.requester,
    providerId: Number(job.providerId),
    epochs: job.epochs,
    purposeId: job.purposeId,
    royaltyPerEpoch: job.royaltyPerEpoch,
    pricePerEpoch: job.pricePerEpoch,
    policyVersion: job.policyVersion,
    feeBps: job.feeBps,
    deadline: Number(job.deadline),
    resultPubKey: job.resultPubKey,
    grantedBlock: job.grantedBlock,
    escrow,
    state: job.state,
  }
  if (job.startedBlock !== null) {
    if (!job.enclaveSigner || !job.attestationRef || !job.policyHash)
      throw invalid(job, 'started without its enclave signer, attestation or policy')
    summary.started = {
      enclaveSigner: job.enclaveSigner,
      attestationRef: job.attestationRef,
      policyHash: job.policyHash,
      block: job.startedBlock,
    }
  } else if (job.state === 'Running' || job.state === 'Completed')
    throw invalid(job, `${job.state} without a start`)
  if (job.state === 'Granted' || job.state === 'Running') return summary
  if (job.closedBlock === null || job.refund === null) throw invalid(job, `${job.state} without its closing`)
  if (job.state === 'Completed') {
    const { resultRoot, receiptsHead, codeHash, ownerAmount, providerAmount, feeAmount } = job
    if (!resultRoot || !receiptsHead || !codeHash || ownerAmount === null || providerAmount === null)
      throw invalid(job, 'Completed without its result or payouts')
    if (feeAmount === null) throw invalid(job, 'Completed without its fee')
    summary.completed = {
      actualEpochs: job.actualEpochs,
      resultRoot,
      receiptsHead,
      codeHash,
      ownerAmount,
      providerAmount,
      feeAmount,
      refund: job.refund,
      block: job.closedBlock,
    }
  } else if (job.state === 'Failed') {
    if (!job.failureReason || job.failedByEnclave === null) throw invalid(job, 'Failed without its reason')
    summary.failed = {
      reason: job.failureReason,
      byEnclave: job.failedByEnclave,
      refund: job.refund,
      block: job.closedBlock,
    }
  } else {
    if (!job.reclaimedBy) throw invalid(job, 'Reclaimed without its caller')
    summary.reclaimed = { caller: job.reclaimedBy, refund: job.refund, block: job.closedBlock }
  }
  return summary
}
