import {
  FINAL_JOB_STATES,
  fetchProviderJob,
  isFinalJobState,
  jobEscrow,
  readJob,
  readJobEvents,
  readProvider,
  waitForJobState,
} from '@licen/sdk'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'

/** `licen status`: a job's state on chain, its settlement, and its provider's live training status. */
export const statusCommand: Command = {
  name: 'status',
  summary: "Show a job's state, settlement and live training status (--wait until it is final)",
  usage: `licen status <jobId> ${NETWORK_USAGE} [--wait] [--timeout <seconds>] [--json]`,
  options: { ...networkOptions, wait: { type: 'boolean' }, timeout: { type: 'string' } },
  async run({ io, values, positionals }) {
    if (positionals.length !== 1 || !/^\d{1,78}$/.test(positionals[0]!))
      throw new CliError('status takes one numeric job id.', { code: 'CLI_USAGE' })
    const timeout = (values.timeout as string | undefined) ?? '600'
    if (!/^\d{1,6}$/.test(timeout)) throw new CliError('--timeout is seconds.', { code: 'CLI_USAGE' })
    const jobId = BigInt(positionals[0]!)
    const network = await readNetwork(io.cwd, values)
    const address = network.contract
    let job = await readJob(network.client, { address, jobId })
    if (job.stateName === 'None')
      throw new CliError('No such job.', { code: 'CLI_JOB_STATE', details: `job ${jobId}` })
    if (values.wait === true && !isFinalJobState(job.stateName)) {
      job = await waitForJobState(network.client, {
        address,
        jobId,
        states: FINAL_JOB_STATES,
        timeoutMs: Number(timeout) * 1000,
        pollingIntervalMs: 500,
      })
    }
    const events = await readJobEvents(network.client, { address, jobId, fromBlock: network.fromBlock })
    let training: Record<string, unknown> | undefined
    if (!isFinalJobState(job.stateName) || job.stateName === 'Completed') {
      const { endpoint } = await readProvider(network.client, { address, providerId: job.providerId })
      training = await fetchProviderJob({ endpoint, jobId }).then(
        (answer) => ({ ...answer.status, receipts: answer.receipts.length }),
        (error: { code?: string }) => ({ unavailable: error.code ?? 'PROVIDER_UNREACHABLE' }),
      )
    }
    return {
      jobId: jobId.toString(),
      state: job.stateName,
      datasetRoot: job.datasetRoot,
      requester: job.requester,
      providerId: job.providerId,
      epochs: job.epochs,
      deadline: job.deadline,
      escrow: jobEscrow(job).toString(),
      ...(events.started
        ? {
            enclaveSigner: events.started.enclaveSigner,
            attestationRef: events.started.attestationRef,
            policyHash: events.started.policyHash,
          }
        : {}),
      ...(events.completed
        ? {
            actualEpochs: events.completed.actualEpochs,
            resultRoot: events.completed.resultRoot,
            receiptsHead: events.completed.receiptsHead,
            royaltyPaid: events.completed.ownerAmount.toString(),
            providerPaid: events.completed.providerAmount.toString(),
            fee: events.completed.feeAmount.toString(),
            refund: events.completed.refund.toString(),
          }
        : {}),
      ...(events.failed
        ? {
            failure: events.failed.code ?? events.failed.reason,
            failedByEnclave: events.failed.byEnclave,
            refund: events.failed.refund.toString(),
          }
        : {}),
      ...(events.reclaimed ? { refund: events.reclaimed.refund.toString() } : {}),
      ...(training ? { training } : {}),
    }
  },
  format: (r) =>
    [
      `job ${r.jobId}: ${r.state} (${r.epochs} epochs with provider ${r.providerId}, escrow ${r.escrow} wei)`,
      r.attestationRef ? `  started     enclave ${r.enclaveSigner}, evidence ${r.attestationRef}` : undefined,
      r.resultRoot
        ? `  completed   ${r.actualEpochs} epochs, royalty ${r.royaltyPaid} wei, provider ${r.providerPaid} wei, refund ${r.refund} wei\n  result      ${r.resultRoot}`
        : undefined,
      r.failure
        ? `  failed      ${r.failure}${r.failedByEnclave ? ' (signed by the enclave)' : ''}, refund ${r.refund} wei`
        : undefined,
      r.state === 'Reclaimed' ? `  reclaimed   refund ${r.refund} wei` : undefined,
      r.training ? `  provider    ${JSON.stringify(r.training)}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
}
