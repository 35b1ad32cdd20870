import type { Address, Chain, Client, Transport } from 'viem'
import { DataPolicyError } from './DataPolicyError.js'
import type { JobStateName } from './jobState.js'
import { type DataPolicyJob, readJob } from './readJob.js'

export type WaitForJobStateParameters = {
  address: Address
  jobId: bigint
  /** Resolve once the job is in any of these states. */
  states: readonly JobStateName[]
  /** Give up after this long; default 5 min. */
  timeoutMs?: number | undefined
  /** Poll interval; default 2 s. */
  pollingIntervalMs?: number | undefined
  signal?: AbortSignal | undefined
  /** Called with every job read, e.g. to show progress. */
  onPoll?: ((job: DataPolicyJob) => void) | undefined
}

/** Polls the contract until job `jobId` reaches one of `states`; `CHAIN_TIMEOUT` or `CHAIN_ABORTED` otherwise. */
export async function waitForJobState(
  client: Client<Transport, Chain | undefined>,
  parameters: WaitForJobStateParameters,
): Promise<DataPolicyJob> {
  const deadline = Date.now() + (parameters.timeoutMs ?? 300_000)
  const interval = parameters.pollingIntervalMs ?? 2_000
  for (;;) {
    if (parameters.signal?.aborted) {
      throw new DataPolicyError('Stopped waiting for the job.', {
        code: 'CHAIN_ABORTED',
        cause: parameters.signal.reason,
      })
    }
    const job = await readJob(client, parameters)
    parameters.onPoll?.(job)
    if (parameters.states.includes(job.stateName)) return job
    if (Date.now() + interval > deadline) {
      throw new DataPolicyError('The job did not reach the expected state in time.', {
        code: 'CHAIN_TIMEOUT',
        details: `job ${parameters.jobId} is ${job.stateName}, waiting for ${parameters.states.join(' or ')}`,
      })
    }
    await sleep(interval, parameters.signal)
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
