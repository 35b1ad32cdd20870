import { freePort } from '@licen/contracts'
import { FINAL_JOB_STATES, fetchProviderJob, readJobEvents, writeDataPolicy } from '@licen/sdk'
import { generateSyntheticJsonl } from '@licen/synthetic-data'
import { formatEther } from 'viem'
import { devAccount } from '../dev/accounts.js'
import type { ChildPart } from '../dev/childProcess.js'
import type { DevnetInfo } from '../dev/devnetInfo.js'
import { ensureProvider } from '../dev/ensureProvider.js'
import { startProviderProcess } from '../dev/providerProcess.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from '../dev/wallets.js'
import { DevnetError } from '../errors.js'
import {
  auditDemoJob,
  demoPolicy,
  describeReleaseKeyAudit,
  downloadAs,
  publishAs,
  requestAs,
  waitForState,
} from './actors.js'

/** Which path of the lifecycle the demo walks. */
export type DemoMode = 'complete' | 'provider' | 'reclaim'

/** The demo's final record (`pnpm demo --json` prints it as one line; amounts are wei as decimal strings). */
export type DemoResult = {
  jobId: string
  state: string
  epochs: number
  actualEpochs: number
  royaltyPaid: string
  providerPaid: string
  refund: string
  grantToRunningMs: number | null
  requestToCompletedMs: number | null
  adapterSha256: string | null
  auditOk: boolean | null
  /** The release key that opened the dataset, as the audit found it (null when no job ran to audit). */
  releaseKeyId: number | null
  releaseKeyVerified: boolean | null
}

/** One finished step: its name, how long it took and what it found. */
export type DemoStep = { name: string; ms: number; detail: string }

/** Parameters of {@link runDemo}. */
export type RunDemoParameters = {
  info: DevnetInfo
  mode: DemoMode
  /** Plaintext dataset size in bytes (whole JSONL lines, at least this many). */
  datasetBytes: number
  epochs: number
  onStep: (step: DemoStep) => void
  /** Progress while waiting (training epochs, countdowns). */
  onProgress?: ((line: string) => void) | undefined
  /** Where the demo provider node's log lines go (`--fail` modes). */
  providerLog?: ((line: string) => void) | undefined
  timeoutMs?: number | undefined
}

/** The contract's shortest session: the reclaim path waits for a deadline this far away. */
const MIN_SESSION_TTL = 60

/**
 * The headless lifecycle: publish a generated JSONL dataset (owner), request access (researcher), wait for the
 * attested start and the end, then download and verify the adapter and re-verify the job as an auditor would.
 * `provider` stops the provider mid-training (its enclave signs a failure: full refund); `reclaim` uses a
 * registered provider whose node is down, so the researcher reclaims the escrow after the deadline.
 */
