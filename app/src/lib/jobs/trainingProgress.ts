import type { ProviderJobState, ProviderJobStatus } from '@licen/sdk/provider-api'

/** One of the provider's steps on a job, and where it stands. */
export type ProviderStage = {
  state: ProviderJobState
  label: string
  status: 'done' | 'current' | 'pending' | 'failed'
}

/** The provider's steps in order (provider API v1 states; `Init` is before the key arrives, `Failed` ends any). */
const stages: { state: ProviderJobState; label: string }[] = [
  { state: 'SettingUp', label: 'Decrypt the dataset and load the model' },
  { state: 'Training', label: 'Train' },
  { state: 'Delivering', label: 'Encrypt and upload the adapter' },
  { state: 'Delivered', label: 'Adapter stored' },
  { state: 'Finished', label: 'Result signed' },
]

/**
 * The provider's steps for its reported state: those before it done, it current (or done when `Finished`), those
 * after it pending; a `Failed` job marks the step it failed in, found from `lastSeen` (the last state this page saw
 * before the failure; the first step when none).
 */
export function providerStages(state: ProviderJobState, lastSeen?: ProviderJobState): ProviderStage[] {
  const index = (s: ProviderJobState | undefined) => stages.findIndex((stage) => stage.state === s)
  if (state === 'Failed') {
    const at = Math.max(0, index(lastSeen))
    return stages.map((stage, i) => ({ ...stage, status: i < at ? 'done' : i === at ? 'failed' : 'pending' }))
  }
  const at = index(state)
  return stages.map((stage, i) => ({
    ...stage,
    status: i < at || state === 'Finished' ? 'done' : i === at ? 'current' : 'pending',
  }))
}

/** A step count seen at a time (unix seconds, the browser's clock). */
export type StepSample = { step: number; at: number }

/** What the progress bar shows: the share done, the time since the start and the time left. */
export type TrainingProgress = {
  /** 0..1: training steps done of all steps (0 before training, 1 once delivering). */
  fraction: number
  /** Seconds since the job started on chain, up to its settlement when settled. */
  elapsedSeconds: number | undefined
  /** Seconds left of training at the rate this page saw; `undefined` until two step counts a second apart. */
  etaSeconds: number | undefined
}

/** Parameters of {@link trainingProgress}. */
export type TrainingProgressParameters = {
  status: ProviderJobStatus
  /** The first and the latest step counts this page saw while training. */
  first: StepSample | undefined
  latest: StepSample | undefined
  /** Block time of `JobStarted`, of the settlement (if any) and of the latest block (unix seconds). */
  startedAt: number | undefined
  closedAt: number | undefined
  chainNow: number
}

/**
 * Progress of a job on its provider: steps done of all steps, elapsed time by chain time, and the time left at the
 * step rate this page measured (steps per second between the first and the latest sample).
 */
export function trainingProgress(parameters: TrainingProgressParameters): TrainingProgress {
  const { status, first, latest, startedAt, closedAt, chainNow } = parameters
  const elapsedSeconds = startedAt === undefined ? undefined : Math.max(0, (closedAt ?? chainNow) - startedAt)
  const after = ['Delivering', 'Delivered', 'Finished'].includes(status.state)
  if (status.state !== 'Training' || !status.totalSteps)
    return { fraction: after ? 1 : 0, elapsedSeconds, etaSeconds: after ? 0 : undefined }
  const step = Math.min(status.step ?? 0, status.totalSteps)
  const fraction = step / status.totalSteps
  let etaSeconds: number | undefined
  if (first && latest && latest.at - first.at >= 1 && latest.step > first.step) {
    const rate = (latest.step - first.step) / (latest.at - first.at)
    etaSeconds = Math.round((status.totalSteps - step) / rate)
  }
  return { fraction, elapsedSeconds, etaSeconds }
}
