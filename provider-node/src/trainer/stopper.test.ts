import { describe, expect, test } from 'vitest'
import { createStopper } from './stopper.js'

describe('createStopper', () => {
  test('default', () => {
    const stopper = createStopper(undefined, undefined)
    expect(stopper.reason()).toBeUndefined()
    expect(stopper.remainingMs()).toBe(Number.POSITIVE_INFINITY)
    stopper.dispose()
  })

  test('behavior: abort fires aborted', async () => {
    const controller = new AbortController()
    const stopper = createStopper(controller.signal, 60_000)
    expect(stopper.reason()).toBeUndefined()
    controller.abort()
    expect(await stopper.stopped).toBe('aborted')
    expect(stopper.reason()).toBe('aborted')
    stopper.dispose()
  })

  test('behavior: an already aborted signal fires at once', async () => {
    const stopper = createStopper(AbortSignal.abort(), 1)
    expect(stopper.reason()).toBe('aborted')
    expect(await stopper.stopped).toBe('aborted')
  })

  test('behavior: the budget fires time_budget, and the first reason sticks', async () => {
    const controller = new AbortController()
    const stopper = createStopper(controller.signal, 20)
    expect(await stopper.stopped).toBe('time_budget')
    controller.abort()
    expect(stopper.reason()).toBe('time_budget')
    expect(stopper.remainingMs()).toBe(0)
    stopper.dispose()
  })
})
