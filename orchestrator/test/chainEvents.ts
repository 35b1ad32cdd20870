import { dataPolicyAbi, decodeFailureReason } from '@licen/sdk'
import type { Address, PublicClient } from 'viem'

/** A job's terminal events, decoded (a job must have exactly one). */
export type Terminal =
  | {
      name: 'JobCompleted'
      actualEpochs: number
      ownerAmount: bigint
      providerAmount: bigint
      feeAmount: bigint
      refund: bigint
    }
  | { name: 'JobFailed'; reason: string; byEnclave: boolean; refund: bigint }
  | { name: 'JobReclaimed'; refund: bigint }

/** Every terminal event of every job, grouped by job id. */
export async function terminalEvents(
  client: PublicClient,
  address: Address,
): Promise<Map<bigint, Terminal[]>> {
  const logs = await client.getContractEvents({ address, abi: dataPolicyAbi, fromBlock: 0n, strict: true })
  const byJob = new Map<bigint, Terminal[]>()
  const add = (jobId: bigint, terminal: Terminal) => byJob.set(jobId, [...(byJob.get(jobId) ?? []), terminal])
  for (const log of logs) {
    if (log.eventName === 'JobCompleted') {
      const a = log.args
      add(a.jobId, {
        name: 'JobCompleted',
        actualEpochs: a.actualEpochs,
        ownerAmount: a.ownerAmount,
        providerAmount: a.providerAmount,
        feeAmount: a.feeAmount,
        refund: a.refund,
      })
    } else if (log.eventName === 'JobFailed') {
      add(log.args.jobId, {
        name: 'JobFailed',
        reason: decodeFailureReason(log.args.reason),
        byEnclave: log.args.byEnclave,
        refund: log.args.refund,
      })
    } else if (log.eventName === 'JobReclaimed') {
      add(log.args.jobId, { name: 'JobReclaimed', refund: log.args.refund })
    }
  }
  return byJob
}
