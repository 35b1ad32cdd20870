import type { Hex } from 'viem'

/** Where one publish run stands, in order; `registering` covers the wallet request and the pending transaction. */
export type PublishPhase =
  | 'idle'
  | 'analyzing'
  | 'encrypting'
  | 'committing'
  | 'uploading'
  | 'waiting-block'
  | 'registering'
  | 'published'

/** What a publish run has put outside this tab so far: the roots of finished uploads. */
export type PublishTrace = {
  phase: PublishPhase
  /** Set once the encrypted dataset is fully uploaded. */
  datasetRoot?: Hex | undefined
  /** Set once the manifest is fully uploaded. */
  manifestHash?: Hex | undefined
  /** True once the registration was handed to the wallet (it may be mined whatever the page does). */
  registrationSent?: boolean | undefined
}

/** The steps the publish page lists beside its button, in order, with the phase that runs each. */
export const publishSteps = [
  { phase: 'encrypting', label: 'Encrypt the file in this tab' },
  { phase: 'committing', label: 'Commit to the dataset (wallet)' },
  { phase: 'uploading', label: 'Upload the ciphertext and manifest' },
  { phase: 'waiting-block', label: 'Wait for the next block' },
  { phase: 'registering', label: 'Register the dataset (wallet)' },
] as const satisfies readonly { phase: PublishPhase; label: string }[]

const order: readonly PublishPhase[] = [
  'idle',
  'analyzing',
  'encrypting',
  'committing',
  'uploading',
  'waiting-block',
  'registering',
  'published',
]

/** Whether step `step` of the list is done, running or still to come while the run is in `phase`. */
export function stepStatus(step: PublishPhase, phase: PublishPhase): 'done' | 'running' | 'todo' {
  const at = order.indexOf(phase)
  const of = order.indexOf(step)
  return of < at ? 'done' : of === at ? 'running' : 'todo'
}

/** True while leaving the page would cut a publish run short (the page then asks first). */
export function publishInFlight(trace: PublishTrace): boolean {
  return trace.phase !== 'idle' && trace.phase !== 'analyzing' && trace.phase !== 'published'
}

/**
 * Says exactly what exists once a publish run is cancelled at `trace`: nothing, or an upload that was not
 * registered (with its roots). The file itself never leaves the tab unencrypted.
 */
export function cancelOutcome(trace: PublishTrace): string {
  if (trace.registrationSent)
    return 'The registration is already in your wallet’s hands: if you approved it (or still do), it will be confirmed. Check the Owner page in a minute.'
  if (trace.datasetRoot && trace.manifestHash)
    return `Cancelled: an upload that was not registered. The encrypted dataset (root ${trace.datasetRoot}) and its manifest (${trace.manifestHash}) are in storage, but nothing is registered on chain, so no one can request it or open it.`
  if (trace.datasetRoot)
    return `Cancelled: an upload that was not registered. The encrypted dataset (root ${trace.datasetRoot}) is in storage, but its manifest is not and nothing is registered on chain, so no one can request it or open it.`
  if (trace.phase === 'uploading')
    return 'Cancelled during the upload: nothing was registered. Part of the ciphertext may stay on the storage node as an upload that was not registered; no one can open it without the key, which never left this tab.'
  return 'Cancelled: nothing was uploaded and nothing was registered.'
}

/** What the leave question says would exist if the owner left now (the cancel sentence, as a consequence). */
export function leaveOutcome(trace: PublishTrace): string {
  return cancelOutcome(trace).replace(/^Cancelled(?: during the upload)?: /, 'If you leave now: ')
}
