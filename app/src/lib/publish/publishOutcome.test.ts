import { describe, expect, test } from 'vitest'
import { cancelOutcome, leaveOutcome, publishInFlight, publishSteps, stepStatus } from './publishOutcome.js'

const root = `0x${'ab'.repeat(32)}` as const
const manifest = `0x${'cd'.repeat(32)}` as const

describe('cancelOutcome', () => {
  test('default: before any upload nothing exists', () => {
    for (const phase of ['idle', 'analyzing', 'encrypting', 'committing'] as const)
      expect(cancelOutcome({ phase })).toBe('Cancelled: nothing was uploaded and nothing was registered.')
  })
  test('behavior: during the data upload', () => {
    expect(cancelOutcome({ phase: 'uploading' })).toBe(
      'Cancelled during the upload: nothing was registered. Part of the ciphertext may stay on the storage node as an upload that was not registered; no one can open it without the key, which never left this tab.',
    )
  })
  test('behavior: data uploaded, manifest not', () => {
    expect(cancelOutcome({ phase: 'uploading', datasetRoot: root })).toBe(
      `Cancelled: an upload that was not registered. The encrypted dataset (root ${root}) is in storage, but its manifest is not and nothing is registered on chain, so no one can request it or open it.`,
    )
  })
  test('behavior: both uploaded, waiting for the block or the wallet', () => {
    for (const phase of ['waiting-block', 'registering'] as const)
      expect(cancelOutcome({ phase, datasetRoot: root, manifestHash: manifest })).toBe(
        `Cancelled: an upload that was not registered. The encrypted dataset (root ${root}) and its manifest (${manifest}) are in storage, but nothing is registered on chain, so no one can request it or open it.`,
      )
  })
  test('behavior: the registration is already with the wallet', () => {
    expect(
      cancelOutcome({
        phase: 'registering',
        datasetRoot: root,
        manifestHash: manifest,
        registrationSent: true,
      }),
    ).toBe(
      'The registration is already in your wallet’s hands: if you approved it (or still do), it will be confirmed. Check the Owner page in a minute.',
    )
  })
})

describe('leaveOutcome', () => {
  test('default', () => {
    expect(leaveOutcome({ phase: 'committing' })).toBe(
      'If you leave now: nothing was uploaded and nothing was registered.',
    )
    expect(leaveOutcome({ phase: 'uploading' })).toBe(
      'If you leave now: nothing was registered. Part of the ciphertext may stay on the storage node as an upload that was not registered; no one can open it without the key, which never left this tab.',
    )
    expect(leaveOutcome({ phase: 'waiting-block', datasetRoot: root, manifestHash: manifest })).toBe(
      `If you leave now: an upload that was not registered. The encrypted dataset (root ${root}) and its manifest (${manifest}) are in storage, but nothing is registered on chain, so no one can request it or open it.`,
    )
  })
})

describe('publishInFlight', () => {
  test('default', () => {
    expect(
      (
        [
          'idle',
          'analyzing',
          'encrypting',
          'committing',
          'uploading',
          'waiting-block',
          'registering',
          'published',
        ] as const
      ).map((phase) => publishInFlight({ phase })),
    ).toEqual([false, false, true, true, true, true, true, false])
  })
})

describe('stepStatus', () => {
  test('default: the registering stage is its own step after the uploads', () => {
    expect(publishSteps.map((s) => stepStatus(s.phase, 'waiting-block'))).toEqual([
      'done',
      'done',
      'done',
      'running',
      'todo',
    ])
    expect(publishSteps.map((s) => stepStatus(s.phase, 'published'))).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
    ])
    expect(publishSteps.map((s) => stepStatus(s.phase, 'encrypting'))).toEqual([
      'running',
      'todo',
      'todo',
      'todo',
      'todo',
    ])
  })
})
