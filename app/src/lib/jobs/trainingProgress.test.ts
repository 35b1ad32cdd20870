import { describe, expect, test } from 'vitest'
import { providerStages, trainingProgress } from './trainingProgress.js'

const statuses = (
  state: Parameters<typeof providerStages>[0],
  lastSeen?: Parameters<typeof providerStages>[1],
) => providerStages(state, lastSeen).map((stage) => `${stage.state}:${stage.status}`)

describe('providerStages', () => {
  test('default: steps before the reported one done, it current, the rest pending', () => {
    expect(statuses('Training')).toEqual([
      'SettingUp:done',
      'Training:current',
      'Delivering:pending',
      'Delivered:pending',
      'Finished:pending',
    ])
    expect(providerStages('SettingUp')[0]).toEqual({
      state: 'SettingUp',
      label: 'Decrypt the dataset and load the model',
      status: 'current',
    })
  })

  test('behavior: Init has nothing done yet; Finished has every step done', () => {
    expect(statuses('Init')).toEqual([
      'SettingUp:pending',
      'Training:pending',
      'Delivering:pending',
      'Delivered:pending',
      'Finished:pending',
    ])
    expect(statuses('Finished')).toEqual([
      'SettingUp:done',
      'Training:done',
      'Delivering:done',
      'Delivered:done',
      'Finished:done',
    ])
  })

  test('behavior: Failed marks the step last seen, or the first when none was', () => {
    expect(statuses('Failed', 'Delivering')).toEqual([
      'SettingUp:done',
      'Training:done',
      'Delivering:failed',
      'Delivered:pending',
      'Finished:pending',
    ])
    expect(statuses('Failed')[0]).toBe('SettingUp:failed')
  })
})

describe('trainingProgress', () => {
  const training = { state: 'Training' as const, epoch: 2, step: 30, totalSteps: 40, loss: 1.5 }

  test('default: share of steps, elapsed by chain time, time left at the measured rate', () => {
    expect(
      trainingProgress({
        status: training,
        first: { step: 10, at: 100 },
        latest: { step: 30, at: 110 },
        startedAt: 1_000,
        closedAt: undefined,
        chainNow: 1_045,
      }),
    ).toEqual({ fraction: 0.75, elapsedSeconds: 45, etaSeconds: 5 })
  })

  test('behavior: no ETA until two step counts at least a second apart show progress', () => {
    const base = { status: training, startedAt: 1_000, closedAt: undefined, chainNow: 1_010 }
    expect(trainingProgress({ ...base, first: undefined, latest: undefined }).etaSeconds).toBe(undefined)
    expect(
      trainingProgress({ ...base, first: { step: 30, at: 100 }, latest: { step: 30, at: 105 } }).etaSeconds,
    ).toBe(undefined)
    expect(
      trainingProgress({ ...base, first: { step: 29, at: 100 }, latest: { step: 30, at: 100.5 } }).etaSeconds,
    ).toBe(undefined)
  })

  test('behavior: before training nothing is done; once delivering all is, and a settled job stops the clock', () => {
    const times = { first: undefined, latest: undefined, startedAt: 1_000, chainNow: 2_000 }
    expect(
      trainingProgress({ ...times, status: { state: 'SettingUp', loss: undefined }, closedAt: undefined }),
    ).toEqual({
      fraction: 0,
      elapsedSeconds: 1_000,
      etaSeconds: undefined,
    })
    expect(
      trainingProgress({ ...times, status: { state: 'Finished', loss: undefined }, closedAt: 1_090 }),
    ).toEqual({
      fraction: 1,
      elapsedSeconds: 90,
      etaSeconds: 0,
    })
    expect(
      trainingProgress({
        ...times,
        status: { ...training, totalSteps: 0 },
        closedAt: undefined,
        startedAt: undefined,
      }),
    ).toEqual({ fraction: 0, elapsedSeconds: undefined, etaSeconds: undefined })
  })
})
