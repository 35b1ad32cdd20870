import type { JobRecord } from '@licen/sdk/events'
import { hexToBytes, keccak256, slice } from 'viem'
import { lower } from './rows.js'
import type { EventMeta, Rows } from './types.js'

type Job = Rows['job']

/** The part of an event's position a job row keeps. */
export type JobMeta = Pick<EventMeta, 'blockNumber' | 'timestamp' | 'txHash'>

/**
 * Decodes a failure reason (short ASCII code right-padded with zero bytes); null when it is not printable
 * ASCII, so the feed never shows arbitrary bytes as text.
 */
export function failureCodeOf(reason: `0x${string}`): string | null {
  const bytes = hexToBytes(reason)
  let end = bytes.length
  while (end > 0 && bytes[end - 1] === 0) end--
  if (end === 0) return null
  let code = ''
  for (let i = 0; i < end; i++) {
    const byte = bytes[i]!
    if (byte < 0x20 || byte > 0x7e) return null
    code += String.fromCharCode(byte)
  }
  return code
}

/** The sdk's record of a job, rebuilt from its row (the row keeps every value of the job's events). */
export function jobRecordOf(job: Job): JobRecord<JobMeta> {
  const jobId = job.id
  const { datasetRoot, requester, epochs, purposeId, royaltyPerEpoch, pricePerEpoch, policyVersion, feeBps } =
    job
  const closed = { blockNumber: job.closedBlock!, txHash: job.closedTx! }
  return {
    jobId,
    state: job.state,
    escrow: job.escrow,
    granted: {
      name: 'AccessGranted',
      args: {
        jobId,
        datasetRoot,
        requester,
        providerId: Number(job.providerId),
        epochs,
        purposeId,
        royaltyPerEpoch,
        pricePerEpoch,
        policyVersion,
        feeBps,
        deadline: Number(job.deadline),
        resultPubKey: job.resultPubKey,
      },
      meta: { blockNumber: job.grantedBlock, timestamp: job.grantedAt, txHash: job.grantedTx },
    },
    started:
      job.startedBlock === null
        ? undefined
        : {
            name: 'JobStarted',
            args: {
              jobId,
              enclaveSigner: job.enclaveSigner!,
              attestationRef: job.attestationRef!,
              policyHash: job.policyHash!,
            },
            meta: { blockNumber: job.startedBlock, timestamp: job.startedAt!, txHash: job.startedTx! },
          },
    completed:
      job.state !== 'Completed'
        ? undefined
        : {
            name: 'JobCompleted',
            args: {
              jobId,
              actualEpochs: job.actualEpochs,
              resultRoot: job.resultRoot!,
              receiptsHead: job.receiptsHead!,
              codeHash: job.codeHash!,
              ownerAmount: job.ownerAmount!,
              providerAmount: job.providerAmount!,
              feeAmount: job.feeAmount!,
              refund: job.refund!,
            },
            meta: { ...closed, timestamp: job.completedAt! },
          },
    failed:
      job.state !== 'Failed'
        ? undefined
        : {
            name: 'JobFailed',
            args: { jobId, reason: job.failureReason!, byEnclave: job.failedByEnclave!, refund: job.refund! },
            meta: { ...closed, timestamp: job.failedAt! },
          },
    reclaimed:
      job.state !== 'Reclaimed'
        ? undefined
        : {
            name: 'JobReclaimed',
            args: { jobId, caller: job.reclaimedBy!, refund: job.refund! },
            meta: { ...closed, timestamp: job.reclaimedAt! },
          },
  }
}

/** A job's row: the record's values with hex lowercase, plus the columns derived from them. */
export function jobRowOf(record: JobRecord<JobMeta>, updatedBlock: bigint): Job {
  const { granted, started, completed, failed, reclaimed } = record
  const grant = granted.args
  const closing = completed ?? failed ?? reclaimed
  const resultPubKey = lower(grant.resultPubKey)
  // A job closed without settling pays nothing but the refund.
  const payout = (amount: bigint | undefined) => amount ?? (closing === undefined ? null : 0n)
  return {
    id: record.jobId,
    datasetRoot: lower(grant.datasetRoot),
    requester: lower(grant.requester),
    providerId: BigInt(grant.providerId),
    epochs: grant.epochs,
    purposeId: grant.purposeId,
    royaltyPerEpoch: grant.royaltyPerEpoch,
    pricePerEpoch: grant.pricePerEpoch,
    policyVersion: grant.policyVersion,
    feeBps: grant.feeBps,
    deadline: BigInt(grant.deadline),
    resultPubKey,
    resultKeyTag: slice(keccak256(resultPubKey), 0, 12),
    escrow: record.escrow,
    state: record.state,
    enclaveSigner: started ? lower(started.args.enclaveSigner) : null,
    attestationRef: started ? lower(started.args.attestationRef) : null,
    policyHash: started ? lower(started.args.policyHash) : null,
    actualEpochs: completed?.args.actualEpochs ?? 0,
    resultRoot: completed ? lower(completed.args.resultRoot) : null,
    receiptsHead: completed ? lower(completed.args.receiptsHead) : null,
    codeHash: completed ? lower(completed.args.codeHash) : null,
    ownerAmount: payout(completed?.args.ownerAmount),
    providerAmount: payout(completed?.args.providerAmount),
    feeAmount: payout(completed?.args.feeAmount),
    refund: closing?.args.refund ?? null,
    failureReason: failed ? lower(failed.args.reason) : null,
    failureCode: failed ? failureCodeOf(failed.args.reason) : null,
    failedByEnclave: failed?.args.byEnclave ?? null,
    reclaimedBy: reclaimed ? lower(reclaimed.args.caller) : null,
    grantedAt: granted.meta.timestamp,
    grantedBlock: granted.meta.blockNumber,
    grantedTx: lower(granted.meta.txHash),
    startedAt: started?.meta.timestamp ?? null,
    startedBlock: started?.meta.blockNumber ?? null,
    startedTx: started ? lower(started.meta.txHash) : null,
    completedAt: completed?.meta.timestamp ?? null,
    failedAt: failed?.meta.timestamp ?? null,
    reclaimedAt: reclaimed?.meta.timestamp ?? null,
    closedBlock: closing?.meta.blockNumber ?? null,
    closedTx: closing ? lower(closing.meta.txHash) : null,
    updatedBlock,
  }
}