export async function runDemo(parameters: RunDemoParameters): Promise<DemoResult> {
  const { info, mode, onStep } = parameters
  const progress = parameters.onProgress ?? (() => {})
  const timeoutMs = parameters.timeoutMs ?? 600_000
  const step = async <T>(name: string, run: () => Promise<T>, detail: (value: T) => string): Promise<T> => {
    const started = performance.now()
    const value = await run()
    onStep({ name, ms: Math.round(performance.now() - started), detail: detail(value) })
    return value
  }

  const jsonl = await step(
    'generate dataset',
    async () =>
      generateSyntheticJsonl({ bytes: parameters.datasetBytes, seed: Date.now() % 100_000, recipe: 'demo' }),
    (text) => `${Buffer.byteLength(text)} bytes of JSONL, ${text.split('\n').length - 1} rows`,
  )
  const policy = demoPolicy(info, mode === 'reclaim' ? { sessionTtl: MIN_SESSION_TTL } : {})
  const dataset = await step(
    'publish',
    () => publishAs({ info, role: 'owner', jsonl, name: `Demo set ${new Date().toISOString()}`, policy }),
    (d) =>
      `dataset ${d.datasetRoot} (${d.ciphertextSize} bytes encrypted, key sealed to attested release key ${d.releaseKeyId}), manifest ${d.manifestHash}, registered by ${devAccount('owner').address}`,
  )

  let providerId = info.providerId
  let demoNode: ChildPart | undefined
  const port = mode === 'complete' ? 0 : await freePort()
  try {
    if (mode !== 'complete') {
      providerId = await step(
        mode === 'provider' ? 'start demo provider' : 'offline provider',
        async () => {
          const { providerId: id } = await ensureProvider({
            rpcUrl: info.rpcUrl,
            dataPolicy: info.dataPolicy,
            fromBlock: BigInt(info.deploymentBlock),
            role: 'demoOperator',
            endpoint: `http://127.0.0.1:${port}`,
            pricePerEpoch: 1_000_000_000_000_000n,
          })
          if (mode === 'provider') {
            demoNode = await startProviderProcess({
              rpcUrl: info.rpcUrl,
              chainId: info.chainId,
              dataPolicy: info.dataPolicy,
              providerId: id,
              port,
              teeUrl: info.urls.tee,
              storageUrl: info.urls.storage,
              log: parameters.providerLog ?? (() => {}),
            })
          }
          return id
        },
        (id) =>
          mode === 'provider'
            ? `provider ${id} (operator ${devAccount('demoOperator').address}) listening on port ${port}`
            : `provider ${id} is registered at port ${port}, where nothing listens`,
      )
    }

    const job = await step(
      'request access',
      () =>
        requestAs({
          info,
          role: 'researcher',
          datasetRoot: dataset.datasetRoot,
          providerId,
          epochs: parameters.epochs,
        }),
      (j) =>
        `job ${j.jobId}: ${formatEther(j.escrow)} ETH escrowed for ${parameters.epochs} epochs with provider ${providerId}`,
    )
    const client = publicClientFor(info.rpcUrl)
    const address = info.dataPolicy
    const fromBlock = BigInt(info.deploymentBlock)

    if (mode === 'reclaim') {
      await step(
        'wait for the deadline',
        async () => {
          // Judged by chain time: the devnet's anvil produces a block every second, so the latest block passes
          // the deadline by itself and the reclaim is simulated like any other write.
          for (;;) {
            const { timestamp } = await client.getBlock({ blockTag: 'latest' })
            const left = job.deadline - Number(timestamp)
            if (left < 0) break
            if (Date.now() / 1000 > job.deadline + 30)
              throw new DevnetError(
                'the chain produced no block past the deadline 30 s after it (is anvil mining on an interval?)',
                { code: 'DEMO_UNEXPECTED' },
              )
            progress(
              `deadline in ${Math.max(0, left)} s of chain time; the job stays Granted (its provider is down)`,
            )
            await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, Math.max(250, left * 1000))))
          }
          const { job: current } = await waitForState({
            info,
            jobId: job.jobId,
            states: ['Granted', 'Running', 'Failed', 'Reclaimed', 'Completed'],
            timeoutMs: 1_000,
          })
          if (current.stateName !== 'Granted')
            throw new DevnetError(`job ${job.jobId} is ${current.stateName} before the reclaim`, {
              code: 'DEMO_UNEXPECTED',
            })
          const { receipt } = await writeDataPolicy(walletFor(info.rpcUrl, 'researcher'), {
            address,
            functionName: 'reclaim',
            args: [job.jobId],
            ...LOCAL_POLLING,
          })
          return receipt
        },
        (receipt) =>
          `deadline passed with the job still Granted; the researcher reclaimed it (tx ${receipt.transactionHash})`,
      )
      const events = await readJobEvents(client, { address, jobId: job.jobId, fromBlock })
      if (!events.reclaimed) throw new DevnetError('no JobReclaimed event', { code: 'DEMO_UNEXPECTED' })
      return {
        jobId: job.jobId.toString(),
        state: 'Reclaimed',
        epochs: parameters.epochs,
        actualEpochs: 0,
        royaltyPaid: '0',
        providerPaid: '0',
        refund: events.reclaimed.refund.toString(),
        grantToRunningMs: null,
        requestToCompletedMs: null,
        adapterSha256: null,
        auditOk: null,
        releaseKeyId: null,
        releaseKeyVerified: null,
      }
    }

    const running = await step(
      'attested start',
      () =>
        waitForState({
          info,
          jobId: job.jobId,
          states: ['Running', 'Completed', 'Failed', 'Reclaimed'],
          timeoutMs,
        }),
      ({ job: j }) =>
        `job ${job.jobId} is ${j.stateName}: enclave signer ${j.enclaveSigner}, evidence ${j.attestationRef}`,
    )
    if (running.job.stateName !== 'Running' && running.job.stateName !== 'Completed')
      throw new DevnetError(`job ${job.jobId} ended ${running.job.stateName} before training`, {
        code: 'DEMO_UNEXPECTED',
      })
    const grantToRunningMs = Math.round(running.at - job.grantedAt)

    if (mode === 'provider') {
      await step(
        'stop provider mid-training',
        async () => {
          const endpoint = `http://127.0.0.1:${port}`
          for (;;) {
            const status = await fetchProviderJob({ endpoint, jobId: job.jobId }).catch(() => undefined)
            if (status?.status.state === 'Training' && (status.status.step ?? 0) > 0) {
              progress(
                `training epoch ${status.status.epoch}, step ${status.status.step}: stopping the provider (SIGTERM)`,
              )
              break
            }
            if (status?.status.state === 'Failed' || status?.status.state === 'Finished')
              throw new DevnetError(`the provider job is ${status.status.state} before training`, {
                code: 'DEMO_UNEXPECTED',
              })
            await new Promise((resolve) => setTimeout(resolve, 100))
          }
          await demoNode?.stop()
          demoNode = undefined
        },
        () => 'the provider node shut down; its enclave key signed a failure report for the running job',
      )
    }

    const final = await step(
      mode === 'provider' ? 'failure settled' : 'training and settlement',
      async () => {
        let lastEpoch = -1
        let watching = false
        return waitForState({
          info,
          jobId: job.jobId,
          states: FINAL_JOB_STATES,
          timeoutMs,
          onPoll: () => {
            if (mode !== 'complete' || watching) return
            watching = true
            void fetchProviderJob({ endpoint: info.urls.provider, jobId: job.jobId })
              .then((status) => {
                const epoch = status.status.epoch ?? 0
                if (status.status.state === 'Training' && epoch !== lastEpoch) {
                  lastEpoch = epoch
                  progress(
                    `training epoch ${epoch}/${parameters.epochs}${status.receipts.length ? `, ${status.receipts.length} signed receipts` : ''}`,
                  )
                }
              })
              .catch(() => {})
              .finally(() => setTimeout(() => (watching = false), 1_000))
          },
        })
      },
      ({ job: j }) => `job ${job.jobId} is ${j.stateName}`,
    )
    const requestToCompletedMs =
      final.job.stateName === 'Completed' ? Math.round(final.at - job.requestedAt) : null
    const events = await readJobEvents(client, { address, jobId: job.jobId, fromBlock })

    let adapterSha256: string | null = null
    if (final.job.stateName === 'Completed') {
      const completed = events.completed!
      onStep({
        name: 'settled',
        ms: 0,
        detail: `${completed.actualEpochs}/${parameters.epochs} epochs: royalty ${formatEther(completed.ownerAmount)} ETH, provider ${formatEther(completed.providerAmount)} ETH, refund ${formatEther(completed.refund)} ETH`,
      })
      const download = await step(
        'download and verify',
        () => downloadAs({ info, role: 'researcher', jobId: job.jobId }),
        (d) =>
          `${d.files.map((f) => `${f.name} (${f.size} B)`).join(', ')}; its ${d.receipts.length} signed receipts chain to the settled head; keccak256 ${d.adapterHash} matches the last receipt`,
      )
      adapterSha256 = download.adapterSha256
    } else if (events.failed) {
      onStep({
        name: 'refunded',
        ms: 0,
        detail: `${events.failed.code ?? events.failed.reason}${events.failed.byEnclave ? ' (signed by the enclave)' : ' (marked by the orchestrator)'}: ${formatEther(events.failed.refund)} ETH back to the researcher`,
      })
    }
    const verdict = await step(
      'audit',
      () => auditDemoJob({ info, jobId: job.jobId }),
      ({ ok, attestation: v, releaseKey }) =>
        `${ok ? 'PASS' : 'FAIL'}: evidence in storage under attestationRef re-verified against policy ${v.policyHash} (${v.checks.filter((c) => c.status === 'pass').length}/${v.checks.length} checks pass); ${describeReleaseKeyAudit(releaseKey)}`,
    )
    return {
      jobId: job.jobId.toString(),
      state: final.job.stateName,
      epochs: parameters.epochs,
      actualEpochs: events.completed?.actualEpochs ?? 0,
      royaltyPaid: (events.completed?.ownerAmount ?? 0n).toString(),
      providerPaid: (events.completed?.providerAmount ?? 0n).toString(),
      refund: (
        events.completed?.refund ??
        events.failed?.refund ??
        events.reclaimed?.refund ??
        0n
      ).toString(),
      grantToRunningMs,
      requestToCompletedMs,
      adapterSha256,
      auditOk: verdict.ok,
      releaseKeyId: verdict.releaseKey.keyId ?? null,
      releaseKeyVerified: verdict.releaseKey.ok,
    }
  } finally {
    await demoNode?.stop()
  }
}
