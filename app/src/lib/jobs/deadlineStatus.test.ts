import { describe, expect, test } from 'vitest'
import { deadlineStatus } from './deadlineStatus.js'

describe('deadlineStatus', () => {
  test('default: open, by chain time', () => {
    expect(deadlineStatus({ state: 'Granted', deadline: 1000, chainTime: 940, wallTime: 941.5 })).toEqual({
      kind: 'open',
      secondsLeft: 60,
    })
  })

  test('behavior: passed by the wall clock but not on chain: waiting for a block', () => {
    expect(deadlineStatus({ state: 'Running', deadline: 1000, chainTime: 990, wallTime: 1012.7 })).toEqual({
      kind: 'awaitingBlock',
      secondsPastByClock: 12,
      secondsLeftOnChain: 10,
    })
    // At the deadline itself the contract still refuses (it needs block.timestamp > deadline).
    expect(deadlineStatus({ state: 'Granted', deadline: 1000, chainTime: 1000, wallTime: 1001 })).toEqual({
      kind: 'awaitingBlock',
      secondsPastByClock: 1,
      secondsLeftOnChain: 0,
    })
  })

  test('behavior: passed on chain, whatever the wall clock says', () => {
    expect(deadlineStatus({ state: 'Granted', deadline: 1000, chainTime: 1001, wallTime: 900 })).toEqual({
      kind: 'passed',
      secondsPast: 1,
    })
  })

  test('behavior: final or unknown jobs have no deadline', () => {
    for (const state of ['Completed', 'Failed', 'Reclaimed', 'None'] as const)
      expect(deadlineStatus({ state, deadline: 1000, chainTime: 2000, wallTime: 2000 })).toEqual({
        kind: 'closed',
      })
  })
})
