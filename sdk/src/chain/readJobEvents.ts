import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, BlockNumber, Chain, Client, Hash, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import { decodeFailureReason } from '../eip712/failureReport.js'
import type { DataPolicyEvent, DataPolicyEventArgs } from '../events/dataPolicyEvent.js'
import { type JobEvent, type JobEventName, jobEventNames } from '../events/reduceJobEvent.js'
import { reduceJobEvents } from '../events/reduceJobEvents.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'

/** Where and when an event was emitted. */
export type EventPosition = { blockNumber: bigint; transactionHash: Hash }

/** An event's arguments other than the job id, with its position. */
type Step<name extends JobEventName> = EventPosition & Omit<DataPolicyEventArgs<name>, 'jobId'>

/** Every lifecycle event of one job; the event-only values (policy hash, result root, payouts) live here. */
export type JobEvents = {
  granted: Step<'AccessGranted'> | undefined
  started: Step<'JobStarted'> | undefined
  completed: Step<'JobCompleted'> | undefined
  /** `code` is the decoded reason, or undefined when the reason is not a padded upper-snake code. */
  failed: (Step<'JobFailed'> & { code: string | undefined }) | undefined
  reclaimed: Step<'JobReclaimed'> | undefined
}

/**
 * Reads the AccessGranted, JobStarted and settlement events of `jobId` (searching from `fromBlock`, default 0)
 * and folds them with `reduceJobEvents`, so what a job's events mean is decided in one place. Nothing is
 * returned for a job whose grant lies before `fromBlock`.
 */
export async function readJobEvents(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; jobId: bigint; fromBlock?: BlockNumber | undefined },
): Promise<JobEvents> {
  const query = (eventName: JobEventName) =>
    getContractEvents(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      eventName,
      args: { jobId: parameters.jobId },
      fromBlock: parameters.fromBlock ?? 0n,
      strict: true,
    } as never) as unknown as Promise<{ args: unknown; blockNumber: bigint; transactionHash: Hash }[]>
  // Lifecycle order is chain order for one job's events.
  const logs = await Promise.all(
    jobEventNames.map(async (name) =>
      (await query(name)).map(
        ({ args, blockNumber, transactionHash }) =>
          ({ name, args, meta: { blockNumber, transactionHash } }) as JobEvent<EventPosition>,
      ),
    ),
  ).catch((error: unknown) => {
    throw decodeDataPolicyError(error)
  })
  const job = reduceJobEvents(logs.flat()).find((record) => record.jobId === parameters.jobId)
  const failed = step(job?.failed)
  return {
    granted: step(job?.granted),
    started: step(job?.started),
    completed: step(job?.completed),
    failed: failed && { ...failed, code: failureCode(failed.reason) },
    reclaimed: step(job?.reclaimed),
  }
}

/** An event as a step of `JobEvents`: its position and its arguments less the job id. */
function step<name extends JobEventName>(
  event: DataPolicyEvent<name, EventPosition> | undefined,
): Step<name> | undefined {
  if (event === undefined) return undefined
  const { jobId: _, ...args } = event.args as DataPolicyEventArgs<name> & { jobId: bigint }
  return { ...event.meta, ...args } as Step<name>
}

function failureCode(reason: Hash): string | undefined {
  try {
    return decodeFailureReason(reason)
  } catch {
    return undefined
  }
}
